import cron, { type ScheduledTask } from 'node-cron';
import { releaseLeases } from '../adapters/store/claim-mentions.ts';
import { describeError } from '../domain/errors.ts';
import { listPendingReplies } from '../publishing/pending-replies.ts';
import { type Leadership, soleLeader } from './leadership.ts';
import { drainPipeline } from './pipeline.ts';
import { createSourceFeeder } from './source-feeder.ts';
import { createStreamRunner } from './stream-runner.ts';
import { watchServiceLevels } from '../review/watch-service-levels.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** Pause between cycles while work keeps coming (just enough to let others commit). */
const BUSY_PAUSE_MS = 20;
/**
 * How long after its last work a worker keeps looking at the busy pace: in a
 * burst, another worker feeds the states this one drains, and a round that
 * found nothing must not put it to sleep for a whole tick.
 */
const LINGER_MS = 2_000;

export type RunningWorker = {
  /** Finishes the step in flight, gives back leases, and resolves when idle. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended. */
  done: Promise<void>;
};

/**
 * The long-running loop: poll sources on `worker.poll_schedule` (node-cron), and every
 * `tick_seconds` carry waiting mentions through the pipeline. Stopping waits
 * for the item in hand, so nothing is left half-done.
 */
export function startWorker(deps: WorkerDeps, leadership: Leadership = soleLeader): RunningWorker {
  let stopping = false;
  let leading = false;
  let wake: (() => void) | undefined;
  let pollDue = true;
  let schedule: { expression: string; task: ScheduledTask } | null = null;
  // node-cron marks a poll as due; the loop does it when this worker leads.
  const followSchedule = (expression: string) => {
    if (schedule?.expression === expression) return;
    void schedule?.task.destroy();
    const task = cron.schedule(expression, () => {
      pollDue = true;
      wake?.();
    });
    schedule = { expression, task };
  };
  let busy = false;
  let lastWorkAt = 0;
  let emptyRounds = 0;
  const shownInDryRun = new Set<string>();
  const feeder = createSourceFeeder(deps);
  const streams = createStreamRunner(deps);

  const loop = async () => {
    while (!stopping) {
      const config = deps.getConfig();
      try {
        const leads = await leadership.holds(deps.clock.now());
        if (leads !== leading) {
          leading = leads;
          deps.log.info(
            leads
              ? 'this worker now leads: it polls the sources'
              : 'another worker leads: this one only carries mentions through the pipeline',
          );
        }
        await streams.follow(leads);
        followSchedule(config.worker.poll_schedule);
        if (leads && pollDue) {
          pollDue = false;
          await feeder.poll();
        }
        const drained = await drainPipeline(
          deps,
          () => stopping,
          () => (leads ? feeder.feed() : Promise.resolve(false)),
        );
        // While a burst is on, look again at once: other workers are still feeding
        // the states this one works on. Idle, wait a tick.
        const worked = Object.values(drained).some((step) => step.claimed > 0);
        if (worked) lastWorkAt = Date.now();
        // A leader with a burst still at the source feeds at the busy pace, found work or not.
        emptyRounds = worked || (leads && feeder.behind) ? 0 : emptyRounds + 1;
        busy = (leads && feeder.behind) || Date.now() - lastWorkAt < LINGER_MS;
        if (leads) await watchServiceLevels(deps);
        if (deps.dryRun) await logDryRun(deps, shownInDryRun);
      } catch (error) {
        deps.log.error(`worker cycle failed, retrying next tick: ${describeError(error)}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        const tick = config.worker.tick_seconds * 1000;
        // Busy, rounds that find nothing back off (20, 40, 80 ms…) so idle polling stays cheap.
        setTimeout(resolve, busy ? Math.min(tick, BUSY_PAUSE_MS * 2 ** emptyRounds) : tick);
      });
    }
    await schedule?.task.destroy();
    await streams.stop();
    await leadership.release();
    const released = await releaseLeases(deps.store.db, deps.workerId);
    if (released > 0) deps.log.info({ released }, 'released leases');
  };
  const done = loop();
  return {
    done,
    stop: async () => {
      stopping = true;
      wake?.();
      await done;
    },
  };
}

/** In a dry run, each approved reply is logged once, as it would have been posted. */
async function logDryRun(deps: WorkerDeps, shown: Set<string>): Promise<void> {
  for (const reply of await listPendingReplies(deps.store.db)) {
    if (shown.has(reply.mentionId)) continue;
    shown.add(reply.mentionId);
    deps.log.info(
      { mention: reply.mentionId, to: reply.handle },
      `dry run: would reply ${JSON.stringify(reply.text)}`,
    );
  }
}
