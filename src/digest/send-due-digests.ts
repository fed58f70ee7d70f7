import type { LlmClient } from '../adapters/openai/llm-client.ts';
import type { Db } from '../adapters/store/database.ts';
import type { Config } from '../config/schema.ts';
import { describeError } from '../domain/errors.ts';
import type { Logger } from 'pino';
import { computeDigest } from './compute-digest.ts';
import type { DigestPoster } from './digest-poster.ts';
import { addDays, localDate, localMinutes } from './local-day.ts';
import { buildDigestMessage } from './build-digest-message.ts';

const JOB = 'digest';
/** A claim older than this without a finish is a worker that died mid-send. */
const STALE_MS = 15 * 60_000;
/** How many missed days a returning bot sends, oldest first. */
const CATCH_UP_DAYS = 7;

export type DigestDeps = {
  /** With a model, the digest summarises the day's themes. */
  llm?: LlmClient | null;
  db: Db;
  getConfig: () => Config;
  poster: DigestPoster;
  log: Logger;
  now: () => Date;
  owner: string;
};

/**
 * Sends every digest that is due and not yet sent: yesterday's once the local
 * time passes `digest.time`, and days missed while the bot was down (back to the
 * last one sent, at most a week). Each day is claimed in the store first, so
 * with several workers or a restart exactly one digest goes out per day; a
 * failed send is released and tried again on the next tick.
 */
export async function sendDueDigests(deps: DigestDeps): Promise<string[]> {
  const config = deps.getConfig();
  if (!config.digest.enabled) return [];
  const now = deps.now();
  const zone = config.brand.timezone;
  const [hh, mm] = config.digest.time.split(':').map(Number) as [number, number];
  const today = localDate(now, zone);
  const latestDue =
    localMinutes(now, zone) >= hh * 60 + mm ? addDays(today, -1) : addDays(today, -2);
  const sent = await deps.db
    .selectFrom('job_runs')
    .select(['run_key', 'finished_at', 'started_at'])
    .where('job', '=', JOB)
    .execute();
  const done = new Set(sent.filter((r) => r.finished_at).map((r) => r.run_key));
  const lastSent = [...done].sort().at(-1);
  const earliest = addDays(latestDue, -(CATCH_UP_DAYS - 1));
  const days: string[] = [];
  if (!lastSent) {
    // A new install starts with the first digest due, not with a backlog of old days.
    if (latestDue === addDays(today, -1)) days.push(latestDue);
  } else {
    const next = addDays(lastSent, 1);
    for (let day = next > earliest ? next : earliest; day <= latestDue; day = addDays(day, 1))
      days.push(day);
  }
  const posted: string[] = [];
  for (const day of days.slice(-CATCH_UP_DAYS)) {
    if (done.has(day)) continue;
    if (!(await claim(deps, day, now))) continue;
    try {
      const digest = await computeDigest(deps.db, config, day, now, deps.llm ?? null);
      const where = await deps.poster.post(await buildDigestMessage(digest, config));
      await deps.db
        .updateTable('job_runs')
        .set({ finished_at: deps.now().toISOString() })
        .where('job', '=', JOB)
        .where('run_key', '=', day)
        .execute();
      deps.log.info({ day, to: where }, 'daily digest sent');
      posted.push(day);
    } catch (error) {
      await deps.db
        .deleteFrom('job_runs')
        .where('job', '=', JOB)
        .where('run_key', '=', day)
        .where('owner', '=', deps.owner)
        .execute();
      deps.log.error({ day }, `daily digest not sent, will retry: ${describeError(error)}`);
      break;
    }
  }
  return posted;
}

async function claim(deps: DigestDeps, day: string, now: Date): Promise<boolean> {
  await deps.db
    .deleteFrom('job_runs')
    .where('job', '=', JOB)
    .where('run_key', '=', day)
    .where('finished_at', 'is', null)
    .where('started_at', '<', new Date(now.getTime() - STALE_MS).toISOString())
    .execute();
  const result = await deps.db
    .insertInto('job_runs')
    .values({
      job: JOB,
      run_key: day,
      owner: deps.owner,
      started_at: now.toISOString(),
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}
