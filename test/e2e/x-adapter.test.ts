import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCursor } from '../../src/adapters/store/ingest-mentions.ts';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { createXClients } from '../../src/adapters/x/create-x-client.ts';
import { createXFilteredStream } from '../../src/adapters/x/x-filtered-stream.ts';
import { createXReplyPublisher } from '../../src/adapters/x/x-reply-publisher.ts';
import { createXTimelineSource } from '../../src/adapters/x/x-timeline-source.ts';
import type { ReplyPublisher } from '../../src/publishing/reply-publisher.ts';
import { decide } from '../../src/review/decide.ts';
import { ingestSources } from '../../src/worker/ingest-sources.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { createStreamRunner } from '../../src/worker/stream-runner.ts';
import { type FakeUser, type FakeX, startFakeX } from '../fakes/fake-x-server.ts';
import { createScratch, runCliProcess, startCliProcess } from '../helpers/run-cli-process.ts';
import { buildTestDeps, silentLog } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

const CREDENTIALS = {
  bearerToken: 'test-bearer-token',
  apiKey: 'test-key',
  apiSecret: 'test-secret',
  accessToken: 'test-access-token',
  accessSecret: 'test-access-secret',
};
const normalise = { brandHandles: new Set(['acme']), ignoredHandles: new Set(['spambot']) };

function customers(fake: FakeX, n: number): FakeUser[] {
  return Array.from({ length: n }, (_, i) =>
    fake.addUser({
      id: `${2000 + i}`,
      username: `customer${i}`,
      name: `Customer ${i}`,
      followers_count: 100 + i,
    }),
  );
}

function xSources(fake: FakeX, now = () => new Date()) {
  const { read } = createXClients({ ...CREDENTIALS, baseUrl: fake.url });
  const make = (endpoint: 'mentions' | 'search', target: string) =>
    createXTimelineSource({
      client: read,
      endpoint,
      target,
      normalise,
      lookbackMinutes: 60,
      pageSize: 100,
      now,
    });
  return [
    make('mentions', 'acme'),
    make('search', '"acme" -is:retweet -from:acme'),
    make('search', 'acmeshop'),
  ];
}

async function countRows(store: Store): Promise<{ total: number; distinct: number }> {
  const rows = await store.db.selectFrom('mentions').select('post_id').execute();
  return { total: rows.length, distinct: new Set(rows.map((r) => r.post_id)).size };
}

