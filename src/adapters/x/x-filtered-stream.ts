import { ETwitterStreamEvent, type TweetStream, type TwitterApi } from 'twitter-api-v2';
import type { Logger } from 'pino';
import type { Mention } from '../../domain/mention.ts';
import type { MentionStream } from '../../sources/mention-source.ts';
import {
  type NormaliseContext,
  normaliseTweet,
  TWEET_FIELDS,
  USER_FIELDS,
  usersById,
} from './normalise-tweet.ts';
import { toXError } from './x-errors.ts';

export type StreamOptions = {
  client: TwitterApi;
  /** Rules as in config; synced to X (added and removed) before connecting. */
  rules: string[];
  normalise: Omit<NormaliseContext, 'source'>;
  log: Logger;
  /** No byte (keep-alives included) for this long means the connection is dead. */
  keepAliveTimeoutMs: number;
};

/**
 * The filtered stream, near real time. twitter-api-v2 reconnects with backoff
 * and watches X's keep-alives; posts missed during a gap are caught by the
 * polled mentions and search sources, and the same post from both is one
 * mention (its id is the post id).
 */
export function createXFilteredStream(options: StreamOptions): MentionStream {
  let stream: TweetStream | null = null;
  return {
    key: 'x:stream',
    describe: () =>
      `X filtered stream (${options.rules.length} rule${options.rules.length === 1 ? '' : 's'})`,
    async start(onMentions: (mentions: Mention[]) => Promise<void>) {
      try {
        await syncRules(options.client, options.rules);
        stream = await options.client.v2.searchStream({
          'tweet.fields': TWEET_FIELDS,
          expansions: 'author_id',
          'user.fields': USER_FIELDS,
          autoConnect: false,
        } as never);
      } catch (error) {
        throw toXError(error, 'connecting the filtered stream');
      }
      const s = stream as TweetStream;
      s.autoReconnect = true;
      s.autoReconnectRetries = Infinity;
      s.keepAliveTimeoutMs = options.keepAliveTimeoutMs;
      s.on(ETwitterStreamEvent.Data, (payload: { data?: unknown; includes?: unknown }) => {
        const mention = normaliseTweet(payload.data, usersById(payload.includes), {
          ...options.normalise,
          source: 'x-stream',
        });
        if (mention)
          onMentions([mention]).catch((error) =>
            options.log.error(
              { mention: mention.id },
              `storing a streamed post failed; polling will pick it up: ${(error as Error).message}`,
            ),
          );
      });
      s.on(ETwitterStreamEvent.ConnectionLost, () =>
        options.log.warn('X stream connection lost: reconnecting'),
      );
      s.on(ETwitterStreamEvent.Reconnected, () => options.log.info('X stream reconnected'));
      s.on(ETwitterStreamEvent.ReconnectError, (attempt: number) =>
        options.log.warn({ attempt }, 'X stream reconnect failed; backing off'),
      );
      await s.connect({ autoReconnect: true, autoReconnectRetries: Infinity });
      options.log.info(`${this.describe()} connected`);
    },
    async stop() {
      stream?.close();
      stream = null;
    },
  };
}

/** Makes X's rules exactly the configured ones: adds the missing, deletes the rest. */
export async function syncRules(client: TwitterApi, wanted: string[]): Promise<void> {
  const current = (await client.v2.streamRules()).data ?? [];
  const stale = current.filter((r) => !wanted.includes(r.value)).map((r) => r.id);
  const missing = wanted.filter((value) => !current.some((r) => r.value === value));
  if (stale.length) await client.v2.updateStreamRules({ delete: { ids: stale } });
  if (missing.length)
    await client.v2.updateStreamRules({
      add: missing.map((value) => ({ value, tag: 'complaint-radar' })),
    });
}
