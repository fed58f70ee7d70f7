import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { ingestMentions } from '../../src/adapters/store/ingest-mentions.ts';
import type { Config } from '../../src/config/schema.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { computeDigest } from '../../src/digest/compute-digest.ts';
import type { DigestMessage, DigestPoster } from '../../src/digest/digest-poster.ts';
import { dayRange } from '../../src/digest/local-day.ts';
import { renderDigestMarkdown } from '../../src/digest/render-digest.ts';
import { sendDueDigests } from '../../src/digest/send-due-digests.ts';
import { decide } from '../../src/review/decide.ts';
import { createOfflineClassifier } from '../../src/triage/offline-classifier.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, defaultConfig, silentLog } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

const MIN = 60_000;

function newYorkConfig(): Config {
  const config = defaultConfig();
  config.brand.timezone = 'America/New_York';
  return config;
}

/**
 * 2026-03-08 in New York is 23 hours long (clocks go forward at 02:00), from
 * 05:00Z to 04:00Z the next day. Posts: three complaints and one thank-you that
 * day (the last at 23:30 local, after midnight UTC), one after local midnight,
 * and a complaint and a thank-you the day before.
 */
async function seed(store: Store, config: Config) {
  const clock = fixedClock('2026-03-07T15:00:00Z');
  const { deps, publisher } = buildTestDeps(store, {
    clock,
    getConfig: () => config,
    classifier: createOfflineClassifier(() => config),
  });
  // Replies go out at the moment of the approval (the clock's time).
  publisher.publish = async (mention) => ({
    replyPostId: `reply-${mention.id}`,
    url: null,
    publishedAt: clock.now().toISOString(),
  });
  const post = async (id: string, at: string, text: string, followers = 100) => {
    clock.set(at);
    await ingestMentions(store.db, {
      mentions: [
        buildMention({
          postId: id,
          text,
          postedAt: at,
          author: { handle: `user_${id}`, followers },
        }),
      ],
      sourceKey: 'seed',
      cursor: null,
      now: new Date(at),
    });
    clock.advance(2 * MIN);
    await drainPipeline(deps);
  };
  const approveAt = async (id: string, at: string) => {
    clock.set(at);
    await decide(deps, { mentionId: `replay:${id}`, reviewer: 'U_ALICE', action: 'approve' });
    await drainPipeline(deps);
  };
  await post('prev1', '2026-03-07T15:00:00Z', '@acme my parcel is late, still waiting for it');
  await post('prev2', '2026-03-07T16:00:00Z', '@acme thank you so much, great help today!');
  await post(
    'a',
    '2026-03-08T05:30:00Z',
    '@acme my parcel is late, still waiting for delivery',
    5_000,
  );
  await post(
    'b',
    '2026-03-08T16:00:00Z',
    '@acme you charged me twice for my subscription, I want a refund',
    90_000,
  );
  await post('p', '2026-03-08T17:00:00Z', '@acme thank you, great service!');
  await post(
    'c',
    '2026-03-09T03:30:00Z',
    '@acme my order never arrived, no reply to my emails',
    200,
  );
  await post('next', '2026-03-09T04:30:00Z', '@acme my parcel is late again');
  await approveAt('a', '2026-03-08T06:00:00Z');
  await approveAt('b', '2026-03-08T17:30:00Z');
  return { deps, publisher };
}

