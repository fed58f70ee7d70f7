import type { MentionRecord } from '../../adapters/store/mention-records.ts';
import { latestDraft } from '../../adapters/store/verdicts-and-drafts.ts';
import { AppError } from '../../domain/errors.ts';
import { publishAllowance, readPause } from '../../publishing/publish-gate.ts';
import type { PublishedReply } from '../../publishing/reply-publisher.ts';
import { refreshCard } from '../../review/refresh-card.ts';
import { type Outcome, prepareEach, type Step } from '../run-step.ts';
import type { WorkerDeps } from '../worker-deps.ts';

/**
 * approved → published, exactly once. Before the first send the step records
 * that a send is starting; any later attempt first asks the publisher whether
 * the reply already went out (a crash between send and record), and only sends
 * when it did not.
 */
export const publishReplies: Step = {
  name: 'publish',
  from: 'approved',
  service: (deps) => deps.publisher.name,
  limit: async (deps) => (await publishAllowance(deps)).allowed,
  prepare: (records, deps) => prepareEach(records, (record) => ensureReplyPublished(record, deps)),
};

async function ensureReplyPublished(record: MentionRecord, deps: WorkerDeps): Promise<Outcome> {
  const db = deps.store.db;
  const draft = await latestDraft(db, record.id);
  if (!draft) throw new AppError('not_found', `Mention ${record.id} was approved without a draft.`);
  const recorded = await db
    .selectFrom('replies')
    .selectAll()
    .where('mention_id', '=', record.id)
    .executeTakeFirst();

  let reply: PublishedReply | null = recorded
    ? { replyPostId: recorded.reply_post_id, url: recorded.url, publishedAt: recorded.published_at }
    : null;
  if (!reply && record.publishStartedAt)
    reply = await deps.publisher.findExisting(record, draft.text);
  if (!reply) {
    // A pause must stop sends at once, also for a batch claimed just before it.
    const pause = await readPause(db);
    if (pause)
      throw new AppError('paused', `Publishing was paused by ${pause.by}; this reply waits.`, {
        retryAfter: new Date(deps.clock.now().getTime() + 60_000),
      });
    await deps.store.durably(() =>
      db
        .updateTable('mentions')
        .set({ publish_started_at: deps.clock.now().toISOString() })
        .where('id', '=', record.id)
        .where('lease_owner', '=', deps.workerId)
        .execute(),
    );
    reply = await deps.publisher.publish(record, draft.text);
    deps.log.info(
      { mention: record.id, reply: reply.replyPostId, publisher: deps.publisher.name },
      'reply published',
    );
  }
  const published = reply;
  return {
    to: 'published',
    rows: recorded
      ? []
      : [
          {
            table: 'replies',
            values: {
              mention_id: record.id,
              draft_id: draft.id,
              text: draft.text,
              reply_post_id: published.replyPostId,
              url: published.url,
              publisher: deps.publisher.name,
              published_at: published.publishedAt,
            },
          },
        ],
    after: () => refreshCard(deps, record.id),
  };
}
