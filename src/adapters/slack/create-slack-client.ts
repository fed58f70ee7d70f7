import { WebClient } from '@slack/web-api';
import { nodeHttpFetch } from './node-http-fetch.ts';

/**
 * The one place the Slack Web API client is made. `ownRetries`: the worker
 * keeps rate-limited and failed cards in the store and retries them in order,
 * so the client must neither wait nor retry on its own.
 */
export function createSlackClient(
  token: string | undefined,
  options: { apiUrl?: string; ownRetries?: boolean } = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl: options.apiUrl,
    fetch: nodeHttpFetch,
    ...(options.ownRetries ? { rejectRateLimitedCalls: true, retryConfig: { retries: 0 } } : {}),
  });
}
