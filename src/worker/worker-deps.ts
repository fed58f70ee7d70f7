import type { Logger } from 'pino';
import type { Store } from '../adapters/store/open-store.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { SourceStatusBoard } from '../ops/source-status.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Drafter } from '../drafting/drafter.ts';
import type { ReplyPublisher } from '../publishing/reply-publisher.ts';
import type { ReviewChannel } from '../review/review-channel.ts';
import type { MentionSource, MentionStream } from '../sources/mention-source.ts';
import type { Classifier } from '../triage/classifier.ts';

/** The ports every stage runs on; only `main.ts` builds the real ones. */
export type WorkerDeps = {
  store: Store;
  /** The config in effect now (it may be reloaded between steps). */
  getConfig: () => Config;
  clock: Clock;
  log: Logger;
  sources: MentionSource[];
  /** Push sources (the X filtered stream), run by the leading worker only. */
  streams?: MentionStream[];
  classifier: Classifier;
  drafter: Drafter;
  review: ReviewChannel;
  publisher: ReplyPublisher;
  /** Unique per worker process; written on every lease it takes. */
  workerId: string;
  /** Prometheus metrics this worker feeds (served on /metrics). */
  metrics: Metrics;
  /** What each source last did: readiness, and rate-limit waits the worker honours. */
  sourceStatus: SourceStatusBoard;
  /** Show what would be published instead of publishing (`--dry-run`). */
  dryRun?: boolean;
};
