import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of X API v2 that speaks its wire format: the mentions timeline
 * and recent search (since_id, max_results, pagination tokens, author
 * expansions), the filtered stream (newline-delimited JSON with `\r\n`
 * keep-alives) and its rules, POST /2/tweets with X's errors (duplicate
 * content, deleted parent), rate-limit headers, and 429s and 5xx on demand.
 * Search supports plain and quoted terms, `from:`, `-from:`, `conversation_id:`
 * and `-is:retweet` (no OR), which is what the bot sends.
 */
export type FakeUser = {
  id: string;
  username: string;
  name: string;
  followers_count?: number;
  verified?: boolean;
  created_at?: string;
};

export type FakeTweet = {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  lang?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: 'replied_to' | 'quoted' | 'retweeted'; id: string }[];
  /** Whose mentions timeline it appears in (user ids). */
  mentions?: string[];
  deleted?: boolean;
  repliesAllowed?: boolean;
};

/**
 * A failure to inject: a status (429 with a reset, 5xx…), a malformed body
 * (`raw`), or a dropped connection (`reset`), before or `afterwards` the call
 * takes effect (a post that went out but whose answer was lost).
 */
type Failure = {
  status?: number;
  resetInSeconds?: number;
  body?: unknown;
  raw?: string;
  reset?: boolean;
  afterwards?: boolean;
};

export type FakeX = {
  url: string;
  me: FakeUser;
  users: Map<string, FakeUser>;
  tweets: FakeTweet[];
  /** Every request: method, path and query, for assertions. */
  requests: { method: string; path: string; query: Record<string, string> }[];
  posted: FakeTweet[];
  rules: { id: string; value: string; tag?: string }[];
  addUser(user: FakeUser): FakeUser;
  /** Adds a post by `author` mentioning the brand; returns it. Ids grow like snowflakes. */
  addTweet(author: FakeUser, text: string, extra?: Partial<FakeTweet>): FakeTweet;
  /** The next request to a path prefix fails (429 with a reset, 5xx, or a given body). */
  failNext(pathPrefix: string, failure: Failure, times?: number): void;
  /** Sends a post to every open stream connection (if it matches a rule). */
  pushToStream(tweet: FakeTweet): void;
  /** Cuts every open stream connection, as X does on a disconnect. */
  dropStreams(): void;
  streamConnections(): number;
  close(): Promise<void>;
};

