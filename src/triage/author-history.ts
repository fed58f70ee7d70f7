import { sql } from 'kysely';
import type { Db } from '../adapters/store/database.ts';
import type { Mention } from '../domain/mention.ts';
import type { AuthorHistory } from './classifier.ts';

const OPEN_STATES = ['ingested', 'triaged', 'drafted', 'in_review', 'escalated', 'approved'];
const LOOK_BACK_DAYS = 30;

/** What reviewers and priority need to know about the author's earlier complaints. */
export async function loadAuthorHistory(
  db: Db,
  mention: Mention,
  now: Date,
): Promise<AuthorHistory> {
  const histories = await loadAuthorHistories(db, [mention], now);
  return histories.get(mention.id) ?? { recentComplaints: 0, openItems: 0, earlierMentionIds: [] };
}

/** The same for a batch, in one query: earlier complaints of each author in the look-back window. */
export async function loadAuthorHistories(
  db: Db,
  mentions: Mention[],
  now: Date,
): Promise<Map<string, AuthorHistory>> {
  const result = new Map<string, AuthorHistory>();
  if (mentions.length === 0) return result;
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString();
  const authorIds = [...new Set(mentions.map((m) => m.author.id))];
  // The verdict is looked up by its key for each of the authors' mentions, not
  // joined: a join plan chosen on a fresh table's statistics scans every verdict.
  const complaint = sql<
    number | null
  >`(select v.is_complaint from verdicts v where v.mention_id = mentions.id)`;
  const rows = (
    await db
      .selectFrom('mentions')
      .select([
        'mentions.id',
        'mentions.state',
        'mentions.platform',
        'mentions.author_platform_id',
        'mentions.posted_at',
        complaint.as('is_complaint'),
      ])
      .where('mentions.author_platform_id', 'in', authorIds)
      .where('mentions.posted_at', '>=', since)
      .orderBy('mentions.posted_at', 'desc')
      .execute()
  ).filter((r) => Number(r.is_complaint) === 1);
  for (const mention of mentions) {
    const earlier = rows.filter(
      (r) =>
        r.platform === mention.platform &&
        r.author_platform_id === mention.author.id &&
        r.id !== mention.id,
    );
    result.set(mention.id, {
      recentComplaints: earlier.length,
      openItems: earlier.filter((m) => OPEN_STATES.includes(m.state)).length,
      earlierMentionIds: earlier.slice(0, 50).map((m) => m.id),
    });
  }
  return result;
}
