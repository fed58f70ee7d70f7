import type { Insertable } from 'kysely';
import type { Mention } from '../../domain/mention.ts';
import { sanitizeText } from '../../domain/sanitize-text.ts';
import type { AuthorRow, Db, MentionRow } from './database.ts';

/** Both engines cap bound parameters per statement; stay well under SQLite's 32,766. */
const MAX_PARAMETERS = 30_000;

/**
 * Stores new mentions and the source cursor that produced them in one
 * transaction: a crash re-reads the page instead of skipping it, and the unique
 * post key makes the re-read a no-op. One statement per table (and chunk), so a
 * page of 100 costs three round trips, not two hundred. Returns the ids that were new.
 */
export async function ingestMentions(
  db: Db,
  input: { mentions: Mention[]; sourceKey: string; cursor: string | null; now: Date },
): Promise<string[]> {
  const now = input.now.toISOString();
  const mentions = dedupe(input.mentions, (m) => m.id);
  return db.transaction().execute(async (trx) => {
    // Authors keep their latest public profile; sorted so concurrent ingests lock in one order.
    const authors = dedupe(mentions, (m) => `${m.platform}\u0000${m.author.id}`)
      .map((m) => authorValues(m, now))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const chunk of chunks(authors)) {
      await trx
        .insertInto('authors')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['platform', 'id']).doUpdateSet((eb) => ({
            handle: eb.ref('excluded.handle'),
            name: eb.ref('excluded.name'),
            followers: eb.ref('excluded.followers'),
            verified: eb.ref('excluded.verified'),
            last_seen_at: eb.ref('excluded.last_seen_at'),
          })),
        )
        .execute();
    }
    const inserted: string[] = [];
    for (const chunk of chunks(mentions.map((m) => mentionValues(m, now)))) {
      const rows = await trx
        .insertInto('mentions')
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      for (const row of rows) inserted.push(row.id);
    }
    if (input.cursor !== null) {
      await trx
        .insertInto('cursors')
        .values({ source_key: input.sourceKey, value: input.cursor, updated_at: now })
        .onConflict((oc) =>
          oc.column('source_key').doUpdateSet({ value: input.cursor as string, updated_at: now }),
        )
        .execute();
    }
    return inserted;
  });
}

function mentionValues(mention: Mention, now: string): Insertable<MentionRow> {
  return {
    id: mention.id,
    platform: mention.platform,
    post_id: mention.postId,
    source: mention.source,
    text: sanitizeText(mention.text),
    lang: mention.lang,
    posted_at: mention.postedAt,
    url: mention.url,
    conversation_id: mention.conversationId,
    in_reply_to_post_id: mention.inReplyToPostId,
    author_platform_id: mention.author.id,
    author_handle: sanitizeText(mention.author.handle),
    ingested_at: now,
    state: 'ingested',
    state_changed_at: now,
    attempts: 0,
  };
}

function authorValues(mention: Mention, now: string): Insertable<AuthorRow> {
  const a = mention.author;
  return {
    platform: mention.platform,
    id: a.id,
    handle: sanitizeText(a.handle),
    name: sanitizeText(a.name),
    followers: a.followers,
    verified: a.verified ? 1 : 0,
    account_created_at: a.accountCreatedAt,
    first_seen_at: now,
    last_seen_at: now,
  };
}

/** Keeps the last item per key: a later copy of a post or profile is the fresher one. */
function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

function* chunks<T extends object>(rows: T[]): Generator<T[]> {
  const width = rows[0] ? Object.keys(rows[0]).length : 1;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / width));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export async function readCursor(db: Db, sourceKey: string): Promise<string | null> {
  const row = await db
    .selectFrom('cursors')
    .select('value')
    .where('source_key', '=', sourceKey)
    .executeTakeFirst();
  return row?.value ?? null;
}
