import type { Mention } from '../../src/domain/mention.ts';

let counter = 0;

/** A mention with sensible defaults; override what the test is about. */
export function buildMention(
  overrides: Omit<Partial<Mention>, 'author'> & { author?: Partial<Mention['author']> } = {},
): Mention {
  counter += 1;
  const postId = overrides.postId ?? `p${Date.now()}${counter}`;
  const platform = overrides.platform ?? 'replay';
  const { author, ...rest } = overrides;
  return {
    id: `${platform}:${postId}`,
    platform,
    postId,
    source: 'test',
    text: '@acme my parcel is late, I am still waiting and there is no answer from support',
    lang: 'en',
    postedAt: '2026-11-20T10:00:00.000Z',
    url: null,
    conversationId: postId,
    inReplyToPostId: null,
    ...rest,
    author: {
      id: `a${counter}`,
      handle: `customer${counter}`,
      name: `Customer ${counter}`,
      followers: 100,
      verified: false,
      accountCreatedAt: null,
      ...author,
    },
  };
}