export async function startFakeX(
  options: { keepAliveMs?: number; pageSize?: number } = {},
): Promise<FakeX> {
  let nextId = 1_800_000_000_000_000_000n;
  const me: FakeUser = {
    id: '100',
    username: 'acme',
    name: 'Acme',
    followers_count: 90_000,
    verified: true,
  };
  const users = new Map<string, FakeUser>([[me.id, me]]);
  const tweets: FakeTweet[] = [];
  const posted: FakeTweet[] = [];
  const requests: FakeX['requests'] = [];
  const rules: FakeX['rules'] = [];
  const failures: { prefix: string; failure: Failure; times: number }[] = [];
  const streams = new Set<ServerResponse>();
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write('\r\n');
  }, options.keepAliveMs ?? 1_000);

  const newId = () => String(++nextId);
  const fake: FakeX = {
    url: '',
    me,
    users,
    tweets,
    requests,
    posted,
    rules,
    addUser: (user) => {
      users.set(user.id, user);
      return user;
    },
    addTweet: (author, text, extra = {}) => {
      users.set(author.id, author);
      const id = newId();
      const tweet: FakeTweet = {
        id,
        text,
        author_id: author.id,
        created_at: new Date().toISOString(),
        conversation_id: id,
        lang: 'en',
        mentions: text.toLowerCase().includes(`@${me.username}`) ? [me.id] : [],
        ...extra,
      };
      tweets.push(tweet);
      return tweet;
    },
    failNext: (prefix, failure, times = 1) => failures.push({ prefix, failure, times }),
    pushToStream: (tweet) => {
      if (!rules.some((r) => matchesQuery(tweet, r.value, users))) return;
      // On the stream, `data` is one post, not a list.
      const { data, includes } = envelope([tweet], users);
      const line = `${JSON.stringify({ data: data[0], includes, matching_rules: rules.map((r) => ({ id: r.id, tag: r.tag })) })}\r\n`;
      for (const res of streams) res.write(line);
    },
    dropStreams: () => {
      for (const res of streams) res.destroy();
      streams.clear();
    },
    streamConnections: () => streams.size,
    close: async () => {
      clearInterval(keepAlive);
      fake.dropStreams();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const pageSize = options.pageSize ?? 100;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query });
    const failure = failures.find((f) => url.pathname.startsWith(f.prefix) && f.times > 0);
    if (failure) {
      failure.times -= 1;
      const f = failure.failure;
      if (f.reset && f.afterwards) {
        res.end = (() => {
          res.destroy();
          return res;
        }) as never;
      } else if (f.reset) {
        res.destroy();
        return;
      } else if (f.raw !== undefined) {
        res.writeHead(f.status ?? 200, { 'content-type': 'application/json' });
        res.end(f.raw);
        return;
      } else {
        const status = f.status ?? 500;
        const resetAt = Math.floor(Date.now() / 1000) + (f.resetInSeconds ?? 0);
        return send(res, status, f.body ?? errorBody(status), resetAt, 0);
      }
    }
    const reset = Math.floor(Date.now() / 1000) + 900;
    if (req.method === 'GET' && url.pathname === '/2/users/me')
      return send(res, 200, { data: userJson(me) }, reset);
    const byName = /^\/2\/users\/by\/username\/(\w+)$/.exec(url.pathname);
    if (req.method === 'GET' && byName) {
      const user = [...users.values()].find(
        (u) => u.username.toLowerCase() === byName[1]?.toLowerCase(),
      );
      return user
        ? send(res, 200, { data: userJson(user) }, reset)
        : send(
            res,
            200,
            {
              errors: [
                {
                  title: 'Not Found Error',
                  detail: `Could not find user with username: [${byName[1]}].`,
                },
              ],
            },
            reset,
          );
    }
    const mentions = /^\/2\/users\/(\w+)\/mentions$/.exec(url.pathname);
    if (req.method === 'GET' && mentions) {
      const found = tweets.filter((t) => !t.deleted && t.mentions?.includes(mentions[1] ?? ''));
      return send(res, 200, page(found, query, pageSize, users), reset);
    }
    if (req.method === 'GET' && url.pathname === '/2/tweets/search/recent') {
      const found = [...tweets, ...posted].filter(
        (t) => !t.deleted && matchesQuery(t, query.query ?? '', users),
      );
      return send(res, 200, page(found, query, pageSize, users), reset);
    }
    if (url.pathname === '/2/tweets/search/stream/rules') {
      if (req.method === 'GET')
        return send(res, 200, { data: rules, meta: { result_count: rules.length } }, reset);
      const body = (await readJson(req)) as {
        add?: { value: string; tag?: string }[];
        delete?: { ids: string[] };
      };
      for (const rule of body.add ?? [])
        rules.push({ id: newId(), value: rule.value, tag: rule.tag });
      for (const id of body.delete?.ids ?? [])
        rules.splice(
          rules.findIndex((r) => r.id === id),
          1,
        );
      return send(
        res,
        201,
        {
          data: rules,
          meta: {
            summary: { created: body.add?.length ?? 0, deleted: body.delete?.ids.length ?? 0 },
          },
        },
        reset,
      );
    }
    if (req.method === 'GET' && url.pathname === '/2/tweets/search/stream') {
      res.writeHead(200, { 'content-type': 'application/json', ...rateHeaders(reset, 50) });
      res.write('\r\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/2/tweets') {
      const body = (await readJson(req)) as {
        text?: string;
        reply?: { in_reply_to_tweet_id?: string };
      };
      const text = body.text ?? '';
      const parentId = body.reply?.in_reply_to_tweet_id;
      const parent = tweets.find((t) => t.id === parentId);
      if (parentId && (!parent || parent.deleted))
        return send(
          res,
          403,
          {
            detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.',
            type: 'about:blank',
            title: 'Forbidden',
            status: 403,
          },
          reset,
        );
      if (parent?.repliesAllowed === false)
        return send(
          res,
          403,
          {
            detail:
              'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.',
            type: 'about:blank',
            title: 'Forbidden',
            status: 403,
          },
          reset,
        );
      if (posted.some((t) => t.text === text))
        return send(
          res,
          403,
          {
            detail: 'You are not allowed to create a Tweet with duplicate content.',
            type: 'about:blank',
            title: 'Forbidden',
            status: 403,
          },
          reset,
        );
      if ([...text].length > 280)
        return send(
          res,
          400,
          {
            errors: [{ message: 'Your Tweet text is too long.' }],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          },
          reset,
        );
      const tweet: FakeTweet = {
        id: newId(),
        text,
        author_id: me.id,
        created_at: new Date().toISOString(),
        conversation_id: parent?.conversation_id ?? '',
        referenced_tweets: parentId ? [{ type: 'replied_to', id: parentId }] : undefined,
        in_reply_to_user_id: parent?.author_id,
      };
      posted.push(tweet);
      return send(
        res,
        201,
        { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } },
        reset,
      );
    }
    send(
      res,
      404,
      {
        title: 'Not Found Error',
        detail: `No route ${req.method} ${url.pathname}`,
        type: 'about:blank',
        status: 404,
      },
      reset,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function page(
  found: FakeTweet[],
  query: Record<string, string>,
  pageSize: number,
  users: Map<string, FakeUser>,
) {
  // Newest first, as X returns them. Ids are numeric strings of one length, so
  // they order as strings (cheap: the bench pages through 10,000 of them).
  const newer = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);
  let list = [...found].sort((a, b) => (newer(b.id, a.id) ? 1 : -1));
  const since = query.since_id;
  if (since) list = list.filter((t) => newer(t.id, since));
  if (query.start_time) list = list.filter((t) => t.created_at >= (query.start_time ?? ''));
  const max = Math.min(Number(query.max_results ?? pageSize), pageSize);
  const token = query.pagination_token ?? query.next_token;
  const start = token ? Number(token.replace('page-', '')) : 0;
  const slice = list.slice(start, start + max);
  const next = start + max < list.length ? `page-${start + max}` : undefined;
  if (slice.length === 0) return { meta: { result_count: 0 } };
  return {
    ...envelope(slice, users),
    meta: {
      result_count: slice.length,
      newest_id: slice[0]?.id,
      oldest_id: slice.at(-1)?.id,
      ...(next ? { next_token: next } : {}),
    },
  };
}

