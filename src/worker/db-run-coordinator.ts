import type { RunCoordinator } from 'node-cron';
import type { Db } from '../adapters/store/database.ts';

/**
 * node-cron's run coordinator backed by the store: the first worker to record a
 * (job, scheduled slot) pair runs it; every other worker skips that slot. With
 * several workers a scheduled job runs once per slot, never twice.
 */
export function createDbRunCoordinator(db: Db, owner: string, now: () => Date): RunCoordinator {
  return {
    async shouldRun(key) {
      const [job = key, slot = ''] = splitKey(key);
      const result = await db
        .insertInto('job_runs')
        .values({ job, run_key: slot, owner, started_at: now().toISOString(), finished_at: null })
        .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async onComplete(key) {
      const [job = key, slot = ''] = splitKey(key);
      await db
        .updateTable('job_runs')
        .set({ finished_at: now().toISOString() })
        .where('job', '=', job)
        .where('run_key', '=', slot)
        .where('owner', '=', owner)
        .execute();
    },
  };
}

/** node-cron's key is `<task name>:<slot ISO time>`; the ISO time holds colons too. */
function splitKey(key: string): [string, string] {
  const at = key.search(/:\d{4}-\d{2}-\d{2}T/);
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
}