for (const kind of STORE_KINDS) {
  describe(`X with the real client against the fake X API on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store | undefined;
    let fake: FakeX;
    beforeEach(async () => {
      fake = await startFakeX({ keepAliveMs: 100 });
    });
    afterEach(async () => {
      await store?.close();
      await fake.close();
    });

    it.skipIf(!available)(
      'reads 250 mentions over 3 pages, 2 searches and the stream exactly once each, and resumes from the cursors',
      async () => {
        store = await createTestStore(kind);
        const people = customers(fake, 50);
        const mentions = Array.from({ length: 250 }, (_, i) =>
          fake.addTweet(people[i % 50] as FakeUser, `@acme order ${i} is late again`),
        );
        const searched = Array.from({ length: 20 }, (_, i) =>
          fake.addTweet(people[i] as FakeUser, `acme lost my parcel ${i}`, { mentions: [] }),
        );
        const shop = fake.addTweet(people[1] as FakeUser, 'acmeshop app keeps crashing', {
          mentions: [],
        });
        fake.addTweet(fake.me, '@acme thanks everyone', {}); // the brand's own post
        fake.addTweet(people[2] as FakeUser, 'RT @acme sale', {
          referenced_tweets: [{ type: 'retweeted', id: '1' }],
        });
        fake.addTweet(
          fake.addUser({ id: '9999', username: 'spambot', name: 'Spam' }),
          '@acme buy followers',
        );

        const { deps } = buildTestDeps(store, { sources: xSources(fake) });
        const results = await ingestSources(deps);
        expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
        // 250 mentions in 3 pages, 20 + 1 search hits; the brand's post, the retweet and the ignored author are skipped.
        expect(fake.requests.filter((r) => r.path.endsWith('/mentions'))).toHaveLength(3);
        expect(await countRows(store)).toEqual({ total: 271, distinct: 271 });

        // The stream delivers a post also found by search, and a new one.
        const { read } = createXClients({ ...CREDENTIALS, baseUrl: fake.url });
        const stream = createXFilteredStream({
          client: read,
          rules: ['acme -is:retweet'],
          normalise,
          log: silentLog,
          keepAliveTimeoutMs: 2_000,
        });
        const runner = createStreamRunner({ ...deps, streams: [stream] });
        await runner.follow(true);
        expect(fake.rules.map((r) => r.value)).toEqual(['acme -is:retweet']);
        const live = fake.addTweet(people[3] as FakeUser, '@acme the acme app is down', {
          mentions: [],
        });
        fake.pushToStream(searched[0] as never);
        fake.pushToStream(live);
        await waitFor(async () => (await countRows(store as Store)).total === 272);
        await runner.stop();

        // Restart: new source objects read from the stored cursors; only new posts arrive.
        const cursor = JSON.parse((await readCursor(store.db, 'x:mentions')) ?? '{}');
        // `since` is the newest post in the timeline, skipped ones included, so they are not read again.
        expect(cursor.next).toBeNull();
        expect(BigInt(cursor.since)).toBeGreaterThanOrEqual(BigInt(mentions.at(-1)?.id ?? '0'));
        fake.addTweet(people[4] as FakeUser, '@acme still no reply about my refund');
        const again = await ingestSources({ ...deps, sources: xSources(fake) });
        expect(again.map((r) => r.inserted)).toEqual([1, 0, 0]);
        expect(await countRows(store)).toEqual({ total: 273, distinct: 273 });
        expect(shop.id).toBeTruthy();
      },
    );

    it.skipIf(!available)(
      'waits out a 429 until its reset, without calling X in between, then resumes',
      async () => {
        store = await createTestStore(kind);
        const [person] = customers(fake, 1);
        fake.addTweet(person as FakeUser, '@acme where is my order');
        let now = new Date();
        const [mentions] = xSources(fake, () => now);
        const { deps } = buildTestDeps(store, {
          sources: [mentions as never],
          clock: { now: () => now },
        });
        fake.failNext('/2/users/100/mentions', { status: 429, resetInSeconds: 2 });
        const first = await ingestSources(deps);
        expect(first[0]?.error).toContain('rate_limited');
        const waitMs = Date.parse(first[0]?.waitUntil ?? '') - now.getTime();
        expect(waitMs).toBeGreaterThan(1_000);
        expect(waitMs).toBeLessThanOrEqual(3_000);
        const calls = fake.requests.length;
        now = new Date(now.getTime() + 1_000);
        const during = await ingestSources(deps);
        expect(during[0]?.waitUntil).toBe(first[0]?.waitUntil);
        expect(fake.requests.length).toBe(calls);
        now = new Date(now.getTime() + 2_500);
        const after = await ingestSources(deps);
        expect(after[0]?.error).toBeUndefined();
        expect(after[0]?.inserted).toBe(1);
      },
    );

    it.skipIf(!available)(
      'reconnects a dropped stream and stores a post sent again after the drop once',
      async () => {
        store = await createTestStore(kind);
        const [person] = customers(fake, 1);
        const { deps } = buildTestDeps(store);
        const { read } = createXClients({ ...CREDENTIALS, baseUrl: fake.url });
        const stream = createXFilteredStream({
          client: read,
          rules: ['acme'],
          normalise,
          log: silentLog,
          keepAliveTimeoutMs: 1_000,
        });
        const runner = createStreamRunner({ ...deps, streams: [stream] });
        await runner.follow(true);
        const first = fake.addTweet(person as FakeUser, '@acme broken again');
        fake.pushToStream(first);
        await waitFor(async () => (await countRows(store as Store)).total === 1);
        fake.dropStreams();
        // twitter-api-v2 reconnects after 5 s, then 15 s more: room for a second try on a loaded machine.
        await waitFor(async () => fake.streamConnections() === 1, 25_000);
        const second = fake.addTweet(person as FakeUser, '@acme and now the refund failed');
        fake.pushToStream(first);
        fake.pushToStream(second);
        await waitFor(async () => (await countRows(store as Store)).total === 2);
        await runner.stop();
        expect(await countRows(store)).toEqual({ total: 2, distinct: 2 });
      },
      45_000,
    );

    it.skipIf(!available)(
      'posts an approved reply once, even when the worker dies right after the POST',
      async () => {
        store = await createTestStore(kind);
        const [person] = customers(fake, 1);
        const post = fake.addTweet(
          person as FakeUser,
          '@acme my parcel never arrived and nobody answers',
        );
        const [source] = xSources(fake);
        const { write } = createXClients({ ...CREDENTIALS, baseUrl: fake.url });
        const real = createXReplyPublisher(write, 'acme');
        // Dies between X accepting the reply and the store recording it.
        const dying: ReplyPublisher = {
          ...real,
          publish: async (mention, text) => {
            await real.publish(mention, text);
            throw new Error('worker killed');
          },
        };
        const { deps } = buildTestDeps(store, { sources: [source as never], publisher: dying });
        await ingestSources(deps);
        await drainPipeline(deps);
        await decide(deps, { mentionId: `x:${post.id}`, reviewer: 'U1', action: 'approve' });
        await drainPipeline(deps);
        expect(fake.posted).toHaveLength(1);

        const restarted = {
          ...deps,
          publisher: real,
          clock: { now: () => new Date(Date.now() + 3_600_000) },
        };
        await drainPipeline(restarted);
        expect(fake.posted).toHaveLength(1);
        const reply = await store.db.selectFrom('replies').selectAll().executeTakeFirstOrThrow();
        expect(reply.reply_post_id).toBe(fake.posted[0]?.id);
        const mention = await store.db
          .selectFrom('mentions')
          .select('state')
          .where('id', '=', `x:${post.id}`)
          .executeTakeFirstOrThrow();
        expect(mention.state).toBe('published');
      },
    );

    it.skipIf(!available)(
      'moves a reply to a deleted post to a visible failed state with the reason',
      async () => {
        store = await createTestStore(kind);
        const [person] = customers(fake, 1);
        const post = fake.addTweet(person as FakeUser, '@acme terrible service, still waiting');
        const [source] = xSources(fake);
        const { write } = createXClients({ ...CREDENTIALS, baseUrl: fake.url });
        const { deps } = buildTestDeps(store, {
          sources: [source as never],
          publisher: createXReplyPublisher(write, 'acme'),
        });
        await ingestSources(deps);
        await drainPipeline(deps);
        post.deleted = true;
        await decide(deps, { mentionId: `x:${post.id}`, reviewer: 'U1', action: 'approve' });
        await drainPipeline(deps);
        const row = await store.db
          .selectFrom('mentions')
          .select(['state', 'last_error'])
          .where('id', '=', `x:${post.id}`)
          .executeTakeFirstOrThrow();
        expect(row.state).toBe('failed');
        expect(row.last_error).toContain('deleted');
        expect(fake.posted).toHaveLength(0);
      },
    );
  });
}

describe('the bot with only X credentials', () => {
  let fake: FakeX;
  afterEach(async () => {
    await fake.close();
  });
  it('reads X and says so in its first lines', async () => {
    fake = await startFakeX();
    const [person] = customers(fake, 1);
    fake.addTweet(person as FakeUser, '@acme my order is late again');
    const scratch = createScratch();
    const run = await runCliProcess(['run', '--once', '--json', '--config', scratch.configFile], {
      X_BEARER_TOKEN: 'test-bearer-token',
      X_API_BASE_URL: fake.url,
    });
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout) as { ingest: { source: string; inserted: number }[] };
    expect(summary.ingest.find((s) => s.source === 'x:mentions')).toMatchObject({ inserted: 1 });

    const child = startCliProcess(['start', '--config', scratch.configFile], {
      X_BEARER_TOKEN: 'test-bearer-token',
      X_API_BASE_URL: fake.url,
    });
    let banner = '';
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (d: Buffer) => {
        banner += d.toString();
        if (banner.includes('Ctrl-C')) resolve();
      });
    });
    child.kill('SIGINT');
    const lines = banner.split('\n');
    const sources = lines.find((l) => l.trim().startsWith('sources')) ?? '';
    expect(sources).toContain(`X at ${fake.url}`);
    expect(sources).toContain('X mentions of @acme');
    expect(banner).not.toContain('replay file');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}
