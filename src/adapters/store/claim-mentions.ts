import { type ExpressionBuilder, sql } from 'kysely';
import { AppError, describeError, hasCode, isRetryable } from '../../domain/errors.ts';
import type { MentionState, WorkingState } from '../../domain/lifecycle.ts';
import type { Database, Db } from './database.ts';
import { type MentionRecord, withAuthors } from './mention-records.ts';
import type { Store } from './open-store.ts';

export type ClaimOptions = {
  state: WorkingState;
  owner: string;
  limit: number;
  now: Date;
  leaseMs: number;
  /** Claim only these mentions (a reviewer's approval publishes at once). */
  ids?: string[];
};

/**
 * Leases up to `limit` mentions waiting in `state`, most urgent first. Several
 * workers may claim at once: PostgreSQL skips rows another transaction holds
 * (`FOR UPDATE SKIP LOCKED`); SQLite serialises writers. A lease that is not
 * completed before it expires (the worker died) is claimable again.
 */
export async function claimMentions(store: Store, options: ClaimOptions): Promise<MentionRecord[]> {
  const now = options.now.toISOString();
  const expires = new Date(options.now.getTime() + options.leaseMs).toISOString();
  // A lookup by the verdict's key per waiting row, not a join: the plan stays an
  // index lookup even when the tables' statistics are stale, as they are mid-burst.
  const priority = sql<number>`coalesce((select v.priority from verdicts v where v.mention_id = mentions.id), 0)`;
  let picked = store.db
    .selectFrom('mentions')
    .select(['mentions.id', priority.as('claim_priority')])
    .where('mentions.state', '=', options.state)
    .where((eb) =>
      eb.or([
        eb('mentions.next_attempt_at', 'is', null),
        eb('mentions.next_attempt_at', '<=', now),
      ]),
    )
    .where(unleased(options.now))
    .orderBy(priority, 'desc')
    .orderBy('mentions.posted_at', 'asc')
    .orderBy('mentions.id', 'asc')
    .limit(options.limit);
  if (options.ids)
    picked = picked.where('mentions.id', 'in', options.ids.length ? options.ids : ['']);
  if (store.kind === 'postgres') picked = picked.forUpdate('mentions').skipLocked();
  // One statement picks and leases (atomic on both stores, no transaction round
  // trips); the materialised CTE is evaluated once, so a batch is picked once.
  const rows = await store.db
    .with(
      (cte) => cte('picked').materialized(),
      () => picked,
    )
    .updateTable('mentions')
    .set({ lease_owner: options.owner, lease_expires_at: expires })
    .where('mentions.id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
    .returningAll()
    .returning(priority.as('claim_priority'))
    .execute();
  // The update returns rows in no particular order; keep the most urgent first.
  rows.sort(
    (a, b) =>
      Number(b.claim_priority) - Number(a.claim_priority) ||
      compare(a.posted_at, b.posted_at) ||
      compare(a.id, b.id),
  );
  return withAuthors(
    store.db,
    rows.map(({ claim_priority: _, ...row }) => row),
  );
}

/** No worker holds the mention: never leased, its lease given back, or run out (the worker died). */
export function unleased(now: Date) {
  return (eb: ExpressionBuilder<Database, 'mentions'>) =>
    eb.or([
      eb('mentions.lease_expires_at', 'is', null),
      eb('mentions.lease_expires_at', '<=', now.toISOString()),
    ]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Moves a batch of claimed mentions to their next states with one update per
 * target state. All or nothing: if any item's lease was lost the whole
 * transaction rolls back (the caller then commits items one by one).
 */
export async function moveClaimedMany(
  trx: Db,
  moves: { record: { id: string; state: MentionState }; to: MentionState }[],
  owner: string,
  now: Date,
): Promise<void> {
  const groups = new Map<string, { from: MentionState; to: MentionState; ids: string[] }>();
  for (const { record, to } of moves) {
    const key = `${record.state}>${to}`;
    const group = groups.get(key) ?? { from: record.state, to, ids: [] };
    group.ids.push(record.id);
    groups.set(key, group);
  }
  for (const { from, to, ids } of groups.values()) {
    if (ids.length === 1) {
      await moveClaimed(trx, { id: ids[0] ?? '', state: from }, to, owner, now);
      continue;
    }
    const result = await trx
      .updateTable('mentions')
      .set({
        state: to,
        state_changed_at: now.toISOString(),
        lease_owner: null,
        lease_expires_at: null,
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
      })
      .where('id', 'in', ids)
      .where('state', '=', from)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== ids.length)
      throw new AppError(
        'invalid_transition',
        `${ids.length - Number(result.numUpdatedRows)} of ${ids.length} mentions are no longer held by this worker in state ${from}.`,
      );
  }
}

/**
 * Moves a claimed mention to its next state, inside the caller's transaction so
 * the step's result and the state change commit together. Throws when the lease
 * was lost (another worker took the item over), which rolls the result back.
 */
export async function moveClaimed(
  trx: Db,
  record: { id: string; state: MentionState },
  to: MentionState,
  owner: string,
  now: Date,
): Promise<void> {
  const result = await trx
    .updateTable('mentions')
    .set({
      state: to,
      state_changed_at: now.toISOString(),
      lease_owner: null,
      lease_expires_at: null,
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
    })
    .where('id', '=', record.id)
    .where('state', '=', record.state)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new AppError(
      'invalid_transition',
      `Mention ${record.id} is no longer held by this worker in state ${record.state}; another worker took it over after the lease expired. Nothing was changed.`,
    );
  }
}

export type RetryPolicy = { maxAttempts: number; baseMs: number; maxMs: number };

/**
 * Records a failed attempt. Retryable errors wait with exponential backoff (or
 * until the service's stated reset); the last attempt, or an error a retry cannot
 * fix, moves the item to `failed` with the reason, where a person sees it.
 */
export async function recordFailure(
  db: Db,
  record: { id: string; state: MentionState; attempts: number },
  owner: string,
  error: unknown,
  policy: RetryPolicy,
  now: Date,
): Promise<'retry' | 'failed'> {
  // Waiting for a rate limit or a pause is not failing: it spends no attempt.
  const waiting = hasCode(error, 'rate_limited') || hasCode(error, 'paused');
  const attempts = waiting ? record.attempts : record.attempts + 1;
  const reason = describeError(error).slice(0, 2000);
  const giveUp = !waiting && (!isRetryable(error) || attempts >= policy.maxAttempts);
  const base = db
    .updateTable('mentions')
    .where('id', '=', record.id)
    .where('state', '=', record.state)
    .where('lease_owner', '=', owner);
  if (giveUp) {
    await base
      .set({
        state: 'failed',
        failed_from: record.state,
        state_changed_at: now.toISOString(),
        attempts,
        last_error: reason,
        next_attempt_at: null,
        lease_owner: null,
        lease_expires_at: null,
      })
      .execute();
    return 'failed';
  }
  const retryAfter = error instanceof AppError ? error.retryAfter : undefined;
  const until = (retryAfter?.getTime() ?? 0) - now.getTime();
  const delay = waiting ? Math.max(0, until) : Math.max(backoffMs(attempts, policy), until);
  await base
    .set({
      attempts,
      last_error: reason,
      next_attempt_at: new Date(now.getTime() + delay).toISOString(),
      lease_owner: null,
      lease_expires_at: null,
    })
    .execute();
  return 'retry';
}

/** Exponential backoff with up to 20 % jitter so that retries of a burst spread out. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(exponential * (1 - Math.random() * 0.2));
}

/** Gives back every lease of a worker that stops cleanly, so others need not wait for expiry. */
export async function releaseLeases(db: Db, owner: string): Promise<number> {
  const result = await db
    .updateTable('mentions')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A person sends a failed item back to the step where it failed. */
export async function retryFailed(db: Db, id: string, now: Date): Promise<MentionState> {
  const row = await db
    .selectFrom('mentions')
    .select(['state', 'failed_from'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      'not_found',
      `No mention ${id}. List items with \`complaint-radar review list --state failed\`.`,
    );
  if (row.state !== 'failed' || !row.failed_from) {
    throw new AppError(
      'invalid_transition',
      `Mention ${id} is ${row.state}, not failed; only failed items can be retried.`,
    );
  }
  await db
    .updateTable('mentions')
    .set({
      state: row.failed_from,
      failed_from: null,
      attempts: 0,
      next_attempt_at: null,
      state_changed_at: now.toISOString(),
    })
    .where('id', '=', id)
    .where('state', '=', 'failed')
    .execute();
  return row.failed_from as MentionState;
}
