import type { Db } from '../adapters/store/database.ts';

export type PendingReply = {
  mentionId: string;
  handle: string;
  postUrl: string | null;
  text: string;
};

/** Approved replies not yet published, oldest approval first: what a dry run would post. */
export async function listPendingReplies(db: Db, limit = 1000): Promise<PendingReply[]> {
  const rows = await db
    .selectFrom('mentions')
    .innerJoin('drafts', 'drafts.mention_id', 'mentions.id')
    .select([
      'mentions.id',
      'mentions.url',
      'mentions.author_handle',
      'drafts.text',
      'drafts.version',
    ])
    .where('mentions.state', '=', 'approved')
    .orderBy('mentions.state_changed_at')
    .orderBy('drafts.version', 'desc')
    .execute();
  const latest = new Map<string, PendingReply>();
  for (const row of rows)
    if (!latest.has(row.id))
      latest.set(row.id, {
        mentionId: row.id,
        handle: row.author_handle,
        postUrl: row.url,
        text: row.text,
      });
  return [...latest.values()].slice(0, limit);
}
