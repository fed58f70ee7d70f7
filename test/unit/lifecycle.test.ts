import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimMentions } from '../../src/adapters/store/claim-mentions.ts';
import { ingestMentions, readCursor } from '../../src/adapters/store/ingest-mentions.ts';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { countByState } from '../../src/cli/state-counts.ts';
import { AppError } from '../../src/domain/errors.ts';
import { decide } from '../../src/review/decide.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { runStep } from '../../src/worker/run-step.ts';
import { publishReplies } from '../../src/worker/steps/publish-replies.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

for (const kind of STORE_KINDS) {
  describe(`the mention lifecycle on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store;

    beforeEach(async () => {
      if (available) store = await createTestStore(kind);
    });
    afterEach(async () => {
      if (available) await store.close();
    });

    async function ingest(
      deps: ReturnType<typeof buildTestDeps>['deps'],
      ...mentions: ReturnType<typeof buildMention>[]
    ) {
      return ingestMentions(store.db, {
        mentions,
        sourceKey: 'test',
        cursor: String(mentions.length),
        now: deps.clock.now(),
      });
    }

    it.skipIf(!available)(
      'carries a complaint from ingest to a review card and, once approved, to one published reply',
      async () => {
        const { deps, review, publisher } = buildTestDeps(store);
        const complaint = buildMention({
          text: '@acme my parcel never arrived and I am still waiting for a refund',
        });
        await ingest(deps, complaint);

        await drainPipeline(deps);
        await decide(deps, { mentionId: complaint.id, reviewer: 'local:test', action: 'approve' });
        await drainPipeline(deps);
        await drainPipeline(deps);

        expect(review.posted).toEqual([complaint.id]);
        expect(publisher.sent).toHaveLength(1);
        expect((await countByState(store.db)).published).toBe(1);
      },
    );

    it.skipIf(!available)(
      'ignores praise and spam without drafting or posting a card',
      async () => {
        const { deps, review } = buildTestDeps(store);
        await ingest(
          deps,
          buildMention({ text: '@acme thank you, love the new coat!' }),
          buildMention({ text: '@acme GIVEAWAY follow for follow' }),
        );

        await drainPipeline(deps);

        expect((await countByState(store.db)).ignored).toBe(2);
        expect(review.posted).toEqual([]);
      },
    );

    it.skipIf(!available)(
      'stores the same post once however often a source delivers it, and keeps the cursor with it',
      async () => {
        const { deps } = buildTestDeps(store);
        const post = buildMention({ postId: 'dup-1' });

        const first = await ingestMentions(store.db, {
          mentions: [post, post],
          sourceKey: 'src',
          cursor: 'c1',
          now: deps.clock.now(),
        });
        const second = await ingestMentions(store.db, {
          mentions: [post],
          sourceKey: 'src',
          cursor: 'c2',
          now: deps.clock.now(),
        });

        expect(first).toEqual([post.id]);
        expect(second).toEqual([]);
        expect(await readCursor(store.db, 'src')).toBe('c2');
        expect((await countByState(store.db)).ingested).toBe(1);
      },
    );

    it.skipIf(!available)(
      'retries a failing step with backoff and then shows it as failed with the reason',
      async () => {
        const { deps, clock, config } = buildTestDeps(store);
        const failing = {
          ...deps,
          drafter: {
            name: 'broken',
            draft: async () => Promise.reject(new Error('template store unreachable')),
          },
        };
        const mention = buildMention();
        await ingest(deps, mention);

        for (let i = 0; i < config.worker.max_attempts; i++) {
          await drainPipeline(failing);
          clock.advance(config.worker.retry_max_seconds * 1000 + 1);
        }

        const row = await store.db
          .selectFrom('mentions')
          .selectAll()
          .where('id', '=', mention.id)
          .executeTakeFirstOrThrow();
        expect(row).toMatchObject({
          state: 'failed',
          failed_from: 'triaged',
          attempts: config.worker.max_attempts,
          last_error: 'template store unreachable',
        });
      },
    );

    it.skipIf(!available)('does not retry before the backoff has passed', async () => {
      const { deps } = buildTestDeps(store);
      let calls = 0;
      const failing = {
        ...deps,
        drafter: {
          name: 'broken',
          draft: async () => {
            calls += 1;
            throw new Error('down');
          },
        },
      };
      await ingest(deps, buildMention());

      await drainPipeline(failing);
      await drainPipeline(failing);

      expect(calls).toBe(1);
    });

    it.skipIf(!available)('refuses a second decision and says who acted first', async () => {
      const { deps } = buildTestDeps(store);
      const mention = buildMention();
      await ingest(deps, mention);
      await drainPipeline(deps);

      await decide(deps, {
        mentionId: mention.id,
        reviewer: 'U_ANNA',
        action: 'dismiss',
        dismissReason: 'spam',
      });
      const second = await decide(deps, {
        mentionId: mention.id,
        reviewer: 'U_BEN',
        action: 'approve',
      }).catch((e: unknown) => e);

      expect(second).toBeInstanceOf(AppError);
      expect((second as AppError).code).toBe('already_decided');
      expect((second as AppError).message).toContain('dismiss by U_ANNA');
    });

    it.skipIf(!available)('lets exactly one of two simultaneous approvals win', async () => {
      const { deps, publisher } = buildTestDeps(store);
      const mention = buildMention();
      await ingest(deps, mention);
      await drainPipeline(deps);

      const results = await Promise.allSettled([
        decide(deps, { mentionId: mention.id, reviewer: 'U_ANNA', action: 'approve' }),
        decide(deps, { mentionId: mention.id, reviewer: 'U_BEN', action: 'approve' }),
      ]);
      await drainPipeline(deps);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(publisher.sent).toHaveLength(1);
      const decisions = await store.db.selectFrom('decisions').selectAll().execute();
      expect(decisions).toHaveLength(1);
    });

    it.skipIf(!available)(
      'keeps every draft version and the text before and after an edit in the audit log',
      async () => {
        const { deps } = buildTestDeps(store);
        const mention = buildMention();
        await ingest(deps, mention);
        await drainPipeline(deps);

        await decide(deps, {
          mentionId: mention.id,
          reviewer: 'U_ANNA',
          action: 'edit',
          text: `@${mention.author.handle} So sorry, DM us your order number please.`,
        });
        await decide(deps, { mentionId: mention.id, reviewer: 'U_ANNA', action: 'approve' });

        const drafts = await store.db
          .selectFrom('drafts')
          .select(['version', 'text'])
          .where('mention_id', '=', mention.id)
          .orderBy('version')
          .execute();
        const edit = await store.db
          .selectFrom('decisions')
          .selectAll()
          .where('action', '=', 'edit')
          .executeTakeFirstOrThrow();
        expect(drafts.map((d) => d.version)).toEqual([1, 2]);
        expect(edit.text_before).toBe(drafts[0]?.text);
        expect(edit.text_after).toBe(drafts[1]?.text);
      },
    );

    it.skipIf(!available)('refuses an edit that is too long instead of cutting it', async () => {
      const { deps } = buildTestDeps(store);
      const mention = buildMention();
      await ingest(deps, mention);
      await drainPipeline(deps);

      const error = await decide(deps, {
        mentionId: mention.id,
        reviewer: 'U_ANNA',
        action: 'edit',
        text: 'x'.repeat(300),
      }).catch((e: unknown) => e);

      expect((error as AppError).code).toBe('too_long');
      expect((await countByState(store.db)).in_review).toBe(1);
    });

    it.skipIf(!available)(
      'does not post a reply twice when the worker died between sending and recording',
      async () => {
        const { deps, publisher } = buildTestDeps(store);
        const mention = buildMention();
        await ingest(deps, mention);
        await drainPipeline(deps);
        await decide(deps, { mentionId: mention.id, reviewer: 'U_ANNA', action: 'approve' });
        // The reply went out, then the worker died before recording it: the send was
        // marked as started and the lease expired.
        await store.db
          .updateTable('mentions')
          .set({ publish_started_at: deps.clock.now().toISOString() })
          .where('id', '=', mention.id)
          .execute();
        publisher.sent.push({ mentionId: mention.id, text: 'sent before the crash' });

        await runStep(publishReplies, deps);

        expect(publisher.sent).toHaveLength(1);
        expect((await countByState(store.db)).published).toBe(1);
      },
    );

    it.skipIf(!available)(
      'moves a reply the platform refuses for good to failed, visible to a person',
      async () => {
        const { deps, publisher } = buildTestDeps(store);
        const mention = buildMention();
        await ingest(deps, mention);
        await drainPipeline(deps);
        await decide(deps, { mentionId: mention.id, reviewer: 'U_ANNA', action: 'approve' });
        publisher.failNext.push(new AppError('target_gone', 'The post was deleted.'));

        await runStep(publishReplies, deps);

        const row = await store.db
          .selectFrom('mentions')
          .selectAll()
          .where('id', '=', mention.id)
          .executeTakeFirstOrThrow();
        expect(row).toMatchObject({
          state: 'failed',
          failed_from: 'approved',
          last_error: 'target_gone: The post was deleted.',
        });
      },
    );

    it.skipIf(!available)(
      'publishes nothing while publishing is paused and catches up when resumed',
      async () => {
        const { deps, publisher, config } = buildTestDeps(store);
        const mention = buildMention();
        await ingest(deps, mention);
        await drainPipeline(deps);
        await decide(deps, { mentionId: mention.id, reviewer: 'U_ANNA', action: 'approve' });

        const paused = {
          ...deps,
          getConfig: () => ({ ...config, publishing: { ...config.publishing, paused: true } }),
        };
        await drainPipeline(paused);
        const sentWhilePaused = publisher.sent.length;
        await drainPipeline(deps);

        expect(sentWhilePaused).toBe(0);
        expect(publisher.sent).toHaveLength(1);
      },
    );

    it.skipIf(!available)(
      'gives each of two workers different items and lets one take over a dead worker’s claims after the lease',
      async () => {
        const { deps, clock, config } = buildTestDeps(store);
        await ingest(deps, ...Array.from({ length: 6 }, () => buildMention()));
        const claim = (owner: string) =>
          claimMentions(store, {
            state: 'ingested',
            owner,
            limit: 4,
            now: clock.now(),
            leaseMs: config.worker.lease_seconds * 1000,
          });

        const [a, b] = await Promise.all([claim('worker-a'), claim('worker-b')]);
        const idsA = a.map((m) => m.id);
        const idsB = b.map((m) => m.id);
        const beforeExpiry = await claim('worker-c');
        clock.advance(config.worker.lease_seconds * 1000 + 1);
        const afterExpiry = await claim('worker-c');

        expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
        expect(idsA.length + idsB.length).toBe(6);
        expect(beforeExpiry).toEqual([]);
        expect(afterExpiry).toHaveLength(4);
      },
    );
  });
}
