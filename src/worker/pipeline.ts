import type { Step, StepResult } from './run-step.ts';
import { runStep } from './run-step.ts';
import { draftReplies } from './steps/draft-replies.ts';
import { postReviewCards } from './steps/post-review-cards.ts';
import { publishReplies } from './steps/publish-replies.ts';
import { triageMentions } from './steps/triage-mentions.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** The lifecycle's automatic steps, in order. Review decisions are a person's. */
export const PIPELINE: readonly Step[] = [
  triageMentions,
  draftReplies,
  postReviewCards,
  publishReplies,
];

export type DrainResult = Record<string, StepResult>;

/**
 * Runs every step until none finds work (or only retries wait), so one call
 * carries everything ingested so far as far as it can go without a person.
 * `feed` runs before each round and may ingest more (a burst read page by page).
 */
export async function drainPipeline(
  deps: WorkerDeps,
  shouldStop: () => boolean = () => false,
  feed: () => Promise<boolean> = async () => false,
): Promise<DrainResult> {
  const totals: DrainResult = Object.fromEntries(
    PIPELINE.map((s) => [s.name, { claimed: 0, done: 0, retried: 0, failed: 0 }]),
  );
  for (;;) {
    if (shouldStop()) return totals;
    let progressed = await feed();
    for (const step of PIPELINE) {
      if (shouldStop()) return totals;
      const result = await runStep(step, deps);
      const total = totals[step.name];
      if (total)
        for (const key of ['claimed', 'done', 'retried', 'failed'] as const)
          total[key] += result[key];
      if (result.claimed > 0) progressed = true;
    }
    if (!progressed) return totals;
  }
}
