import { ingestMentions, readCursor } from '../adapters/store/ingest-mentions.ts';
import { describeError } from '../domain/errors.ts';
import type { MentionSource } from '../sources/mention-source.ts';
import type { WorkerDeps } from './worker-deps.ts';

export type IngestResult = { source: string; fetched: number; inserted: number; error?: string };

/** Polls each source once; a failing source is logged and retried next poll, the others go on. */
export async function ingestSources(deps: WorkerDeps): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const source of deps.sources) results.push(await ingestSource(source, deps));
  return results;
}

export async function ingestSource(source: MentionSource, deps: WorkerDeps): Promise<IngestResult> {
  try {
    const cursor = await readCursor(deps.store.db, source.key);
    const page = await source.fetch(cursor);
    const inserted = await ingestMentions(deps.store.db, {
      mentions: page.mentions,
      sourceKey: source.key,
      cursor: page.cursor,
      now: deps.clock.now(),
    });
    if (inserted.length > 0)
      deps.log.info({ source: source.key, new: inserted.length }, 'mentions ingested');
    return { source: source.key, fetched: page.mentions.length, inserted: inserted.length };
  } catch (error) {
    deps.log.error(
      { source: source.key },
      `polling ${source.describe()} failed: ${describeError(error)}`,
    );
    return { source: source.key, fetched: 0, inserted: 0, error: describeError(error) };
  }
}
