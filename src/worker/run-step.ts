import { claimMentions, moveClaimedMany, recordFailure } from '../adapters/store/claim-mentions.ts';
import type { Db } from '../adapters/store/database.ts';
import { insertRows, type RowWrite } from '../adapters/store/insert-rows.ts';
import type { MentionRecord } from '../adapters/store/mention-records.ts';
import { describeError } from '../domain/errors.ts';
import type { MentionState, WorkingState } from '../domain/lifecycle.ts';
import type { WorkerDeps } from './worker-deps.ts';

export type StepResult = { claimed: number; done: number; retried: number; failed: number };

/** What a step decided for one item: the next state, the rows to write with it, and what to do after the commit. */
export type Outcome = {
  to: MentionState;
  /** Rows to insert with the state change; a batch's rows go in one statement per table. */
  rows?: RowWrite[];
  /** Anything `rows` cannot express, run inside the same transaction. */
  write?: (trx: Db) => Promise<void>;
  /** Runs after the commit (e.g. refreshing a card); its failure never undoes the commit. */
  after?: () => Promise<void>;
};

export type Step = {
  name: string;
  /** The state this step picks up. */
  from: WorkingState;
  /**
   * Does the step's work (model calls, posting a card, sending a reply) for a
   * claimed batch and returns each item's outcome or error. Nothing is committed
   * here except what must precede an outside call (e.g. "a send is starting").
   */
  prepare(records: MentionRecord[], deps: WorkerDeps): Promise<Map<string, Outcome | Failure>>;
  /**
   * How many items the step may take now, below the batch size (0 skips the
   * round, e.g. while publishing is paused or the hourly cap is reached).
   */
  limit?(deps: WorkerDeps): Promise<number>;
  /** The outside service the step calls, for error metrics (e.g. the review channel's name). */
  service?(deps: WorkerDeps): string;
};

export type Failure = { error: unknown };

export function isFailure(value: Outcome | Failure): value is Failure {
  return 'error' in value;
}

/**
 * Claims one batch for a step, does its work, and commits every item's result
 * with its state change in one transaction (one commit per batch, not per item).
 * If that transaction fails, each item is committed on its own so one bad item
 * cannot hold back the others; failures are booked for retry or for a person.
 */
export async function runStep(
  step: Step,
  deps: WorkerDeps,
  options: { ids?: string[] } = {},
): Promise<StepResult> {
  const config = deps.getConfig();
  const limit = Math.min(config.worker.batch_size, (await step.limit?.(deps)) ?? Infinity);
  if (limit <= 0) return { claimed: 0, done: 0, retried: 0, failed: 0 };
  const records = await claimMentions(deps.store, {
    state: step.from,
    owner: deps.workerId,
    limit,
    now: deps.clock.now(),
    leaseMs: config.worker.lease_seconds * 1000,
    ids: options.ids,
  });
  if (records.length === 0) return { claimed: 0, done: 0, retried: 0, failed: 0 };

  const endTimer = deps.metrics.stepSeconds.startTimer({ step: step.name });
  let outcomes: Map<string, Outcome | Failure>;
  try {
    outcomes = await step.prepare(records, deps);
  } catch (error) {
    outcomes = new Map(records.map((r) => [r.id, { error }]));
  }
  const errors = await commitOutcomes(records, outcomes, deps);
  await runAfterHooks(records, outcomes, errors, deps);
  const result = await bookFailures(step, records, errors, deps);
  endTimer();
  for (const outcome of ['done', 'retried', 'failed'] as const)
    if (result[outcome] > 0)
      deps.metrics.stepItems.inc({ step: step.name, outcome }, result[outcome]);
  if (step.service && errors.size > 0)
    deps.metrics.apiErrors.inc({ service: step.service(deps) }, errors.size);
  return result;
}

