import type { Insertable } from 'kysely';
import type { Database, Db } from './database.ts';

/** One row a step writes with its state change; rows of one table are inserted together. */
export type RowWrite = {
  [T in keyof Database]: {
    table: T;
    values: Insertable<Database[T]>;
    /** Update these columns when the row's key already exists (cards posted after a placeholder). */
    upsert?: { key: keyof Database[T] & string; columns: (keyof Database[T] & string)[] };
  };
}[keyof Database];

/** Both engines cap bound parameters per statement; stay well under SQLite's 32,766. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts many rows with one statement per table (and chunk): a batch of 50
 * items costs a handful of round trips instead of a hundred, which is what
 * keeps PostgreSQL throughput up.
 */
export async function insertRows(trx: Db, rows: RowWrite[]): Promise<void> {
  const byTable = new Map<string, RowWrite[]>();
  for (const row of rows) {
    const key = `${row.table}|${row.upsert ? `${row.upsert.key}:${row.upsert.columns.join(',')}` : ''}`;
    const group = byTable.get(key);
    if (group) group.push(row);
    else byTable.set(key, [row]);
  }
  for (const group of byTable.values()) {
    const first = group[0];
    if (!first) continue;
    const width = Object.keys(first.values).length || 1;
    const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / width));
    for (let i = 0; i < group.length; i += chunk) {
      const values = group.slice(i, i + chunk).map((r) => r.values);
      // The mapped RowWrite type cannot follow a table name chosen at run time.
      const table = first.table as 'cards';
      let query = trx.insertInto(table).values(values as Insertable<Database['cards']>[]);
      const upsert = first.upsert as { key: 'mention_id'; columns: 'channel'[] } | undefined;
      if (upsert)
        query = query.onConflict((oc) =>
          oc
            .column(upsert.key)
            .doUpdateSet((eb) =>
              Object.fromEntries(upsert.columns.map((c) => [c, eb.ref(`excluded.${c}`)])),
            ),
        );
      await query.execute();
    }
  }
}
