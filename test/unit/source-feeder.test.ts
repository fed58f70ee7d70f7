import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import type { MentionSource } from '../../src/sources/mention-source.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { BACKLOG_BATCHES, createSourceFeeder } from '../../src/worker/source-feeder.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps } from '../helpers/test-deps.ts';
import { createTestStore } from '../helpers/test-stores.ts';

/** A source holding `total` posts, served 100 per page like X's timelines. */
function burstSource(total: number): MentionSource & { calls: number } {
  const posts = Array.from({ length: total }, (_, i) => buildMention({ postId: `burst${i}` }));
  const source = {
    key: 'burst',
    calls: 0,
    describe: () => 'burst',
    fetch: async (cursor: string | null) => {
      source.calls += 1;
      const start = Number(cursor ?? 0);
      const end = Math.min(total, start + 100);
      return { mentions: posts.slice(start, end), cursor: String(end), hasMore: end < total };
    },
  };
  return source;
}

describe('feeding a burst through the pipeline', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('reads a page at a time while the backlog is short, and still carries every mention to review', async () => {
    store = await createTestStore('sqlite');
    const source = burstSource(1_000);
    const { deps, review } = buildTestDeps(store, { sources: [source] });
    const feeder = createSourceFeeder(deps);
    const db = store.db;
    let mostWaiting = 0;
    const feed = async () => {
      const fed = await feeder.feed();
      const row = await db
        .selectFrom('mentions')
        .select(sql<number>`count(*)`.as('n'))
        .where('state', 'in', ['ingested', 'drafted'])
        .executeTakeFirstOrThrow();
      mostWaiting = Math.max(mostWaiting, Number(row.n));
      return fed;
    };

    const first = await feeder.poll();
    expect(first[0]).toMatchObject({ inserted: 100, hasMore: true });
    expect(feeder.behind).toBe(true);
    await drainPipeline(deps, undefined, feed);

    expect(feeder.behind).toBe(false);
    expect(feeder.totals()[0]).toMatchObject({ fetched: 1_000, inserted: 1_000 });
    expect(source.calls).toBe(10);
    // The burst waited at the source: never more than the backlog limit plus one page here.
    expect(mostWaiting).toBeLessThanOrEqual(
      deps.getConfig().worker.batch_size * BACKLOG_BATCHES + 100,
    );
    expect(new Set(review.posted).size).toBe(review.posted.length);
    const states = await db
      .selectFrom('mentions')
      .select(['state', sql<number>`count(*)`.as('n')])
      .groupBy('state')
      .execute();
    expect(states.reduce((n, r) => n + Number(r.n), 0)).toBe(1_000);
    expect(states.map((r) => r.state).sort()).toEqual(['in_review']);
  });

  it('keeps reading while mentions wait for a model draft, so triage still sees every new post', async () => {
    store = await createTestStore('sqlite');
    const source = burstSource(1_000);
    const { deps } = buildTestDeps(store, { sources: [source] });
    const feeder = createSourceFeeder(deps);
    await feeder.poll();
    // As if a slow model held every triaged mention: the quick queue is empty.
    const park = () => store?.db.updateTable('mentions').set({ state: 'triaged' }).execute();
    await park();
    await feeder.feed();
    await park();
    await feeder.feed();
    expect(feeder.totals()[0]?.inserted).toBeGreaterThanOrEqual(500);

    // Mentions waiting for a card do hold it back.
    await store.db.updateTable('mentions').set({ state: 'drafted' }).execute();
    const before = source.calls;
    expect(await feeder.feed()).toBe(false);
    expect(source.calls).toBe(before);

    // Unless other workers hold them: work in hand is not waiting, so reading goes on.
    const leaseUntil = new Date(deps.clock.now().getTime() + 60_000).toISOString();
    await store.db
      .updateTable('mentions')
      .set({ lease_owner: 'other-worker', lease_expires_at: leaseUntil })
      .execute();
    expect(await feeder.feed()).toBe(true);
    expect(source.calls).toBeGreaterThan(before);
  });
});
