import { Writable } from 'node:stream';
import pino from 'pino';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { createTemplateDrafter } from '../../src/drafting/template-drafter.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createSourceStatusBoard } from '../../src/ops/source-status.ts';
import type { ReplyPublisher } from '../../src/publishing/reply-publisher.ts';
import type { ReviewChannel } from '../../src/review/review-channel.ts';
import type { MentionSource } from '../../src/sources/mention-source.ts';
import { createOfflineClassifier } from '../../src/triage/offline-classifier.ts';
import type { WorkerDeps } from '../../src/worker/worker-deps.ts';

export function defaultConfig(): Config {
  return loadConfig(['config/default.yaml']);
}

/** Records every card posted and update made, like a review channel would show them. */
export function createRecordingReviewChannel(): ReviewChannel & {
  posted: string[];
  updated: string[];
} {
  const posted: string[] = [];
  const updated: string[] = [];
  return {
    name: 'recording',
    isLocal: true,
    posted,
    updated,
    describe: () => 'recording review channel',
    postCard: async (item) => {
      posted.push(item.mention.id);
      return { channel: item.verdict.route, messageRef: `card-${item.mention.id}` };
    },
    updateCard: async (item) => {
      updated.push(item.mention.id);
    },
  };
}

/** A publisher that remembers what it sent, and can be told to fail. */
export function createRecordingPublisher(): ReplyPublisher & {
  sent: { mentionId: string; text: string }[];
  failNext: Error[];
} {
  const sent: { mentionId: string; text: string }[] = [];
  const failNext: Error[] = [];
  return {
    name: 'recording',
    isLocal: true,
    sent,
    failNext,
    describe: () => 'recording publisher',
    findExisting: async (mention) => {
      const found = sent.find((s) => s.mentionId === mention.id);
      return found
        ? { replyPostId: `reply-${mention.id}`, url: null, publishedAt: '2026-11-20T10:00:00.000Z' }
        : null;
    },
    publish: async (mention, text) => {
      const failure = failNext.shift();
      if (failure) throw failure;
      sent.push({ mentionId: mention.id, text });
      return {
        replyPostId: `reply-${mention.id}`,
        url: null,
        publishedAt: '2026-11-20T10:00:00.000Z',
      };
    },
  };
}

export function staticSource(
  key: string,
  pages: MentionSource['fetch'] extends (c: string | null) => Promise<infer R> ? R[] : never,
): MentionSource {
  let i = 0;
  return {
    key,
    describe: () => key,
    fetch: async () => pages[Math.min(i++, pages.length - 1)] ?? { mentions: [], cursor: null },
  };
}

export const silentLog = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

/** Worker dependencies on a test store with recording fakes for every outside service. */
export function buildTestDeps(store: Store, overrides: Partial<WorkerDeps> = {}) {
  const config = defaultConfig();
  const getConfig = () => config;
  const review = createRecordingReviewChannel();
  const publisher = createRecordingPublisher();
  const clock = fixedClock('2026-11-20T10:05:00.000Z');
  const deps: WorkerDeps = {
    store,
    getConfig,
    clock,
    log: silentLog,
    sources: [],
    classifier: createOfflineClassifier(getConfig),
    drafter: createTemplateDrafter(getConfig),
    review,
    publisher,
    workerId: 'test-worker',
    metrics: createMetrics(store.db, () => clock.now()),
    sourceStatus: createSourceStatusBoard(),
    ...overrides,
  };
  return { deps, review, publisher, clock, config };
}
