import type { WebClient } from '@slack/web-api';
import type { DigestMessage, DigestPoster } from '../../digest/digest-poster.ts';
import { toSlackError } from './slack-errors.ts';

/** The digest as one Slack message with blocks, and its chart uploaded into the message's thread-free channel. */
export function createSlackDigestPoster(client: WebClient, channel: string): DigestPoster {
  return {
    describe: () => `Slack #${channel}`,
    async post(message: DigestMessage) {
      try {
        const posted = await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          unfurl_links: false,
        });
        await client.filesUploadV2({
          channel_id: posted.channel ?? channel,
          file: message.chart,
          filename: `complaint-digest-${message.date}.png`,
          title: `Complaints and response times, week to ${message.date}`,
        });
        return `Slack #${channel} ${posted.ts}`;
      } catch (error) {
        throw toSlackError(error, 'posting the daily digest', channel);
      }
    },
  };
}
