import type { Mention } from '../domain/mention.ts';

export type PublishedReply = {
  /** The platform's id of our reply (or the outbox entry id). */
  replyPostId: string;
  url: string | null;
  publishedAt: string;
};

/**
 * Publishes a reply to a mention. `findExisting` lets the publishing step check,
 * after a crash between "sent" and "recorded", whether the reply already went out,
 * so a retry never posts twice.
 */
export type ReplyPublisher = {
  name: string;
  /** True when nothing leaves this machine (the local outbox). */
  isLocal: boolean;
  describe(): string;
  findExisting(mention: Mention, text: string): Promise<PublishedReply | null>;
  publish(mention: Mention, text: string): Promise<PublishedReply>;
};
