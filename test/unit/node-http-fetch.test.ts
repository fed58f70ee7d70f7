import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/adapters/slack/create-slack-client.ts';
import { nodeHttpFetch } from '../../src/adapters/slack/node-http-fetch.ts';

describe('the Slack client transport over node:http', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sends the method, headers and body, and answers like fetch', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body }));
      });
    });
    const response = await nodeHttpFetch(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C1&text=hi',
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      body: 'channel=C1&text=hi',
    });
  });

  it('rejects when the connection drops, and when the caller gives up waiting', async () => {
    const url = await serve((req, res) => {
      if (req.url?.endsWith('reset')) req.socket.destroy();
      else setTimeout(() => res.end('late'), 5_000);
    });
    await expect(nodeHttpFetch(`${url}/reset`, { method: 'POST', body: 'x' })).rejects.toThrow();
    const started = Date.now();
    await expect(
      nodeHttpFetch(`${url}/slow`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers statuses that carry no body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = await nodeHttpFetch(url, { method: 'POST', body: '' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});

describe('the Slack client', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('gives up on a call Slack does not answer, so the card can be retried', async () => {
    server = createServer(() => {
      // Accepts the request and never answers.
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    const client = createSlackClient('xoxb-test', { apiUrl, ownRetries: true, timeoutMs: 200 });
    const started = Date.now();
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
