/**
 * A post that talks to or about the brand, normalised from any source.
 * Every source (X mentions, X search, X stream, replay file) produces this shape;
 * nothing downstream knows where a mention came from except through `source`.
 */
export type Author = {
  /** The platform's stable account id (never the handle: handles change). */
  id: string;
  /** Public handle without the leading @. */
  handle: string;
  name: string;
  followers: number;
  verified: boolean;
  /** ISO-8601; null when the platform did not say. */
  accountCreatedAt: string | null;
};

export type Mention = {
  /** Our id: `${platform}:${postId}`, stable across sources, so the same post is one mention. */
  id: string;
  platform: string;
  postId: string;
  /** Which configured source saw it first, e.g. `x-mentions`, `x-search:acme`, `replay`. */
  source: string;
  text: string;
  /** BCP-47-ish language code as the platform reported it, or `und`. */
  lang: string;
  /** ISO-8601 time the post was published. */
  postedAt: string;
  url: string | null;
  conversationId: string | null;
  inReplyToPostId: string | null;
  author: Author;
};

export function mentionId(platform: string, postId: string): string {
  return `${platform}:${postId}`;
}
