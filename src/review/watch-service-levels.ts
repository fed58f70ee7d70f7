import { describeError } from '../domain/errors.ts';
import type { WorkerDeps } from '../worker/worker-deps.ts';
import { ago } from './render-card-text.ts';

/** Cards looked at per pass; the rest are seen on the next tick. */
const PER_PASS = 200;

/**
 * Nothing waits unseen: a card gets one reminder in its thread once
 * `review.reminder_at` of its service level has passed, and one escalation
 * (thread, escalation channel, on-call group) when the level is breached. Each
 * is claimed in the store before it is posted, so with several workers or a
 * restart it is sent exactly once; a failed post is released and tried again.
 */
export async function watchServiceLevels(
  deps: Pick<WorkerDeps, 'store' | 'review' | 'getConfig' | 'clock' | 'log'>,
): Promise<{ reminded: number; breached: number }> {
  const done = { reminded: 0, breached: 0 };
  const post = deps.review.postInThread?.bind(deps.review);
  if (!post) return done;
  const config = deps.getConfig().review;
  const now = deps.clock.now();
  const longest = Math.max(...Object.values(config.service_levels), 0);
  const horizon = new Date(
    now.getTime() + longest * (1 - config.reminder_at) * 60_000,
  ).toISOString();
  const db = deps.store.db;
  const cards = await db
    .selectFrom('cards')
    .innerJoin('mentions', 'mentions.id', 'cards.mention_id')
    .select([
      'cards.mention_id',
      'cards.channel',
      'cards.message_ref',
      'cards.due_at',
      'cards.reminded_at',
      'cards.breached_at',
      'mentions.posted_at',
    ])
    .where('mentions.state', 'in', ['in_review', 'escalated'])
    .where('cards.message_ref', 'is not', null)
    .where('cards.breached_at', 'is', null)
    .where('cards.due_at', '<=', horizon)
    .orderBy('cards.due_at')
    .limit(PER_PASS)
    .execute();

  for (const card of cards) {
    const ref = { channel: card.channel, messageRef: card.message_ref as string };
    const due = Date.parse(card.due_at);
    const posted = Date.parse(card.posted_at);
    const remindAt = posted + (due - posted) * config.reminder_at;
    const column =
      now.getTime() >= due
        ? 'breached_at'
        : now.getTime() >= remindAt && !card.reminded_at
          ? 'reminded_at'
          : null;
    if (!column) continue;
    const claimed = await deps.store.durably(() =>
      db
        .updateTable('cards')
        .set({ [column]: now.toISOString() })
        .where('mention_id', '=', card.mention_id)
        .where(column, 'is', null)
        .executeTakeFirst(),
    );
    if (Number(claimed.numUpdatedRows) !== 1) continue; // another worker has it
    const text =
      column === 'reminded_at'
        ? `⏳ Reminder: this item is due in ${Math.max(1, Math.round((due - now.getTime()) / 60_000))} min (posted ${ago(card.posted_at, now)} ago) and is still waiting for a decision.`
        : `🚨 Service level breached: posted ${ago(card.posted_at, now)} ago, due ${ago(card.due_at, now)} ago, and still waiting.${config.oncall_group ? ` <!subteam^${config.oncall_group}>` : ''} Please take it now.`;
    try {
      await post(
        ref,
        text,
        column === 'breached_at' ? { alsoTo: config.escalation_channel } : undefined,
      );
      if (column === 'reminded_at') done.reminded++;
      else done.breached++;
    } catch (error) {
      await db
        .updateTable('cards')
        .set({ [column]: null })
        .where('mention_id', '=', card.mention_id)
        .execute();
      deps.log.warn(
        { mention: card.mention_id },
        `service-level ${column === 'reminded_at' ? 'reminder' : 'escalation'} not posted, will retry: ${describeError(error)}`,
      );
    }
  }
  if (done.reminded || done.breached) deps.log.info(done, 'service levels watched');
  return done;
}
