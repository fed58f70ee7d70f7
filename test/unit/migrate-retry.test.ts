import { describe, expect, it } from 'vitest';
import { retryWhileOtherSchemaDropped } from '../../src/adapters/store/open-store.ts';

/** What pg reports when a schema vanishes under a catalog query. */
function schemaMissing(name: string) {
  return Object.assign(new Error(`schema "${name}" does not exist`), { code: '3F000' });
}

function migrations(...outcomes: { error?: unknown }[]) {
  let calls = 0;
  const migrate = async () => outcomes[Math.min(calls++, outcomes.length - 1)] ?? {};
  return { migrate, calls: () => calls };
}

describe('migrating while other schemas are dropped', () => {
  it('looks again when another schema vanished while the migrator listed tables', async () => {
    const run = migrations(
      { error: schemaMissing('t_other') },
      { error: schemaMissing('bench_gone') },
      {},
    );
    expect(await retryWhileOtherSchemaDropped(run.migrate, 'ours')).toEqual({});
    expect(run.calls()).toBe(3);
  });

  it('reports its own schema missing at once, and gives up after three tries', async () => {
    const own = migrations({ error: schemaMissing('ours') }, {});
    expect((await retryWhileOtherSchemaDropped(own.migrate, 'ours')).error).toBeDefined();
    expect(own.calls()).toBe(1);

    const always = migrations({ error: schemaMissing('t_other') });
    expect((await retryWhileOtherSchemaDropped(always.migrate, 'ours')).error).toBeDefined();
    expect(always.calls()).toBe(3);
  });

  it('does not retry other failures', async () => {
    const denied = migrations({
      error: Object.assign(new Error('permission denied'), { code: '42501' }),
    });
    expect((await retryWhileOtherSchemaDropped(denied.migrate, 'ours')).error).toBeDefined();
    expect(denied.calls()).toBe(1);
  });
});
