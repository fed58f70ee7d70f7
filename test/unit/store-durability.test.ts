import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateStore, openStore, type Store } from '../../src/adapters/store/open-store.ts';

describe('durable writes on the embedded store', () => {
  let store: Store | undefined;
  let dir = '';
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const syncLevel = async (s: Store) =>
    Number(
      Object.values(
        (await sql<Record<string, number>>`PRAGMA synchronous`.execute(s.db)).rows[0] ?? {},
      )[0],
    );

  it('syncs fully only around writes that precede an outside call, also when they overlap', async () => {
    dir = mkdtempSync(join(tmpdir(), 'complaint-radar-durable-'));
    const opened = openStore({ sqlitePath: join(dir, 'bot.db') });
    store = opened;
    await migrateStore(opened);
    const NORMAL = 1;
    const FULL = 2;
    expect(await syncLevel(opened)).toBe(NORMAL);

    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = opened.durably(async () => {
      await held;
      return syncLevel(opened);
    });
    const second = await opened.durably(() => syncLevel(opened));
    expect(second).toBe(FULL);
    // The first write is still running: the level must not drop under it.
    expect(await syncLevel(opened)).toBe(FULL);
    release();
    expect(await first).toBe(FULL);
    expect(await syncLevel(opened)).toBe(NORMAL);

    await expect(
      opened.durably(async () => {
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    expect(await syncLevel(opened)).toBe(NORMAL);
  });
});
