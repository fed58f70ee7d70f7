import type { Writable } from 'node:stream';
import { renderCardText } from './render-card-text.ts';
import type { CardRef, ReviewChannel } from './review-channel.ts';

/**
 * The local stand-in for Slack: prints each card to the terminal. Cards and
 * decisions live in the store either way, so `complaint-radar review …` acts on
 * them through the same decision code as the Slack buttons.
 */
export function createTerminalReviewChannel(out: Writable, clock: { now(): Date }): ReviewChannel {
  return {
    name: 'terminal',
    isLocal: true,
    describe: () => 'terminal stand-in (cards printed here; act with `complaint-radar review`)',
    postCard: async (item, _dueAt): Promise<CardRef> => {
      out.write(
        `${renderCardText(item, clock.now())}\n  act: complaint-radar review approve|edit|dismiss ${item.mention.id}\n\n`,
      );
      return { channel: item.verdict.route, messageRef: `terminal:${item.mention.id}` };
    },
    updateCard: async (item) => {
      const last = item.decisions.at(-1);
      out.write(
        `[card ${item.mention.id}] ${item.mention.state}${last ? ` (${last.action} by ${last.reviewer})` : ''}\n`,
      );
    },
  };
}
