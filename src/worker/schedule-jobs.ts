import cron from 'node-cron';
import type { LlmClient } from '../adapters/openai/llm-client.ts';
import { describeError } from '../domain/errors.ts';
import type { DigestPoster } from '../digest/digest-poster.ts';
import { sendDueDigests } from '../digest/send-due-digests.ts';
import { createDbRunCoordinator } from './db-run-coordinator.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** How often a worker looks for a digest missed while the bot was down. */
const CATCH_UP_CRON = '*/15 * * * *';

/**
 * The scheduled jobs, by node-cron: the daily digest at `digest.time` in the
 * brand's time zone, and a catch-up check at start and every 15 minutes. The
 * store's run coordinator lets one worker take each slot, and the digest claims
 * its day besides, so several workers send it once.
 */
export function scheduleJobs(
  deps: WorkerDeps,
  poster: DigestPoster,
  llm: LlmClient | null = null,
): { stop(): Promise<void> } {
  const config = deps.getConfig();
  const run = async () => {
    try {
      await sendDueDigests({
        db: deps.store.db,
        getConfig: deps.getConfig,
        poster,
        llm,
        log: deps.log,
        now: () => deps.clock.now(),
        owner: deps.workerId,
      });
    } catch (error) {
      deps.log.error(`digest job failed: ${describeError(error)}`);
    }
  };
  const [hh, mm] = config.digest.time.split(':');
  const options = (name: string) => ({
    name,
    timezone: config.brand.timezone,
    distributed: true,
    runCoordinator: createDbRunCoordinator(deps.store.db, deps.workerId, () => deps.clock.now()),
  });
  const tasks = [
    cron.schedule(`${Number(mm)} ${Number(hh)} * * *`, run, options('digest-daily')),
    cron.schedule(CATCH_UP_CRON, run, options('digest-catch-up')),
  ];
  void run();
  deps.log.info(
    `daily digest at ${config.digest.time} ${config.brand.timezone} to ${poster.describe()}`,
  );
  return {
    stop: async () => {
      for (const task of tasks) await task.destroy();
    },
  };
}
