import type { Mention } from '../domain/mention.ts';

/**
 * A pull source of mentions (X mentions timeline, X recent search, replay file).
 * `fetch` returns everything new after `cursor` and the cursor to store with it;
 * the worker commits both in one transaction, so a crash re-fetches rather than skips.
 */
export type FetchResult = {
  mentions: Mention[];
  /** The cursor to store with these mentions; null keeps the current one. */
  cursor: string | null;
  /** When the source asks not to be called again before a time (rate limit). */
  retryAfter?: Date;
  /** More is waiting right now: the worker fetches again at once instead of at the next poll. */
  hasMore?: boolean;
};

export type MentionSource = {
  /** Stable key under which the cursor is stored, e.g. `replay:config/sample-mentions.jsonl`. */
  key: string;
  /** Shown in logs and the start banner. */
  describe(): string;
  fetch(cursor: string | null): Promise<FetchResult>;
};

/** A push source (X filtered stream): calls `onMentions` as posts arrive until stopped. */
export type MentionStream = {
  key: string;
  describe(): string;
  start(onMentions: (mentions: Mention[]) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
};
