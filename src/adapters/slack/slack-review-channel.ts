import type { WebClient } from '@slack/web-api';
import type { Config } from '../../config/schema.ts';
import type { CardRef, ReviewChannel } from '../../review/review-channel.ts';
import type { ReviewItem } from '../../review/review-item.ts';
import { renderCardBlocks } from './render-card-blocks.ts';
import { toSlackError } from './slack-errors.ts';

/** How long a user group's members are trusted before asking Slack again. */
const GROUP_CACHE_MS = 5 * 60_000;

/**
 * Review cards in Slack. While Slack rate-limits the channel, every later card
 * waits too (it is not even tried), so cards arrive in the order they were due.
 */
export function createSlackReviewChannel(options: {
  client: WebClient;
  getConfig: () => Config;
  now: () => Date;
}): ReviewChannel {
  const { client } = options;
  let blockedUntil = 0;
  const groups = new Map<string, { members: Set<string>; at: number }>();

  const call = async <T>(
    action: string,
    channel: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> => {
    if (Date.now() < blockedUntil) {
      const wait = Math.ceil((blockedUntil - Date.now()) / 1000);
      throw toSlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: wait }, action);
    }
    try {
      return await fn();
    } catch (error) {
      const failure = toSlackError(error, action, channel);
      if (failure.code === 'rate_limited' && failure.retryAfter)
        blockedUntil = failure.retryAfter.getTime();
      throw failure;
    }
  };

  const oncallMention = (item: ReviewItem) => {
    const group = options.getConfig().review.oncall_group;
    return group && item.verdict.severity === 'critical' ? `<!subteam^${group}> ` : '';
  };

  return {
    name: 'slack',
    isLocal: false,
    describe: () =>
      `Slack (cards to #${options.getConfig().review.default_channel} and routed channels)`,
    async postCard(item, _dueAt, postOptions) {
      const { text, blocks } = renderCardBlocks(item, options.now());
      const thread = postOptions?.threadOf;
      const channel = thread?.channel ?? item.verdict.route;
      const posted = await call('posting a review card', channel, () =>
        client.chat.postMessage({
          channel,
          text: `${oncallMention(item)}${text}`,
          blocks: onTheWire(blocks),
          unfurl_links: false,
          unfurl_media: false,
          metadata: onTheWire({
            event_type: 'complaint_radar_card',
            event_payload: { mention_id: item.mention.id },
          }),
          ...(thread ? { thread_ts: thread.messageRef, reply_broadcast: false } : {}),
        }),
      );
      return { channel: posted.channel ?? channel, messageRef: posted.ts as string };
    },
    async findCard(item) {
      // A crash between Slack accepting a card and the store recording it leaves a
      // card we do not know about: look for it before posting a second one.
      const channel = item.card?.channel ?? item.verdict.route;
      const since = item.card?.updated_at ? Date.parse(item.card.updated_at) / 1000 - 60 : 0;
      const history = await call('looking for an earlier card', channel, () =>
        client.conversations.history({
          channel,
          oldest: String(since),
          limit: 200,
          include_all_metadata: true,
        }),
      );
      const found = (history.messages ?? []).find(
        (m) =>
          (m.metadata?.event_payload as { mention_id?: string } | undefined)?.mention_id ===
          item.mention.id,
      );
      return found?.ts ? { channel, messageRef: found.ts } : null;
    },
    async updateCard(item, ref) {
      const { text, blocks } = renderCardBlocks(item, options.now());
      await call('updating a review card', ref.channel, () =>
        client.chat.update({
          channel: ref.channel,
          ts: ref.messageRef,
          text,
          blocks: onTheWire(blocks),
        }),
      );
    },
    async postInThread(ref: CardRef, text: string, threadOptions) {
      await call('posting in a card thread', ref.channel, () =>
        client.chat.postMessage({ channel: ref.channel, thread_ts: ref.messageRef, text }),
      );
      const also = threadOptions?.alsoTo;
      if (also && also !== ref.channel) {
        const link = await client.chat
          .getPermalink({ channel: ref.channel, message_ts: ref.messageRef })
          .then((r) => r.permalink ?? '')
          .catch(() => '');
        await call('posting an escalation', also, () =>
          client.chat.postMessage({
            channel: also,
            text: `${text}${link ? ` <${link}|Open the card>` : ''}`,
          }),
        );
      }
    },
    async isReviewer(userId, allowed) {
      if (allowed.includes(userId)) return true;
      for (const group of allowed.filter((id) => id.startsWith('S'))) {
        let cached = groups.get(group);
        if (!cached || Date.now() - cached.at > GROUP_CACHE_MS) {
          const result = await call('reading a user group', undefined, () =>
            client.usergroups.users.list({ usergroup: group }),
          );
          cached = { members: new Set(result.users ?? []), at: Date.now() };
          groups.set(group, cached);
        }
        if (cached.members.has(userId)) return true;
      }
      return false;
    },
    async health() {
      try {
        const auth = await client.auth.test();
        return {
          ok: true,
          detail: `connected to ${auth.team ?? 'Slack'} as ${auth.user ?? 'the app'}`,
        };
      } catch (error) {
        return { ok: false, detail: toSlackError(error, 'checking the connection').message };
      }
    },
  };
}

/**
 * A structured argument as the JSON string the Web API's form encoding sends
 * anyway. Handed over as an object, the client walks and copies it for a debug
 * line it builds even when debug logging is off; a card's blocks were then
 * almost half of everything a busy worker allocated.
 */
function onTheWire(value: object): never {
  return JSON.stringify(value) as never;
}