for (const kind of STORE_KINDS) {
  describe(`the daily digest on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
    });

    it.skipIf(!available)(
      'counts a 23-hour DST day in its own time zone and matches hand-computed figures',
      async () => {
        store = await createTestStore(kind);
        const config = newYorkConfig();
        await seed(store, config);
        const range = dayRange('2026-03-08', 'America/New_York');
        expect([range.start.toISOString(), range.end.toISOString()]).toEqual([
          '2026-03-08T05:00:00.000Z',
          '2026-03-09T04:00:00.000Z',
        ]);
        const d = await computeDigest(
          store.db,
          config,
          '2026-03-08',
          new Date('2026-03-09T14:00:00Z'),
        );

        expect(d.volume).toEqual({
          mentions: 4,
          complaints: 3,
          complaintRate: 0.75,
          previousDay: { mentions: 2, complaints: 1, complaintRate: 0.5, hasData: true },
          sevenDayAverage: { mentions: 2, complaints: 1, complaintRate: 0.5, days: 1 },
        });
        expect(d.byCategory).toEqual([
          { category: 'delivery', complaints: 2 },
          { category: 'billing', complaints: 1 },
        ]);
        expect(d.bySeverity).toEqual({ normal: 3 });
        expect(d.topProblems[0]).toEqual({
          category: 'delivery',
          complaints: 2,
          examples: [
            { handle: 'user_a', url: null },
            { handle: 'user_c', url: null },
          ],
        });
        expect(d.mostVisible.map((m) => [m.handle, m.followers, m.state])).toEqual([
          ['user_b', 90_000, 'published'],
          ['user_a', 5_000, 'published'],
          ['user_c', 200, 'in_review'],
        ]);
        // Drafts 2 min after each post; approvals (and replies) 30 and 90 min after.
        expect(d.responseTimes.postToDraft).toEqual({ n: 3, medianMinutes: 2, p90Minutes: 2 });
        expect(d.responseTimes.postToApproval).toEqual({ n: 2, medianMinutes: 60, p90Minutes: 90 });
        expect(d.responseTimes.postToReply).toEqual({ n: 2, medianMinutes: 60, p90Minutes: 90 });
        // a and b decided within 240 min; c (due 07:30Z) is open and overdue at 14:00Z.
        expect(d.serviceLevel).toEqual({
          decided: 2,
          onTime: 2,
          late: 0,
          overdueOpen: 1,
          attainment: 2 / 3,
        });
        // As of now, whatever the day: prev1, c and next wait, all past their 240 min.
        expect(d.waiting).toEqual({ open: 3, overdue: 3 });
        expect(d.reviewerActions).toEqual([{ reviewer: 'U_ALICE', actions: 2 }]);
        expect(d.dismissals).toEqual({});
        expect(d.llm).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 });
        expect(d.week.map((w) => [w.date, w.complaints])).toEqual([
          ['2026-03-02', 0],
          ['2026-03-03', 0],
          ['2026-03-04', 0],
          ['2026-03-05', 0],
          ['2026-03-06', 0],
          ['2026-03-07', 1],
          ['2026-03-08', 3],
        ]);
        const md = renderDigestMarkdown(d, 'Acme');
        expect(md).toContain('**3 complaints** in 4 mentions (75.0 %)');
        expect(md).toContain('| post → approval | 1.0 h | 1.5 h | 2 |');
        expect(md).not.toMatch(/customer|Customer \d/); // public handles only, no names
      },
    );

    it.skipIf(!available)(
      'reports an empty day and the first days without inventing comparisons',
      async () => {
        store = await createTestStore(kind);
        const config = newYorkConfig();
        const d = await computeDigest(
          store.db,
          config,
          '2026-03-01',
          new Date('2026-03-02T14:00:00Z'),
        );
        expect(d.volume.mentions).toBe(0);
        expect(d.volume.previousDay.hasData).toBe(false);
        expect(d.volume.sevenDayAverage.days).toBe(0);
        expect(d.responseTimes.postToApproval).toEqual({
          n: 0,
          medianMinutes: null,
          p90Minutes: null,
        });
        expect(d.serviceLevel.attainment).toBeNull();
        const md = renderDigestMarkdown(d, 'Acme');
        expect(md).toContain('No complaints this day.');
        expect(md).toContain('no earlier days to compare with yet');
      },
    );

    it.skipIf(!available)(
      'sends one digest a day at the set time, once across two workers, and catches up a missed day',
      async () => {
        store = await createTestStore(kind);
        const config = newYorkConfig();
        await seed(store, config);
        const sent: DigestMessage[] = [];
        const poster: DigestPoster = {
          describe: () => 'recording',
          post: async (m) => (sent.push(m), 'recorded'),
        };
        let now = new Date('2026-03-09T12:59:00Z'); // 08:59 in New York (EDT): not yet
        const worker = (owner: string) => ({
          db: (store as Store).db,
          getConfig: () => config,
          poster,
          log: silentLog,
          now: () => now,
          owner,
        });
        expect(await sendDueDigests(worker('w1'))).toEqual([]);
        now = new Date('2026-03-09T13:00:30Z'); // 09:00:30 local
        const both = await Promise.all([
          sendDueDigests(worker('w1')),
          sendDueDigests(worker('w2')),
        ]);
        expect(both.flat()).toEqual(['2026-03-08']);
        expect(sent.map((m) => m.date)).toEqual(['2026-03-08']);
        expect(sent[0]?.chart.subarray(1, 4).toString()).toBe('PNG');
        // Down for two days: on return, both missed days go out, oldest first, then nothing more.
        now = new Date('2026-03-11T20:00:00Z');
        expect(await sendDueDigests(worker('w2'))).toEqual(['2026-03-09', '2026-03-10']);
        expect(await sendDueDigests(worker('w1'))).toEqual([]);
      },
    );
  });
}

describe('the digest with a model', () => {
  it('adds a short factual summary of themes, sending the complaints without handles or numbers', async () => {
    const { startFakeOpenAi } = await import('../fakes/fake-openai-server.ts');
    const { createOpenAiLlm } = await import('../../src/adapters/openai/create-openai-llm.ts');
    const { llmConfigSchema } = await import('../../src/adapters/openai/llm-config.ts');
    const fake = await startFakeOpenAi();
    const store = await createTestStore('sqlite');
    try {
      const config = newYorkConfig();
      await seed(store, config);
      fake.setDefault(() => ({
        output: {
          summary: 'Late parcels and a double charge.',
          themes: [{ title: 'Late parcels', complaints: 2 }],
        },
      }));
      const llm = createOpenAiLlm({
        apiKey: 'sk-test',
        baseURL: fake.url,
        config: llmConfigSchema.parse({ max_retries: 0 }),
      });
      const d = await computeDigest(
        store.db,
        config,
        '2026-03-08',
        new Date('2026-03-09T14:00:00Z'),
        llm,
      );
      expect(d.themes).toMatchObject({
        summary: 'Late parcels and a double charge.',
        themes: [{ title: 'Late parcels', complaints: 2 }],
      });
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]?.input).not.toMatch(/@user_|@acme\b/);
      expect(renderDigestMarkdown(d, 'Acme')).toContain('**Themes** (summarised by');
      fake.setDefault(() => ({ status: 500, body: { error: { message: 'down' } } }));
      const offline = await computeDigest(
        store.db,
        config,
        '2026-03-08',
        new Date('2026-03-09T14:00:00Z'),
        llm,
      );
      expect(offline.themes).toBeNull();
      expect(offline.topProblems.length).toBeGreaterThan(0);
    } finally {
      await fake.stop();
      await store.close();
    }
  });
});
