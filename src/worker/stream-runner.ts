import { ingestMentions } from '../adapters/store/ingest-mentions.ts';
import { describeError } from '../domain/errors.ts';
import type { MentionStream } from '../sources/mention-source.ts';
import type { WorkerDeps } from './worker-deps.ts';

/** Wait before trying to connect a stream that failed to start (it retries on its own once connected). */
const RESTART_AFTER_MS = 30_000;

/**
 * Runs the push sources on the leading worker only (one connection per app is
 * all X allows), starting them when this worker leads and stopping them when it
 * no longer does. Streamed posts take the same ingest path as polled ones.
 */
export function createStreamRunner(deps: WorkerDeps) {
  const running = new Set<MentionStream>();
  const retryAt = new Map<MentionStream, number>();

  const start = async (stream: MentionStream) => {
    if (running.has(stream) || (retryAt.get(stream) ?? 0) > Date.now()) return;
    running.add(stream);
    try {
      await stream.start(async (mentions) => {
        const inserted = await ingestMentions(deps.store.db, {
          mentions,
          sourceKey: stream.key,
          cursor: null,
          now: deps.clock.now(),
        });
        deps.sourceStatus.update(stream.key, stream.describe(), {
          lastOkAt: deps.clock.now(),
          lastError: null,
        });
        if (inserted.length)
          deps.log.info({ source: stream.key, new: inserted.length }, 'mentions streamed');
      });
      deps.sourceStatus.update(stream.key, stream.describe(), {
        lastOkAt: deps.clock.now(),
        lastError: null,
      });
    } catch (error) {
      running.delete(stream);
      retryAt.set(stream, Date.now() + RESTART_AFTER_MS);
      const message = describeError(error);
      deps.sourceStatus.update(stream.key, stream.describe(), { lastError: message });
      deps.metrics.apiErrors.inc({ service: stream.key.split(':')[0] ?? stream.key });
      deps.log.error(
        { source: stream.key },
        `${stream.describe()} could not start: ${message}; retrying in 30 s`,
      );
    }
  };

  const stopAll = async () => {
    for (const stream of running) await stream.stop().catch(() => {});
    running.clear();
  };

  return {
    /** Starts the streams when leading, stops them when not. */
    async follow(leading: boolean) {
      if (!leading) return stopAll();
      for (const stream of deps.streams ?? []) await start(stream);
    },
    stop: stopAll,
  };
}
