import { unleased } from '../adapters/store/claim-mentions.ts';
import type { Db } from '../adapters/store/database.ts';
import { type IngestResult, ingestSources } from './ingest-sources.ts';
import type { WorkerDeps } from './worker-deps.ts';

export type SourceFeeder = {
  /** Polls every source for one page; sources with more waiting are fed later by `feed`. */
  poll(): Promise<IngestResult[]>;
  /**
   * Ingests the next page of each source that has more waiting, but only while
   * the pipeline's backlog is short. Returns whether anything new came in.
   */
  feed(): Promise<boolean>;
  /** Whether some source still has pages waiting. */
  readonly behind: boolean;
  /** Totals per source since the feeder was made. */
  totals(): IngestResult[];
};

/**
 * Mentions waiting for a quick step and not yet in a worker's hands, in batches,
 * above which a burst is left at the source for now. Batches being worked on do
 * not count: counting them kept one of three workers idle whenever the other two
 * held a batch each. Measured with 3 PostgreSQL workers on 2 cores: 2 batches
 * gave 1,000–1,100 mentions/s (p95 to card 0.25 s), 3 gave 1,150–1,280 (0.3–0.4 s),
 * and 4 no more throughput at twice the wait (0.7–0.8 s).
 */
export const BACKLOG_BATCHES = 3;

/**
 * The states whose next step is quick (rules and a Slack post). Mentions
 * waiting for a model draft ('triaged') do not hold ingest back: triage must
 * still see every new post, so a severe one jumps the queue of slow drafts.
 */
const QUICK_STATES = ['ingested', 'drafted'] as const;

/**
 * Backpressure for bursts: a source with thousands waiting is read a page at a
 * time as the pipeline frees up, instead of all at once. Mentions then wait at
 * the source, not in our queue, so each one goes from ingest to review card in
 * about one batch's time, and a crash leaves less half-done work behind.
 */
export function createSourceFeeder(deps: WorkerDeps): SourceFeeder {
  let behind = new Set<string>();
  const totals = new Map<string, IngestResult>();

  const ingest = async (only?: ReadonlySet<string>) => {
    const results = await ingestSources(deps, { maxPages: 1, only });
    behind = new Set(results.filter((r) => r.hasMore && !r.error).map((r) => r.source));
    for (const r of results) {
      const total = totals.get(r.source);
      if (!total) totals.set(r.source, { ...r });
      else
        totals.set(r.source, {
          ...r,
          fetched: total.fetched + r.fetched,
          inserted: total.inserted + r.inserted,
          error: r.error ?? total.error,
        });
    }
    return results;
  };

  return {
    poll: () => ingest(),
    feed: async () => {
      const limit = deps.getConfig().worker.batch_size * BACKLOG_BATCHES;
      let fed = false;
      // Top the backlog up to the limit: one page per round would cap a burst at
      // a page per pipeline round, however many workers share the work.
      while (
        behind.size > 0 &&
        (await countWaiting(deps.store.db, limit, deps.clock.now())) < limit
      ) {
        const results = await ingest(behind);
        if (!results.some((r) => r.inserted > 0 || r.hasMore)) break;
        fed = true;
      }
      return fed;
    },
    get behind() {
      return behind.size > 0;
    },
    totals: () => [...totals.values()],
  };
}

async function countWaiting(db: Db, limit: number, now: Date): Promise<number> {
  const rows = await db
    .selectFrom('mentions')
    .select('id')
    .where('state', 'in', QUICK_STATES)
    .where(unleased(now))
    .limit(limit)
    .execute();
  return rows.length;
}
