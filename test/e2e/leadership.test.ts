import { sql } from 'kysely';
import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { createDbRunCoordinator } from '../../src/worker/db-run-coordinator.ts';
import { createLeadership, type Leadership } from '../../src/worker/leadership.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

const LEASE_MS = 5_000;

for (const kind of STORE_KINDS) {
  describe(`leadership on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store | undefined;
    const held: Leadership[] = [];
    afterEach(async () => {
      for (const l of held.splice(0)) await l.release();
      await store?.close();
    });

    it.skipIf(!available)(
      'exactly one worker leads; another takes over when it stops',
      async () => {
        store = await createTestStore(kind);
        const a = createLeadership(store, 'worker-a', LEASE_MS);
        const b = createLeadership(store, 'worker-b', LEASE_MS);
        held.push(a, b);
        const now = new Date('2026-11-20T10:00:00Z');

        expect(await a.holds(now)).toBe(true);
        expect(await b.holds(now)).toBe(false);
        expect(await a.holds(now)).toBe(true);
        await a.release();
        expect(await b.holds(now)).toBe(true);
        expect(await a.holds(now)).toBe(false);
      },
    );

    it.skipIf(!available)('a leader that dies is replaced within one lease period', async () => {
      store = await createTestStore(kind);
      const a = createLeadership(store, 'worker-a', LEASE_MS);
      const b = createLeadership(store, 'worker-b', LEASE_MS);
      held.push(a, b);
      const t0 = new Date('2026-11-20T10:00:00Z');
      expect(await a.holds(t0)).toBe(true);

      if (kind === 'postgres') {
        // The leader's connection is cut, as when its process is killed (waiting until it is gone).
        await sql`
          select pg_terminate_backend(pid, 5000) from pg_locks
          where locktype = 'advisory' and granted
            and objid::bigint = (hashtext('complaint-radar:leader:' || current_schema())::bigint & 4294967295)
        `.execute(store.db);
        expect(await b.holds(t0)).toBe(true);
      } else {
        // The leader stops renewing; its lease runs out.
        expect(await b.holds(new Date(t0.getTime() + LEASE_MS - 1))).toBe(false);
        expect(await b.holds(new Date(t0.getTime() + LEASE_MS + 1))).toBe(true);
      }
      expect(await a.holds(new Date(t0.getTime() + LEASE_MS + 2))).toBe(false);
    });

    it.skipIf(!available)('a cron slot runs on exactly one of several workers', async () => {
      store = await createTestStore(kind);
      const db = store.db;
      const now = () => new Date('2026-11-20T10:00:00Z');
      const coordinators = ['a', 'b', 'c'].map((w) => createDbRunCoordinator(db, w, now));
      const key = 'digest:2026-11-20T09:00:00.000Z';

      const answers = await Promise.all(coordinators.map((c) => c.shouldRun(key, 60_000)));
      await coordinators[answers.indexOf(true)]?.onComplete?.(key);

      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await coordinators[0]?.shouldRun('digest:2026-11-21T09:00:00.000Z', 60_000)).toBe(
        true,
      );
      const row = await db
        .selectFrom('job_runs')
        .selectAll()
        .where('job', '=', 'digest')
        .orderBy('run_key')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ run_key: '2026-11-20T09:00:00.000Z' });
      expect(row.finished_at).not.toBeNull();
    });

    it.skipIf(!available)('node-cron runs a distributed task once across workers', async () => {
      store = await createTestStore(kind);
      const db = store.db;
      let runs = 0;
      const tasks = ['a', 'b', 'c'].map((w) =>
        cron.schedule(
          '* * * * * *',
          () => {
            runs += 1;
          },
          {
            name: 'tick',
            distributed: true,
            runCoordinator: createDbRunCoordinator(db, w, () => new Date()),
          },
        ),
      );
      await new Promise((r) => setTimeout(r, 2_500));
      for (const t of tasks) await t.destroy();
      const slots = await db
        .selectFrom('job_runs')
        .select('run_key')
        .where('job', '=', 'tick')
        .execute();
      expect(slots.length).toBeGreaterThanOrEqual(2);
      expect(runs).toBe(slots.length);
    });
  });
}
