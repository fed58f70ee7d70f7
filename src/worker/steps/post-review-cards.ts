import type { Db } from '../../adapters/store/database.ts';
import type { MentionRecord } from '../../adapters/store/mention-records.ts';
import { AppError } from '../../domain/errors.ts';
import type { CardRef } from '../../review/review-channel.ts';
import { loadReviewItems } from '../../review/review-item.ts';
import { dueAt } from '../../review/service-level.ts';
import { prepareEach, type Step } from '../run-step.ts';

/**
 * drafted → in_review: exactly one card per mention. Card rows are committed
 * before posting, so a retry after a crash between "posted" and "recorded" knows
 * a card may exist and asks the channel for it instead of posting a second one.
 */
export const postReviewCards: Step = {
  name: 'review',
  from: 'drafted',
  service: (deps) => deps.review.name,
  async prepare(records, deps) {
    const now = deps.clock.now();
    const db = deps.store.db;
    const items = await loadReviewItems(
      db,
      records.map((r) => r.id),
      now,
    );
    const fresh = records.filter((r) => items.get(r.id) && !items.get(r.id)?.card);
    if (fresh.length > 0) {
      await deps.store.durably(() =>
        db
          .insertInto('cards')
          .values(
            fresh.map((r) => {
              const item = items.get(r.id);
              return {
                mention_id: r.id,
                channel: item?.verdict.route ?? deps.getConfig().review.default_channel,
                message_ref: null,
                posted_at: null,
                updated_at: now.toISOString(),
                due_at: dueAt(
                  r.postedAt,
                  item?.verdict.severity ?? '',
                  deps.getConfig(),
                ).toISOString(),
              };
            }),
          )
          .onConflict((oc) => oc.column('mention_id').doNothing())
          .execute(),
      );
    }
    const threads = await earlierCards(db, records);
    return prepareEach(records, async (record) => {
      const item = items.get(record.id);
      if (!item)
        throw new AppError(
          'not_found',
          `Mention ${record.id} has no verdict or draft; re-run triage.`,
        );
      let ref: CardRef | null = item.card?.message_ref
        ? { channel: item.card.channel, messageRef: item.card.message_ref }
        : null;
      if (!ref && item.card && deps.review.findCard) ref = await deps.review.findCard(item);
      const due = dueAt(record.postedAt, item.verdict.severity, deps.getConfig());
      const threadOf = threads.get(`${record.author.id}\u0000${record.conversationId}`);
      const posted =
        ref ??
        (await deps.review.postCard(
          item,
          due,
          threadOf && threadOf.mentionId !== record.id ? { threadOf } : undefined,
        ));
      return {
        to: 'in_review',
        rows: [
          {
            table: 'cards',
            values: {
              mention_id: record.id,
              channel: posted.channel,
              message_ref: posted.messageRef,
              posted_at: now.toISOString(),
              updated_at: now.toISOString(),
              due_at: due.toISOString(),
            },
            upsert: {
              key: 'mention_id',
              columns: ['channel', 'message_ref', 'posted_at', 'updated_at'],
            },
          },
        ],
        after: async () => {
          const waited = deps.clock.now().getTime() - new Date(record.ingestedAt).getTime();
          deps.metrics.ingestToCardSeconds.observe(Math.max(0, waited) / 1000);
        },
      };
    });
  },
};

/**
 * The first card of each author and conversation in this batch: a follow-up
 * ("still nothing?") goes into that card's thread instead of a new card.
 */
async function earlierCards(
  db: Db,
  records: MentionRecord[],
): Promise<Map<string, CardRef & { mentionId: string }>> {
  const conversations = [
    ...new Set(records.map((r) => r.conversationId).filter((c): c is string => !!c)),
  ];
  const found = new Map<string, CardRef & { mentionId: string }>();
  if (conversations.length === 0) return found;
  const rows = await db
    .selectFrom('cards')
    .innerJoin('mentions', 'mentions.id', 'cards.mention_id')
    .select([
      'cards.mention_id',
      'cards.channel',
      'cards.message_ref',
      'mentions.author_platform_id',
      'mentions.conversation_id',
    ])
    .where('mentions.conversation_id', 'in', conversations)
    .where('cards.message_ref', 'is not', null)
    .orderBy('cards.posted_at', 'asc')
    .execute();
  for (const row of rows) {
    const key = `${row.author_platform_id}\u0000${row.conversation_id}`;
    if (!found.has(key) && row.message_ref)
      found.set(key, {
        channel: row.channel,
        messageRef: row.message_ref,
        mentionId: row.mention_id,
      });
  }
  return found;
}
