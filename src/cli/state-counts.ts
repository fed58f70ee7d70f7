import type { Db } from '../adapters/store/database.ts';
import { MENTION_STATES, type MentionState } from '../domain/lifecycle.ts';

/** Number of mentions in each lifecycle state (every state listed, zeros included). */
export async function countByState(db: Db): Promise<Record<MentionState, number>> {
  const rows = await db
    .selectFrom('mentions')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const counts = Object.fromEntries(MENTION_STATES.map((s) => [s, 0])) as Record<
    MentionState,
    number
  >;
  for (const row of rows) counts[row.state as MentionState] = Number(row.n);
  return counts;
}
