import { ingestMentions, readCursor } from '../adapters/store/ingest-mentions.ts';
import { describeError } from '../domain/errors.ts';
import type { MentionSource } from '../sources/mention-source.ts';
import type { WorkerDeps } from './worker-deps.ts';

export type IngestResult = {
  source: string;
  fetched: number;
  inserted: number;
  error?: string;
  /** The source asked not to be called before this time (a rate limit). */
  waitUntil?: string;
  /** More is waiting at the source right now (pages not yet followed). */
  hasMore: boolean;
};

/** By default a poll follows `hasMore` at most this many pages, so one busy source cannot starve the pipeline. */
const MAX_PAGES_PER_POLL = 50;

export type IngestOptions = {
  /** Pages to follow per source in this call; the worker feeds a burst a page at a time. */
  maxPages?: number;
  /** Only these sources (by key). */
  only?: ReadonlySet<string>;
};

/** Polls each source once; a failing source is logged and retried next poll, the others go on. */
export async function ingestSources(
  deps: WorkerDeps,
  options: IngestOptions = {},
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const source of deps.sources) {
    if (options.only && !options.only.has(source.key)) continue;
    results.push(await ingestSource(source, deps, options.maxPages));
  }
  return results;
}

export async function ingestSource(
  source: MentionSource,
  deps: WorkerDeps,
  maxPages = MAX_PAGES_PER_POLL,
): Promise<IngestResult> {
  const result: IngestResult = { source: source.key, fetched: 0, inserted: 0, hasMore: false };
  const board = deps.sourceStatus;
  const waitUntil = board.get(source.key)?.waitUntil;
  if (waitUntil && waitUntil > deps.clock.now()) {
    result.waitUntil = waitUntil.toISOString();
    return result;
  }
  try {
    for (let page = 0; page < maxPages; page += 1) {
      const endTimer = deps.metrics.stepSeconds.startTimer({ step: 'ingest' });
      const cursor = await readCursor(deps.store.db, source.key);
      const fetched = await source.fetch(cursor);
      const inserted = await ingestMentions(deps.store.db, {
        mentions: fetched.mentions,
        sourceKey: source.key,
        cursor: fetched.cursor,
        now: deps.clock.now(),
      });
      endTimer();
      result.fetched += fetched.mentions.length;
      result.inserted += inserted.length;
      board.update(source.key, source.describe(), {
        lastOkAt: deps.clock.now(),
        lastError: null,
        waitUntil: fetched.retryAfter ?? null,
      });
      if (fetched.retryAfter) {
        result.waitUntil = fetched.retryAfter.toISOString();
        const seconds = Math.ceil(
          (fetched.retryAfter.getTime() - deps.clock.now().getTime()) / 1000,
        );
        deps.log.warn(
          { source: source.key, waitSeconds: seconds },
          `${source.describe()} is rate limited: waiting ${seconds} s before the next call`,
        );
        break;
      }
      result.hasMore = fetched.hasMore === true;
      if (!result.hasMore) break;
    }
    if (result.inserted > 0)
      deps.log.info({ source: source.key, new: result.inserted }, 'mentions ingested');
  } catch (error) {
    const message = describeError(error);
    const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
    board.update(source.key, source.describe(), {
      lastError: message,
      waitUntil: retryAfter instanceof Date ? retryAfter : null,
    });
    if (retryAfter instanceof Date) result.waitUntil = retryAfter.toISOString();
    deps.metrics.apiErrors.inc({ service: source.key.split(':')[0] ?? source.key });
    deps.log.error({ source: source.key }, `polling ${source.describe()} failed: ${message}`);
    result.error = message;
  }
  return result;
}
