import type { TwitterApi } from 'twitter-api-v2';
import type { Mention } from '../../domain/mention.ts';
import type { FetchResult, MentionSource } from '../../sources/mention-source.ts';
import {
  type NormaliseContext,
  normaliseTweet,
  TWEET_FIELDS,
  USER_FIELDS,
  usersById,
} from './normalise-tweet.ts';
import { toXError } from './x-errors.ts';

/**
 * Where a timeline stands: `since` is the newest post fully read; while a burst
 * is being paged, `next` is the page token and `newest` the id that becomes
 * `since` once the last page is in. Stored with each page's mentions, so a crash
 * resumes at the page it was on.
 */
type Cursor = { since: string | null; next: string | null; newest: string | null };

export type TimelineOptions = {
  client: TwitterApi;
  /** `users/:id/mentions` or `tweets/search/recent`. */
  endpoint: 'mentions' | 'search';
  /** For search: the query; for mentions: the brand's handle (its id is looked up once). */
  target: string;
  normalise: Omit<NormaliseContext, 'source'>;
  /** First start: how far back to read, so an install does not flood reviewers. */
  lookbackMinutes: number;
  pageSize: number;
  now: () => Date;
};

export function createXTimelineSource(options: TimelineOptions): MentionSource {
  const source = options.endpoint === 'mentions' ? 'x-mentions' : `x-search:${options.target}`;
  const key = options.endpoint === 'mentions' ? 'x:mentions' : `x:search:${options.target}`;
  let userId: string | null = null;

  const path = async () => {
    if (options.endpoint === 'search') return 'tweets/search/recent';
    if (!userId) {
      try {
        const found = await options.client.v2.userByUsername(options.target);
        if (!found.data) throw new Error(`no X account @${options.target} (brand.handles)`);
        userId = found.data.id;
      } catch (error) {
        throw toXError(error, `looking up @${options.target}`);
      }
    }
    return `users/${userId}/mentions`;
  };

  return {
    key,
    describe: () =>
      options.endpoint === 'mentions'
        ? `X mentions of @${options.target}`
        : `X search "${options.target}"`,
    async fetch(raw): Promise<FetchResult> {
      const cursor = parseCursor(raw);
      const query: Record<string, string | number> = {
        max_results: options.pageSize,
        'tweet.fields': TWEET_FIELDS,
        expansions: 'author_id',
        'user.fields': USER_FIELDS,
      };
      if (options.endpoint === 'search') query.query = options.target;
      if (cursor.since) query.since_id = cursor.since;
      else
        query.start_time = new Date(
          options.now().getTime() - options.lookbackMinutes * 60_000,
        ).toISOString();
      if (cursor.next)
        query[options.endpoint === 'search' ? 'next_token' : 'pagination_token'] = cursor.next;
      let response: {
        data: {
          data?: unknown[];
          includes?: unknown;
          meta?: { newest_id?: string; next_token?: string };
        };
        rateLimit?: { remaining: number; reset: number };
      };
      try {
        response = await options.client.v2.get(await path(), query, { fullResponse: true });
      } catch (error) {
        throw toXError(error, `reading ${key}`);
      }
      const body = response.data;
      const users = usersById(body.includes);
      const mentions = (body.data ?? [])
        .map((t) => normaliseTweet(t, users, { ...options.normalise, source }))
        .filter((m): m is Mention => m !== null);
      const newest = cursor.newest ?? body.meta?.newest_id ?? null;
      const next = body.meta?.next_token ?? null;
      const nextCursor: Cursor = next
        ? { since: cursor.since, next, newest }
        : { since: newest ?? cursor.since, next: null, newest: null };
      const limit = response.rateLimit;
      return {
        mentions,
        cursor: JSON.stringify(nextCursor),
        hasMore: next !== null,
        // The last call allowed in this window: wait for X's reset instead of earning a 429.
        retryAfter: limit && limit.remaining <= 0 ? new Date(limit.reset * 1000) : undefined,
      };
    },
  };
}

function parseCursor(raw: string | null): Cursor {
  if (!raw) return { since: null, next: null, newest: null };
  try {
    const value = JSON.parse(raw) as Partial<Cursor>;
    return { since: value.since ?? null, next: value.next ?? null, newest: value.newest ?? null };
  } catch {
    // A bare id from an older cursor format.
    return { since: raw, next: null, newest: null };
  }
}
