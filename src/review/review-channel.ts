import type { ReviewItem } from './review-item.ts';

export type CardRef = { channel: string; messageRef: string };

/**
 * Where people review drafts: Slack, or the terminal stand-in. Decisions never
 * happen here; a channel only shows cards and reports clicks to `decide`.
 */
export type ReviewChannel = {
  name: string;
  /** True for the terminal stand-in (nothing is sent anywhere). */
  isLocal: boolean;
  describe(): string;
  /**
   * Shows a new card; returns where it is so later updates edit it in place.
   * `threadOf`: an earlier card of the same author and conversation, so a
   * follow-up lands in that card's thread instead of a new card in the channel.
   */
  postCard(item: ReviewItem, dueAt: Date, options?: { threadOf?: CardRef }): Promise<CardRef>;
  /** Posts a note in a card's thread (service-level reminders and escalations). */
  postInThread?(ref: CardRef, text: string, options?: { alsoTo?: string | null }): Promise<void>;
  /**
   * Whether a user may decide, given `review.reviewers` (user and group ids);
   * channels without groups leave this out and only listed user ids count.
   */
  isReviewer?(userId: string, allowed: readonly string[]): Promise<boolean>;
  /**
   * Finds a card posted before a crash cut off its recording (optional: a channel
   * that cannot search answers null and the card is posted again).
   */
  findCard?(item: ReviewItem): Promise<CardRef | null>;
  /** Re-renders an existing card after a decision or a new draft version. */
  updateCard(item: ReviewItem, ref: CardRef): Promise<void>;
  /** Whether the channel is connected, for readiness (optional: local channels always are). */
  health?(): Promise<{ ok: boolean; detail: string }>;
};
