import http from 'node:http';
import https from 'node:https';

/**
 * The `fetch` the Slack client calls, over node:http with kept-alive
 * connections. It is all @slack/web-api needs (a POST, a status, headers and
 * a body to read), and it costs about a third less CPU per call than the
 * global fetch, whose stream and spec machinery a one-message POST does not
 * use: one Slack call per review card makes that a bot's largest cost in a
 * burst. Timeouts and aborts arrive as the caller's AbortSignal.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export type FetchInit = {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | URLSearchParams | FormData | Buffer | null;
  signal?: AbortSignal | null;
  /** node:http never follows redirects: a 3xx comes back as it is, and the client treats it as an error. */
  redirect?: string;
};

export async function nodeHttpFetch(input: string | URL, init: FetchInit = {}): Promise<Response> {
  const body = init.body ?? undefined;
  // Multipart uploads (files) are rare and need the spec's body encoding: leave them to fetch.
  if (body instanceof FormData || body instanceof URLSearchParams)
    return fetch(input, init as RequestInit);
  const url = new URL(String(input));
  const transport = url.protocol === 'https:' ? https : http;
  const headers = init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
        signal: init.signal ?? undefined,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined)
              responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          const status = response.statusCode ?? 500;
          // A Response may not carry a body with these statuses.
          const empty = status === 204 || status === 304;
          resolve(
            new Response(empty ? null : Buffer.concat(chunks), {
              status,
              statusText: response.statusMessage,
              headers: responseHeaders,
            }),
          );
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
