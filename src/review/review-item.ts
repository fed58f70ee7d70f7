import type { Selectable } from 'kysely';
import type { CardRow, Db, DecisionRow, ReplyRow } from '../adapters/store/database.ts';
import { type MentionRecord, withAuthors } from '../adapters/store/mention-records.ts';
import { toDraft, toVerdict } from '../adapters/store/verdicts-and-drafts.ts';
import type { Draft } from '../domain/draft.ts';
import type { Verdict } from '../domain/verdict.ts';
import { loadAuthorHistories } from '../triage/author-history.ts';
import { type AuthorHistory, EMPTY_HISTORY } from '../triage/classifier.ts';

/** Everything a reviewer sees on one card. */
export type ReviewItem = {
  mention: MentionRecord;
  verdict: Verdict;
  drafts: Draft[];
  /** The version a reviewer would approve (the latest). */
  draft: Draft;
  history: AuthorHistory;
  card: Selectable<CardRow> | null;
  decisions: Selectable<DecisionRow>[];
  reply: Selectable<ReplyRow> | null;
};

export async function loadReviewItem(
  db: Db,
  mentionId: string,
  now: Date,
): Promise<ReviewItem | null> {
  return (await loadReviewItems(db, [mentionId], now)).get(mentionId) ?? null;
}

/** Loads several items with one query per table (the review step posts a batch of cards). */
export async function loadReviewItems(
  db: Db,
  ids: string[],
  now: Date,
): Promise<Map<string, ReviewItem>> {
  const items = new Map<string, ReviewItem>();
  if (ids.length === 0) return items;
  const mentionRows = await db.selectFrom('mentions').selectAll().where('id', 'in', ids).execute();
  const mentions = await withAuthors(db, mentionRows);
  const [verdicts, drafts, cards, decisions, replies, histories] = await Promise.all([
    db.selectFrom('verdicts').selectAll().where('mention_id', 'in', ids).execute(),
    db.selectFrom('drafts').selectAll().where('mention_id', 'in', ids).orderBy('version').execute(),
    db.selectFrom('cards').selectAll().where('mention_id', 'in', ids).execute(),
    db
      .selectFrom('decisions')
      .selectAll()
      .where('mention_id', 'in', ids)
      .orderBy('created_at')
      .execute(),
    db.selectFrom('replies').selectAll().where('mention_id', 'in', ids).execute(),
    loadAuthorHistories(db, mentions, now),
  ]);
  const byMention = <T extends { mention_id: string }>(rows: T[]) =>
    Map.groupBy(rows, (r) => r.mention_id);
  const draftsBy = byMention(drafts);
  const decisionsBy = byMention(decisions);
  const verdictBy = new Map(verdicts.map((v) => [v.mention_id, v]));
  const cardBy = new Map(cards.map((c) => [c.mention_id, c]));
  const replyBy = new Map(replies.map((r) => [r.mention_id, r]));
  for (const mention of mentions) {
    const verdictRow = verdictBy.get(mention.id);
    const mentionDrafts = (draftsBy.get(mention.id) ?? []).map(toDraft);
    const draft = mentionDrafts.at(-1);
    if (!verdictRow || !draft) continue;
    items.set(mention.id, {
      mention,
      verdict: toVerdict(verdictRow),
      drafts: mentionDrafts,
      draft,
      history: histories.get(mention.id) ?? EMPTY_HISTORY,
      card: cardBy.get(mention.id) ?? null,
      decisions: decisionsBy.get(mention.id) ?? [],
      reply: replyBy.get(mention.id) ?? null,
    });
  }
  return items;
}
