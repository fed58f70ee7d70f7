import { WebClient } from '@slack/web-api';
import { nodeHttpFetch } from './node-http-fetch.ts';

/** A Slack call that has not answered by then has failed (and is retried from the store). */
const CALL_TIMEOUT_MS = 30_000;

/**
 * The one place the Slack Web API client is made. `ownRetries`: the worker
 * keeps rate-limited and failed cards in the store and retries them in order,
 * so the client must neither wait nor retry on its own.
 */
export function createSlackClient(
  token: string | undefined,
  options: { apiUrl?: string; ownRetries?: boolean; timeoutMs?: number } = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl: options.apiUrl,
    fetch: nodeHttpFetch,
    // Without a timeout a stalled connection would hold a batch until its lease ran out.
    timeout: options.timeoutMs ?? CALL_TIMEOUT_MS,
    ...(options.ownRetries ? { rejectRateLimitedCalls: true, retryConfig: { retries: 0 } } : {}),
  });
}
