import twitterText from 'twitter-text';

/** X's limit, in weighted characters. */
export const MAX_REPLY_LENGTH = 280;

/**
 * The length X counts: twitter-text's v3 weighting, where every URL (a bare
 * domain like acme.com included) counts 23 and CJK characters and emoji count 2.
 */
export function weighReply(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}
