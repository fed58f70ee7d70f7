import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createConfigHolder } from '../../src/config/config-holder.ts';

describe('the configuration while the bot runs', () => {
  it('picks up a valid change and refuses an invalid one, keeping the last good config and saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-config-'));
    const defaults = join(dir, 'default.yaml');
    const local = join(dir, 'local.yaml');
    copyFileSync('config/default.yaml', defaults);
    writeFileSync(local, 'worker:\n  batch_size: 10\n');
    const logged: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
    const holder = createConfigHolder([defaults, local]);
    holder.watch(log);

    writeFileSync(local, 'worker:\n  batch_size: 25\n');
    await until(() => holder.get().worker.batch_size === 25);
    writeFileSync(local, 'worker:\n  batch_size: many\n');
    await until(() => logged.some((l) => l.includes('refused')));
    holder.close();

    expect(holder.get().worker.batch_size).toBe(25);
    expect(logged.join('\n')).toContain('local.yaml:2:3  worker.batch_size');
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the config to reload');
    await new Promise((r) => setTimeout(r, 25));
  }
}
