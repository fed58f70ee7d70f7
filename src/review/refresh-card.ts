import { describeError } from '../domain/errors.ts';
import type { WorkerDeps } from '../worker/worker-deps.ts';
import { loadReviewItem } from './review-item.ts';

/**
 * Re-renders a mention's card after a change (decision, new draft, publication).
 * A failure here never undoes the change: the card catches up on the next refresh.
 */
export async function refreshCard(
  deps: Pick<WorkerDeps, 'store' | 'review' | 'clock' | 'log'>,
  mentionId: string,
): Promise<void> {
  const item = await loadReviewItem(deps.store.db, mentionId, deps.clock.now());
  if (!item?.card?.message_ref) return;
  try {
    await deps.review.updateCard(item, {
      channel: item.card.channel,
      messageRef: item.card.message_ref,
    });
  } catch (error) {
    deps.log.warn(
      { mention: mentionId },
      `could not update the review card: ${describeError(error)}`,
    );
  }
}
