import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { AppError } from '../../src/domain/errors.ts';
import { type OpsServer, startOpsServer } from '../../src/ops/ops-server.ts';
import type { MentionSource } from '../../src/sources/mention-source.ts';
import { ingestSources } from '../../src/worker/ingest-sources.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, staticSource } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

for (const kind of STORE_KINDS) {
  describe(`health and metrics endpoints on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store | undefined;
    let server: OpsServer | undefined;
    afterEach(async () => {
      await server?.close();
      await store?.close();
    });

    it.skipIf(!available)('serves state counts, step timings and readiness', async () => {
      store = await createTestStore(kind);
      const mentions = [buildMention(), buildMention(), buildMention({ text: '@acme thanks!' })];
      const { deps } = buildTestDeps(store, {
        sources: [staticSource('replay:test', [{ mentions, cursor: 'c' }])],
      });
      server = await startOpsServer(deps, { port: 0, host: '127.0.0.1' });

      const before = await fetch(`${server.url}/readyz`);
      await ingestSources(deps);
      await drainPipeline(deps);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const live = await fetch(`${server.url}/healthz`);
      const ready = await fetch(`${server.url}/healthz?ready`);

      expect(before.status).toBe(503); // not polled yet
      expect(metrics).toContain('complaint_radar_mentions{state="in_review"} 2');
      expect(metrics).toContain('complaint_radar_mentions{state="ignored"} 1');
      expect(metrics).toContain('complaint_radar_review_backlog 2');
      expect(metrics).toMatch(/complaint_radar_step_seconds_count\{step="triage"\} 1/);
      expect(metrics).toContain('complaint_radar_step_items_total{step="review",outcome="done"} 2');
      expect(metrics).toContain('complaint_radar_ingest_to_card_seconds_count 2');
      // The process's own figures, for memory and CPU alerts.
      expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
      expect(live.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ live: true, ready: true, store: { ok: true } });
    });

    it.skipIf(!available)(
      'honours a rate-limit wait, shows it, and reports a failing source',
      async () => {
        store = await createTestStore(kind);
        let calls = 0;
        const limited: MentionSource = {
          key: 'x:mentions',
          describe: () => 'X mentions (test)',
          fetch: async () => {
            calls += 1;
            return {
              mentions: [buildMention()],
              cursor: `c${calls}`,
              retryAfter: new Date('2026-11-20T10:06:00Z'),
            };
          },
        };
        const broken: MentionSource = {
          key: 'x:search',
          describe: () => 'X search (test)',
          fetch: async () => {
            throw new AppError('credentials', 'X_BEARER_TOKEN was refused (401).');
          },
        };
        const { deps, clock } = buildTestDeps(store, { sources: [limited, broken] });
        server = await startOpsServer(deps, { port: 0, host: '127.0.0.1' });

        const first = await ingestSources(deps);
        await ingestSources(deps); // within the wait: not called
        clock.advance(61_000);
        await ingestSources(deps); // after the reset: called again
        clock.set('2026-11-20T10:05:30Z');
        const ready = await fetch(`${server.url}/readyz`);
        const body = (await ready.json()) as {
          sources: { key: string; ok: boolean; detail: string }[];
        };
        const metrics = await (await fetch(`${server.url}/metrics`)).text();

        expect(calls).toBe(2);
        expect(first[0]?.waitUntil).toBe('2026-11-20T10:06:00.000Z');
        expect(ready.status).toBe(503);
        expect(body.sources).toEqual([
          expect.objectContaining({ key: 'x:mentions', ok: true }),
          expect.objectContaining({
            key: 'x:search',
            ok: false,
            detail: expect.stringContaining('credentials'),
          }),
        ]);
        expect(metrics).toContain('complaint_radar_api_errors_total{service="x"} 3');
      },
    );
  });
}
