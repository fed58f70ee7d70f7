import type { Db } from '../adapters/store/database.ts';
import { deleteSetting, readSetting, writeSetting } from '../adapters/store/settings.ts';
import type { WorkerDeps } from '../worker/worker-deps.ts';

const PAUSE_KEY = 'publishing.paused';

export type Pause = { by: string; at: string; reason: string | null };

/** Stops publishing on every worker sharing this store, at once; triage and review go on. */
export function pausePublishing(db: Db, pause: Pause, now: Date): Promise<void> {
  return writeSetting(db, PAUSE_KEY, pause, now);
}

export function resumePublishing(db: Db): Promise<boolean> {
  return deleteSetting(db, PAUSE_KEY);
}

export function readPause(db: Db): Promise<Pause | null> {
  return readSetting<Pause>(db, PAUSE_KEY);
}

export type Allowance = { allowed: number; reason: string | null };

/**
 * How many replies may be published right now, and if none, why: the kill
 * switch (store or config), a dry run, or the hourly cap. The one place these
 * safety switches are decided.
 */
export async function publishAllowance(deps: WorkerDeps): Promise<Allowance> {
  const config = deps.getConfig().publishing;
  if (deps.dryRun) return { allowed: 0, reason: 'dry run: nothing is published' };
  if (config.paused) return { allowed: 0, reason: 'paused in config (publishing.paused)' };
  const pause = await readPause(deps.store.db);
  if (pause)
    return {
      allowed: 0,
      reason: `paused by ${pause.by} at ${pause.at}${pause.reason ? ` (${pause.reason})` : ''}`,
    };
  const since = new Date(deps.clock.now().getTime() - 3_600_000).toISOString();
  const row = await deps.store.db
    .selectFrom('replies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('published_at', '>=', since)
    .executeTakeFirstOrThrow();
  const left = config.max_replies_per_hour - Number(row.n);
  if (left <= 0)
    return {
      allowed: 0,
      reason: `hourly cap reached (${config.max_replies_per_hour} replies in the last hour)`,
    };
  return { allowed: left, reason: null };
}
