import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of the Slack Web API as @slack/web-api calls it: form or JSON
 * bodies to /api/<method>, `{ ok: true, … }` or `{ ok: false, error }`, and 429
 * with Retry-After. It keeps the messages it was sent (with their threads and
 * edits), so tests assert what a reviewer would see in the channel.
 */
export type SlackCall = { method: string; body: Record<string, unknown>; at: number };
export type SlackMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  edits: number;
  metadata?: unknown;
};

export type FakeSlack = {
  apiUrl: string;
  calls: SlackCall[];
  messages: SlackMessage[];
  ephemerals: { channel: string; user: string; text: string }[];
  views: { triggerId?: string; view: Record<string, unknown> }[];
  uploads: { filename: string; bytes: number; channel?: string }[];
  users: Map<string, { id: string; name: string; real_name: string }>;
  usergroups: Map<string, string[]>;
  channels: Set<string>;
  /** The next calls of `method` (or any, with '*') fail like this. */
  /** `reset`: the connection drops before an answer; `afterwards`: the call takes effect first. */
  failNext(
    method: string,
    failure: {
      status?: number;
      retryAfter?: number;
      error?: string;
      reset?: boolean;
      afterwards?: boolean;
    },
    times?: number,
  ): void;
  /** Every call of `method` (or '*') answers 429 with Retry-After for `ms`. */
  failFor(method: string, ms: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
};

export async function startFakeSlack(): Promise<FakeSlack> {
  let seq = 1_700_000_000;
  const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++seq % 1_000_000).padStart(6, '0')}`;
  const failures: {
    method: string;
    status?: number;
    retryAfter?: number;
    error?: string;
    reset?: boolean;
    afterwards?: boolean;
    times: number;
  }[] = [];
  const windows: { method: string; until: number; retryAfter: number }[] = [];
  const fake: FakeSlack = {
    apiUrl: '',
    calls: [],
    messages: [],
    ephemerals: [],
    views: [],
    uploads: [],
    users: new Map([
      ['U_ALICE', { id: 'U_ALICE', name: 'alice', real_name: 'Alice Reviewer' }],
      ['U_BOB', { id: 'U_BOB', name: 'bob', real_name: 'Bob Reviewer' }],
      ['U_EVE', { id: 'U_EVE', name: 'eve', real_name: 'Eve Outsider' }],
    ]),
    usergroups: new Map([
      ['S_CARE', ['U_ALICE', 'U_BOB']],
      ['S_ONCALL', ['U_BOB']],
    ]),
    channels: new Set(['social-care', 'C_CARE', 'C_ESCALATIONS', 'billing-care', 'digest']),
    failNext: (method, failure, times = 1) => failures.push({ method, ...failure, times }),
    failFor: (method, ms, retryAfterSeconds = 1) =>
      windows.push({ method, until: Date.now() + ms, retryAfter: retryAfterSeconds }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://slack');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/upload/')) {
      const raw = await readRaw(req);
      const file = pendingUploads.get(url.pathname.slice('/upload/'.length));
      if (file) file.bytes = raw.length;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK - ' + raw.length);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const body = await readBody(req);
    fake.calls.push({ method, body, at: Date.now() });
    const window = windows.find(
      (w) => (w.method === method || w.method === '*') && w.until > Date.now(),
    );
    if (window)
      return reply(
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(window.retryAfter) },
      );
    const failure = failures.find((f) => (f.method === method || f.method === '*') && f.times > 0);
    if (failure?.reset && failure.afterwards) {
      // Let the call take effect, then drop the connection before the answer.
      failure.times -= 1;
      const end = res.end.bind(res);
      res.end = (() => {
        res.destroy();
        return res;
      }) as never;
      void end;
    } else if (failure?.reset) {
      failure.times -= 1;
      res.destroy();
      return;
    } else if (failure) {
      failure.times -= 1;
      if (failure.status === 429)
        return reply(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(failure.retryAfter ?? 1) },
        );
      return reply(failure.status ?? 200, { ok: false, error: failure.error ?? 'internal_error' });
    }
    const channel = String(body.channel ?? '');
    const needChannel = () => {
      if (fake.channels.has(channel)) return true;
      reply(200, { ok: false, error: 'channel_not_found' });
      return false;
    };
    switch (method) {
      case 'auth.test':
        return reply(200, {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'complaint-radar',
          team_id: 'T1',
          user_id: 'U_BOT',
          bot_id: 'B1',
        });
      case 'chat.postMessage': {
        if (!needChannel()) return;
        let rawBlocks: unknown = body.blocks;
        const message: SlackMessage = {
          channel,
          ts: ts(),
          text: String(body.text ?? ''),
          // Parsed when a test looks, not on every post (the bench sends thousands).
          get blocks() {
            return parseJson(rawBlocks) as unknown[];
          },
          set blocks(value: unknown[]) {
            rawBlocks = value;
          },
          threadTs: body.thread_ts ? String(body.thread_ts) : undefined,
          edits: 0,
          metadata: parseJson(body.metadata),
        };
        fake.messages.push(message);
        return reply(200, { ok: true, channel, ts: message.ts, message: { text: message.text } });
      }
      case 'chat.update': {
        const message = fake.messages.find((m) => m.channel === channel && m.ts === body.ts);
        if (!message) return reply(200, { ok: false, error: 'message_not_found' });
        message.text = String(body.text ?? message.text);
        message.blocks = parseJson(body.blocks) as unknown[];
        message.edits += 1;
        return reply(200, { ok: true, channel, ts: message.ts });
      }
      case 'chat.postEphemeral':
        fake.ephemerals.push({ channel, user: String(body.user), text: String(body.text ?? '') });
        return reply(200, { ok: true, message_ts: ts() });
      case 'chat.getPermalink':
        return reply(200, {
          ok: true,
          permalink: `https://acme.slack.com/archives/${channel}/p${String(body.message_ts).replace('.', '')}`,
        });
      case 'views.open':
      case 'views.update':
      case 'views.push':
        fake.views.push({
          triggerId: body.trigger_id as string | undefined,
          view: parseJson(body.view) as Record<string, unknown>,
        });
        return reply(200, { ok: true, view: { id: `V${fake.views.length}` } });
      case 'users.info': {
        const user = fake.users.get(String(body.user));
        return reply(200, user ? { ok: true, user } : { ok: false, error: 'user_not_found' });
      }
      case 'usergroups.users.list': {
        const members = fake.usergroups.get(String(body.usergroup));
        return reply(
          200,
          members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' },
        );
      }
      case 'conversations.history': {
        if (!needChannel()) return;
        const oldest = Number(body.oldest ?? 0);
        const found = fake.messages
          .filter((m) => m.channel === channel && !m.threadTs && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, metadata: m.metadata }));
        return reply(200, { ok: true, messages: found, has_more: false });
      }
      case 'conversations.info':
        return fake.channels.has(channel)
          ? reply(200, { ok: true, channel: { id: channel, name: channel, is_member: true } })
          : reply(200, { ok: false, error: 'channel_not_found' });
      case 'files.getUploadURLExternal': {
        const id = `F${++seq}`;
        pendingUploads.set(id, { filename: String(body.filename), bytes: 0 });
        return reply(200, {
          ok: true,
          upload_url: `${fake.apiUrl.replace(/\/api\/$/, '')}/upload/${id}`,
          file_id: id,
        });
      }
      case 'files.completeUploadExternal': {
        const files = parseJson(body.files) as { id: string }[];
        for (const f of files) {
          const pending = pendingUploads.get(f.id);
          if (pending)
            fake.uploads.push({
              ...pending,
              channel: body.channel_id ? String(body.channel_id) : undefined,
            });
        }
        return reply(200, { ok: true, files: files.map((f) => ({ id: f.id })) });
      }
      default:
        return reply(200, { ok: false, error: 'unknown_method' });
    }
  });
  const pendingUploads = new Map<string, { filename: string; bytes: number }>();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return fake;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readRaw(req)).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json'))
    return JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? [];
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
