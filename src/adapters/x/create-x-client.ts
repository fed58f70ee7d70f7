import { Agent } from 'node:http';
import { type ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { AppError } from '../../domain/errors.ts';

/** The credentials X needs: a bearer token to read; user-context OAuth 1.0a to post. */
export type XCredentials = {
  bearerToken?: string;
  apiKey?: string;
  apiSecret?: string;
  accessToken?: string;
  accessSecret?: string;
  /** Another API root (a proxy, or the local fake in tests), e.g. http://127.0.0.1:4010. */
  baseUrl?: string;
};

export type XClients = {
  /** App-only (bearer) client for timelines, search and the stream. */
  read: TwitterApi;
  /** User-context client that posts as the brand; null when only a bearer token is set. */
  write: TwitterApi | null;
};

const X_API_ROOT = 'https://api.x.com';

export function hasXCredentials(c: XCredentials): boolean {
  return Boolean(c.bearerToken || (c.apiKey && c.apiSecret && c.accessToken && c.accessSecret));
}

/**
 * Builds the real twitter-api-v2 clients. With `baseUrl` every request (the
 * stream too) is rewritten to that root by a plugin, and plain http gets an
 * http.Agent, because the library always calls https.request.
 */
export function createXClients(c: XCredentials): XClients {
  const settings = c.baseUrl ? redirectTo(c.baseUrl) : {};
  const canWrite = c.apiKey && c.apiSecret && c.accessToken && c.accessSecret;
  const write = canWrite
    ? new TwitterApi(
        {
          appKey: c.apiKey as string,
          appSecret: c.apiSecret as string,
          accessToken: c.accessToken as string,
          accessSecret: c.accessSecret as string,
        },
        settings,
      )
    : null;
  const read = c.bearerToken ? new TwitterApi(c.bearerToken, settings) : write;
  if (!read)
    throw new AppError(
      'credentials',
      'X needs X_BEARER_TOKEN to read, or all four of X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET. See .env.example.',
    );
  return { read, write };
}

function redirectTo(baseUrl: string) {
  const root = baseUrl.replace(/\/+$/, '');
  const rewrite = (params: { url: string }) => {
    if (params.url.startsWith(X_API_ROOT)) params.url = root + params.url.slice(X_API_ROOT.length);
  };
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig: ({ params }) => rewrite(params),
    onBeforeStreamRequestConfig: ({ params }) => rewrite(params),
  };
  return {
    plugins: [plugin],
    ...(root.startsWith('http:') ? { httpAgent: new Agent({ keepAlive: true }) } : {}),
  };
}
