import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import type { Config } from '../../src/config/schema.ts';
import { listPendingReplies } from '../../src/publishing/pending-replies.ts';
import { pausePublishing, resumePublishing } from '../../src/publishing/publish-gate.ts';
import { decide } from '../../src/review/decide.ts';
import { ingestSources } from '../../src/worker/ingest-sources.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import type { WorkerDeps } from '../../src/worker/worker-deps.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, staticSource } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

/** Three complaints, triaged, drafted and approved: ready to publish. */
async function threeApproved(store: Store, overrides: Partial<WorkerDeps> = {}) {
  const mentions = [1, 2, 3].map(() => buildMention());
  const built = buildTestDeps(store, {
    sources: [staticSource('test', [{ mentions, cursor: 'c1' }])],
    ...overrides,
  });
  await ingestSources(built.deps);
  await drainPipeline(built.deps);
  for (const m of mentions)
    await decide(built.deps, { mentionId: m.id, reviewer: 'local:test', action: 'approve' });
  return { ...built, mentions };
}

async function states(store: Store): Promise<string[]> {
  const rows = await store.db.selectFrom('mentions').select('state').orderBy('id').execute();
  return rows.map((r) => r.state);
}

for (const kind of STORE_KINDS) {
  describe(`safety switches on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store | undefined;
    afterEach(async () => {
      await store?.close();
    });

    it.skipIf(!available)(
      'pause stops publishing at once; resume sends each reply once',
      async () => {
        store = await createTestStore(kind);
        const { deps, publisher, clock } = await threeApproved(store);
        await pausePublishing(
          store.db,
          { by: 'ops', at: clock.now().toISOString(), reason: 'test' },
          clock.now(),
        );

        await drainPipeline(deps);
        expect(publisher.sent).toEqual([]);
        expect(await states(store)).toEqual(['approved', 'approved', 'approved']);

        await resumePublishing(store.db);
        await drainPipeline(deps);
        await drainPipeline(deps);
        expect(publisher.sent).toHaveLength(3);
        expect(new Set(publisher.sent.map((s) => s.mentionId)).size).toBe(3);
        expect(await states(store)).toEqual(['published', 'published', 'published']);
      },
    );

    it.skipIf(!available)('a pause that lands after the claim still stops the send', async () => {
      store = await createTestStore(kind);
      const { deps, publisher, clock } = await threeApproved(store);
      const db = store.db;
      // The pause arrives while the batch is in hand, before the first send.
      const realPublish = publisher.publish;
      let pausedMidBatch = false;
      publisher.findExisting = async () => null;
      const original = deps.publisher;
      deps.publisher = {
        ...original,
        publish: async (m, t) => {
          if (!pausedMidBatch) {
            pausedMidBatch = true;
            await pausePublishing(
              db,
              { by: 'ops', at: clock.now().toISOString(), reason: null },
              clock.now(),
            );
          }
          return realPublish(m, t);
        },
      };
      await drainPipeline(deps);
      expect(publisher.sent).toHaveLength(1);
      expect((await states(store)).sort()).toEqual(['approved', 'approved', 'published']);
    });

    it.skipIf(!available)('the hourly cap holds replies back until the hour allows', async () => {
      store = await createTestStore(kind);
      const { deps, publisher, clock, config } = await threeApproved(store);
      const capped: Config = {
        ...config,
        publishing: { ...config.publishing, max_replies_per_hour: 2 },
      };
      deps.getConfig = () => capped;
      publisher.publish = async (mention, text) => {
        publisher.sent.push({ mentionId: mention.id, text });
        return {
          replyPostId: `r-${mention.id}`,
          url: null,
          publishedAt: clock.now().toISOString(),
        };
      };

      await drainPipeline(deps);
      expect(publisher.sent).toHaveLength(2);
      clock.advance(61 * 60_000);
      await drainPipeline(deps);
      expect(publisher.sent).toHaveLength(3);
    });

    it.skipIf(!available)('a dry run publishes nothing and lists what would be sent', async () => {
      store = await createTestStore(kind);
      const { deps, publisher, mentions } = await threeApproved(store, { dryRun: true });
      await drainPipeline(deps);
      expect(publisher.sent).toEqual([]);
      const pending = await listPendingReplies(store.db);
      expect(pending.map((p) => p.mentionId).sort()).toEqual(mentions.map((m) => m.id).sort());
      expect(pending.every((p) => p.text.startsWith(`@${p.handle}`))).toBe(true);
    });
  });
}