function envelope(slice: FakeTweet[], users: Map<string, FakeUser>) {
  const authors = [...new Set(slice.map((t) => t.author_id))]
    .map((id) => users.get(id))
    .filter(Boolean) as FakeUser[];
  return {
    data: slice.map((t) => ({
      id: t.id,
      text: t.text,
      author_id: t.author_id,
      created_at: t.created_at,
      conversation_id: t.conversation_id,
      lang: t.lang ?? 'en',
      edit_history_tweet_ids: [t.id],
      ...(t.referenced_tweets ? { referenced_tweets: t.referenced_tweets } : {}),
      ...(t.in_reply_to_user_id ? { in_reply_to_user_id: t.in_reply_to_user_id } : {}),
    })),
    includes: { users: authors.map(userJson) },
  };
}

function userJson(u: FakeUser) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    verified: u.verified ?? false,
    created_at: u.created_at ?? '2015-03-01T10:00:00.000Z',
    public_metrics: {
      followers_count: u.followers_count ?? 10,
      following_count: 5,
      tweet_count: 100,
      listed_count: 0,
    },
  };
}

function matchesQuery(tweet: FakeTweet, query: string, users: Map<string, FakeUser>): boolean {
  const author = users.get(tweet.author_id)?.username.toLowerCase() ?? '';
  const tokens = query.match(/-?\w+:\S+|"[^"]+"|\S+/g) ?? [];
  return tokens.every((token) => {
    const lower = token.toLowerCase();
    if (lower.startsWith('from:')) return author === lower.slice(5);
    if (lower.startsWith('-from:')) return author !== lower.slice(6);
    if (lower.startsWith('conversation_id:')) return tweet.conversation_id === token.slice(16);
    if (lower === '-is:retweet')
      return !tweet.referenced_tweets?.some((r) => r.type === 'retweeted');
    if (lower.startsWith('-') || lower.includes(':')) return true;
    return tweet.text.toLowerCase().includes(lower.replace(/"/g, ''));
  });
}

function rateHeaders(reset: number, remaining: number) {
  return {
    'x-rate-limit-limit': '450',
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(reset),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  reset: number,
  remaining = 449,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...rateHeaders(reset, remaining) });
  res.end(JSON.stringify(body));
}

function errorBody(status: number) {
  if (status === 429)
    return { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status };
  if (status === 401)
    return { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status };
  if (status === 403)
    return {
      title: 'Forbidden',
      detail:
        'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.',
      type: 'https://api.twitter.com/2/problems/oauth1-permissions',
      status,
    };
  return {
    title: 'Service Unavailable',
    detail: 'Service Unavailable',
    type: 'about:blank',
    status,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}
