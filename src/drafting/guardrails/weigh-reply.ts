import twitterText from './twitter-text.ts';

/** X's limit, in weighted characters. */
export const MAX_REPLY_LENGTH = 280;

/**
 * The length X counts: twitter-text's v3 weighting, where every URL (a bare
 * domain like acme.com included) counts 23 and CJK characters and emoji count 2.
 */
export function weighReply(text: string): number {
  // twitter-text's URL scan grows steeply with length (a 20 kB paste took seconds);
  // a text this long is far over the limit whatever its URLs, so count code points.
  if (text.length > MAX_WEIGHED_TEXT) return [...text].length;
  return twitterText.parseTweet(text).weightedLength;
}

/** Past this many UTF-16 units a reply cannot be within 280 weighted characters in practice. */
const MAX_WEIGHED_TEXT = 2_000;
