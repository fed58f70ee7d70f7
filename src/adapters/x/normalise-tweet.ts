import { z } from 'zod';
import { type Mention, mentionId } from '../../domain/mention.ts';

/** The fields of an X API v2 post the bot uses (and asks for in `TWEET_FIELDS`). */
export const tweetSchema = z.object({
  id: z.string(),
  text: z.string(),
  author_id: z.string(),
  created_at: z.string().optional(),
  conversation_id: z.string().optional(),
  lang: z.string().optional(),
  note_tweet: z.object({ text: z.string() }).optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
  entities: z
    .object({
      urls: z.array(z.object({ url: z.string(), expanded_url: z.string().optional() })).optional(),
    })
    .optional(),
});

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().default(''),
  verified: z.boolean().optional(),
  created_at: z.string().optional(),
  public_metrics: z.object({ followers_count: z.number() }).partial().optional(),
});

export const TWEET_FIELDS =
  'created_at,lang,conversation_id,referenced_tweets,entities,note_tweet,author_id';
export const USER_FIELDS = 'username,name,public_metrics,verified,created_at';

export type NormaliseContext = {
  source: string;
  /** The brand's own handles (lower case): their posts are not mentions to answer. */
  brandHandles: ReadonlySet<string>;
  /** Handles never to triage (lower case). */
  ignoredHandles: ReadonlySet<string>;
};

/**
 * One X post and its author (from `includes.users`) as a mention, or null for
 * what the bot must not answer: the brand's own posts, retweets, ignored
 * authors. Long posts use their full `note_tweet` text; t.co links are
 * expanded so reviewers and triage see where they point.
 */
export function normaliseTweet(
  raw: unknown,
  users: Map<string, z.infer<typeof userSchema>>,
  ctx: NormaliseContext,
): Mention | null {
  const parsed = tweetSchema.safeParse(raw);
  if (!parsed.success) return null;
  const t = parsed.data;
  if (t.referenced_tweets?.some((r) => r.type === 'retweeted')) return null;
  const author = users.get(t.author_id);
  const handle = author?.username ?? t.author_id;
  if (ctx.brandHandles.has(handle.toLowerCase()) || ctx.ignoredHandles.has(handle.toLowerCase()))
    return null;
  let text = t.note_tweet?.text ?? t.text;
  for (const link of t.entities?.urls ?? [])
    if (link.expanded_url) text = text.replaceAll(link.url, link.expanded_url);
  return {
    id: mentionId('x', t.id),
    platform: 'x',
    postId: t.id,
    source: ctx.source,
    text,
    lang: t.lang ?? 'und',
    postedAt: t.created_at ? new Date(t.created_at).toISOString() : new Date().toISOString(),
    url: `https://x.com/${handle}/status/${t.id}`,
    conversationId: t.conversation_id ?? t.id,
    inReplyToPostId: t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null,
    author: {
      id: t.author_id,
      handle,
      name: author?.name ?? handle,
      followers: author?.public_metrics?.followers_count ?? 0,
      verified: author?.verified ?? false,
      accountCreatedAt: author?.created_at ?? null,
    },
  };
}

/** `includes.users` as a map by id; malformed entries are skipped, not fatal. */
export function usersById(includes: unknown): Map<string, z.infer<typeof userSchema>> {
  const list = (includes as { users?: unknown[] } | undefined)?.users ?? [];
  const map = new Map<string, z.infer<typeof userSchema>>();
  for (const raw of list) {
    const user = userSchema.safeParse(raw);
    if (user.success) map.set(user.data.id, user.data);
  }
  return map;
}