async function commitOutcomes(
  records: MentionRecord[],
  outcomes: Map<string, Outcome | Failure>,
  deps: WorkerDeps,
): Promise<Map<string, unknown>> {
  const errors = new Map<string, unknown>();
  const ready: [MentionRecord, Outcome][] = [];
  for (const record of records) {
    const outcome = outcomes.get(record.id) ?? {
      error: new Error(`step returned no outcome for ${record.id}`),
    };
    if (isFailure(outcome)) errors.set(record.id, outcome.error);
    else ready.push([record, outcome]);
  }
  const commitAll = async (trx: Db, items: [MentionRecord, Outcome][]) => {
    await insertRows(
      trx,
      items.flatMap(([, outcome]) => outcome.rows ?? []),
    );
    for (const [, outcome] of items) await outcome.write?.(trx);
    await moveClaimedMany(
      trx,
      items.map(([record, outcome]) => ({ record, to: outcome.to })),
      deps.workerId,
      deps.clock.now(),
    );
  };
  if (ready.length === 0) return errors;
  try {
    await deps.store.db.transaction().execute((trx) => commitAll(trx, ready));
  } catch {
    // One bad item (or a lease lost to another worker) must not hold back the rest.
    for (const item of ready) {
      try {
        await deps.store.db.transaction().execute((trx) => commitAll(trx, [item]));
      } catch (error) {
        errors.set(item[0].id, error);
      }
    }
  }
  return errors;
}

async function runAfterHooks(
  records: MentionRecord[],
  outcomes: Map<string, Outcome | Failure>,
  errors: Map<string, unknown>,
  deps: WorkerDeps,
): Promise<void> {
  for (const record of records) {
    const outcome = outcomes.get(record.id);
    if (!outcome || isFailure(outcome) || errors.has(record.id) || !outcome.after) continue;
    try {
      await outcome.after();
    } catch (error) {
      deps.log.warn({ mention: record.id }, `after ${record.state}: ${describeError(error)}`);
    }
  }
}

async function bookFailures(
  step: Step,
  records: MentionRecord[],
  errors: Map<string, unknown>,
  deps: WorkerDeps,
): Promise<StepResult> {
  const config = deps.getConfig();
  const result: StepResult = {
    claimed: records.length,
    done: records.length - errors.size,
    retried: 0,
    failed: 0,
  };
  const policy = {
    maxAttempts: config.worker.max_attempts,
    baseMs: config.worker.retry_base_seconds * 1000,
    maxMs: config.worker.retry_max_seconds * 1000,
  };
  for (const record of records) {
    if (!errors.has(record.id)) continue;
    const error = errors.get(record.id);
    const outcome = await recordFailure(
      deps.store.db,
      record,
      deps.workerId,
      error,
      policy,
      deps.clock.now(),
    );
    result[outcome === 'retry' ? 'retried' : 'failed'] += 1;
    const fields = { step: step.name, mention: record.id, attempt: record.attempts + 1, outcome };
    if (outcome === 'retry')
      deps.log.warn(fields, `${step.name} failed, will retry: ${describeError(error)}`);
    else deps.log.error(fields, `${step.name} failed, needs a person: ${describeError(error)}`);
  }
  return result;
}

/**
 * Prepares each record on its own, turning a throw into that item's failure.
 * `concurrency` above 1 overlaps slow calls (model drafts take seconds each, and
 * a batch must finish within its lease); steps whose order matters (cards,
 * replies) keep the default of one at a time.
 */
export async function prepareEach(
  records: MentionRecord[],
  prepare: (record: MentionRecord) => Promise<Outcome>,
  concurrency = 1,
): Promise<Map<string, Outcome | Failure>> {
  const settled = new Map<string, Outcome | Failure>();
  let next = 0;
  const lane = async () => {
    while (next < records.length) {
      const record = records[next++] as MentionRecord;
      try {
        settled.set(record.id, await prepare(record));
      } catch (error) {
        settled.set(record.id, { error });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, records.length)) }, lane),
  );
  // Keep the claim order (most urgent first) whatever order the calls finished in.
  return new Map(records.map((r) => [r.id, settled.get(r.id) as Outcome | Failure]));
}
