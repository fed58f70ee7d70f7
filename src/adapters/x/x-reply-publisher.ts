import type { TwitterApi } from 'twitter-api-v2';
import { AppError } from '../../domain/errors.ts';
import type { Mention } from '../../domain/mention.ts';
import type { PublishedReply, ReplyPublisher } from '../../publishing/reply-publisher.ts';
import { toXError } from './x-errors.ts';

/**
 * Posts approved replies as the brand, as replies to the customer's post.
 * `findExisting` searches the conversation for our own reply with the same
 * text, so a retry after a crash between "sent" and "recorded" finds it
 * instead of posting twice.
 */
export function createXReplyPublisher(
  client: TwitterApi | null,
  brandHandle: string,
): ReplyPublisher {
  const writer = () => {
    if (client) return client;
    throw new AppError(
      'credentials',
      'Posting to X needs user-context credentials: X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET (app permission "Read and write").',
    );
  };
  return {
    name: 'x',
    isLocal: false,
    describe: () => `X replies as @${brandHandle}`,
    async findExisting(mention: Mention, text: string): Promise<PublishedReply | null> {
      const conversation = mention.conversationId ?? mention.postId;
      try {
        const found = await writer().v2.get<{
          data?: {
            id: string;
            text: string;
            created_at?: string;
            referenced_tweets?: { type: string; id: string }[];
          }[];
        }>('tweets/search/recent', {
          query: `conversation_id:${conversation} from:${brandHandle}`,
          'tweet.fields': 'created_at,referenced_tweets',
          max_results: 100,
        });
        const ours = (found.data ?? []).find(
          (t) =>
            t.text === text &&
            (t.referenced_tweets ?? []).some(
              (r) => r.type === 'replied_to' && r.id === mention.postId,
            ),
        );
        return ours
          ? {
              replyPostId: ours.id,
              url: `https://x.com/${brandHandle}/status/${ours.id}`,
              publishedAt: ours.created_at ?? new Date().toISOString(),
            }
          : null;
      } catch (error) {
        throw toXError(
          error,
          `checking whether the reply to ${mention.url ?? mention.id} was already posted`,
        );
      }
    },
    async publish(mention: Mention, text: string): Promise<PublishedReply> {
      try {
        const posted = await writer().v2.tweet(text, {
          reply: { in_reply_to_tweet_id: mention.postId },
        });
        return {
          replyPostId: posted.data.id,
          url: `https://x.com/${brandHandle}/status/${posted.data.id}`,
          publishedAt: new Date().toISOString(),
        };
      } catch (error) {
        throw toXError(error, `replying to ${mention.url ?? mention.id}`);
      }
    },
  };
}
