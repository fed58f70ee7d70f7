import { createSlackClient } from '../../src/adapters/slack/create-slack-client.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { ingestMentions } from '../../src/adapters/store/ingest-mentions.ts';
import { createSlackDigestPoster } from '../../src/adapters/slack/slack-digest-poster.ts';
import { sendDueDigests } from '../../src/digest/send-due-digests.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack-server.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, defaultConfig, silentLog } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable } from '../helpers/test-stores.ts';

describe('the scheduled digest in Slack with two workers on PostgreSQL', async () => {
  const available = await postgresAvailable();
  let store: Store | undefined;
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await store?.close();
    await fake?.close();
  });

  it.skipIf(!available)(
    'posts one message with blocks and one PNG at the set time, never twice',
    async () => {
      store = await createTestStore('postgres');
      fake = await startFakeSlack();
      const config = defaultConfig();
      config.digest.channel = 'digest';
      const { deps } = buildTestDeps(store);
      await ingestMentions(store.db, {
        mentions: [buildMention({ postId: 'd1', postedAt: '2026-11-20T10:00:00.000Z' })],
        sourceKey: 'seed',
        cursor: null,
        now: new Date('2026-11-20T10:00:00.000Z'),
      });
      await drainPipeline(deps);
      const now = new Date('2026-11-21T09:05:00Z'); // 09:05 in London
      const worker = (owner: string) => ({
        db: (store as Store).db,
        getConfig: () => config,
        poster: createSlackDigestPoster(
          createSlackClient('xoxb-test', { apiUrl: (fake as FakeSlack).apiUrl }),
          'digest',
        ),
        log: silentLog,
        now: () => now,
        owner,
      });
      const runs = await Promise.all([
        sendDueDigests(worker('w1')),
        sendDueDigests(worker('w2')),
        sendDueDigests(worker('w1')),
      ]);
      expect(runs.flat()).toEqual(['2026-11-20']);
      const messages = fake.messages.filter((m) => m.channel === 'digest');
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages[0]?.blocks)).toContain('complaint digest');
      expect(fake.uploads).toEqual([
        {
          filename: 'complaint-digest-2026-11-20.png',
          bytes: expect.any(Number),
          channel: 'digest',
        },
      ]);
      expect(fake.uploads[0]?.bytes).toBeGreaterThan(1_000);
    },
  );
});
