import type { Mention } from '../../domain/mention.ts';
import type { Db } from './database.ts';

/**
 * Stores new mentions and the source cursor that produced them in one
 * transaction: a crash re-reads the page instead of skipping it, and the unique
 * post key makes the re-read a no-op. Returns the ids that were new.
 */
export async function ingestMentions(
  db: Db,
  input: { mentions: Mention[]; sourceKey: string; cursor: string | null; now: Date },
): Promise<string[]> {
  const now = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const inserted: string[] = [];
    for (const mention of dedupe(input.mentions)) {
      await upsertAuthor(trx, mention, now);
      const result = await trx
        .insertInto('mentions')
        .values({
          id: mention.id,
          platform: mention.platform,
          post_id: mention.postId,
          source: mention.source,
          text: mention.text,
          lang: mention.lang,
          posted_at: mention.postedAt,
          url: mention.url,
          conversation_id: mention.conversationId,
          in_reply_to_post_id: mention.inReplyToPostId,
          author_platform_id: mention.author.id,
          author_handle: mention.author.handle,
          ingested_at: now,
          state: 'ingested',
          state_changed_at: now,
          attempts: 0,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) inserted.push(mention.id);
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

function dedupe(mentions: Mention[]): Mention[] {
  return [...new Map(mentions.map((m) => [m.id, m])).values()];
}

/** Authors keep their latest public profile (handle, followers) for reach and the card. */
async function upsertAuthor(trx: Db, mention: Mention, now: string): Promise<void> {
  const a = mention.author;
  await trx
    .insertInto('authors')
    .values({
      platform: mention.platform,
      id: a.id,
      handle: a.handle,
      name: a.name,
      followers: a.followers,
      verified: a.verified ? 1 : 0,
      account_created_at: a.accountCreatedAt,
      first_seen_at: now,
      last_seen_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['platform', 'id']).doUpdateSet({
        handle: a.handle,
        name: a.name,
        followers: a.followers,
        verified: a.verified ? 1 : 0,
        last_seen_at: now,
      }),
    )
    .execute();
}

export async function readCursor(db: Db, sourceKey: string): Promise<string | null> {
  const row = await db
    .selectFrom('cursors')
    .select('value')
    .where('source_key', '=', sourceKey)
    .executeTakeFirst();
  return row?.value ?? null;
}
