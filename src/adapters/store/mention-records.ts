import type { Selectable } from 'kysely';
import type { MentionState } from '../../domain/lifecycle.ts';
import type { Author, Mention } from '../../domain/mention.ts';
import type { AuthorRow, Db, MentionRow } from './database.ts';

/** A mention as stored: the post plus where it is in the lifecycle. */
export type MentionRecord = Mention & {
  state: MentionState;
  ingestedAt: string;
  stateChangedAt: string;
  attempts: number;
  lastError: string | null;
  failedFrom: MentionState | null;
  publishStartedAt: string | null;
};

export function toMentionRecord(row: Selectable<MentionRow>, author: Author): MentionRecord {
  return {
    id: row.id,
    platform: row.platform,
    postId: row.post_id,
    source: row.source,
    text: row.text,
    lang: row.lang,
    postedAt: row.posted_at,
    url: row.url,
    conversationId: row.conversation_id,
    inReplyToPostId: row.in_reply_to_post_id,
    author,
    state: row.state as MentionState,
    ingestedAt: row.ingested_at,
    stateChangedAt: row.state_changed_at,
    attempts: row.attempts,
    lastError: row.last_error,
    failedFrom: row.failed_from as MentionState | null,
    publishStartedAt: row.publish_started_at,
  };
}

export function toAuthor(
  row: Selectable<AuthorRow> | undefined,
  fallback: { id: string; handle: string },
): Author {
  if (!row) {
    return {
      id: fallback.id,
      handle: fallback.handle,
      name: fallback.handle,
      followers: 0,
      verified: false,
      accountCreatedAt: null,
    };
  }
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    followers: row.followers,
    verified: row.verified === 1,
    accountCreatedAt: row.account_created_at,
  };
}

/** Loads full records (with authors) for mention rows, keeping their order. */
export async function withAuthors(
  db: Db,
  rows: Selectable<MentionRow>[],
): Promise<MentionRecord[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.author_platform_id))];
  const authors = await db.selectFrom('authors').selectAll().where('id', 'in', ids).execute();
  const byKey = new Map(authors.map((a) => [`${a.platform}:${a.id}`, a]));
  return rows.map((row) =>
    toMentionRecord(
      row,
      toAuthor(byKey.get(`${row.platform}:${row.author_platform_id}`), {
        id: row.author_platform_id,
        handle: row.author_handle,
      }),
    ),
  );
}

export async function findMention(db: Db, id: string): Promise<MentionRecord | null> {
  const row = await db.selectFrom('mentions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [record] = await withAuthors(db, [row]);
  return record ?? null;
}
