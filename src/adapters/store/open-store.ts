import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { AppError } from '../../domain/errors.ts';
import type { Database, Db } from './database.ts';
import { migrationProvider } from './migrations.ts';
import { createNodeSqliteDialect } from './node-sqlite-dialect.ts';

export type StoreKind = 'sqlite' | 'postgres';

export type Store = {
  db: Db;
  kind: StoreKind;
  /** Where the data lives, with any password removed, for banners and logs. */
  location: string;
  close(): Promise<void>;
  /**
   * Runs a write that must survive a power cut before an outside call that must
   * not happen twice (a card posted, a reply sent): on the embedded store it is
   * committed with a full sync, which also makes every earlier commit durable.
   * PostgreSQL syncs every commit already (synchronous_commit).
   */
  durably<T>(write: () => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: a dedicated connection outside the pool, for state that
   * lives as long as a session (advisory locks for leadership).
   */
  openSession?(): Promise<pg.Client>;
};

export type StoreOptions = {
  /** A PostgreSQL URL; when absent the embedded SQLite file is used. */
  databaseUrl?: string;
  /** The SQLite file (or `:memory:`). */
  sqlitePath: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  pgSchema?: string;
  pgPoolSize?: number;
};

export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  if (options.sqlitePath !== ':memory:')
    mkdirSync(dirname(options.sqlitePath), { recursive: true });
  const db = new Kysely<Database>({ dialect: createNodeSqliteDialect(options.sqlitePath) });
  // Commits sync the write-ahead log only at checkpoints (synchronous = NORMAL):
  // safe from a crash of the process, and a tenth of the bot's time in a burst
  // saved. Writes that precede an outside call sync at once.
  let durableWrites = 0;
  return {
    db,
    kind: 'sqlite',
    location: options.sqlitePath,
    close: () => db.destroy(),
    async durably(write) {
      if (durableWrites++ === 0) await sql`PRAGMA synchronous = FULL`.execute(db);
      try {
        return await write();
      } finally {
        if (--durableWrites === 0) await sql`PRAGMA synchronous = NORMAL`.execute(db);
      }
    },
  };
}

function openPostgres(url: string, options: StoreOptions): Store {
  // int8 (count(*), sums) arrives as a string by default; our counts fit in a double.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const connection = {
    connectionString: url,
    options: options.pgSchema ? `-c search_path=${options.pgSchema}` : undefined,
  };
  const pool = new pg.Pool({ ...connection, max: options.pgPoolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    close: () => db.destroy(),
    durably: (write) => write(),
    openSession: async () => {
      const client = new pg.Client(connection);
      client.on('error', () => {});
      await client.connect();
      return client;
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** Applies pending migrations; returns the names applied now. */
export async function migrateStore(store: Store): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which;
  // another deployment (or test) in the same database must not count as ours.
  const schema =
    store.kind === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider,
    migrationTableSchema: schema,
  });
  const { error, results } = await retryWhileOtherSchemaDropped(
    () => migrator.migrateToLatest(),
    schema,
  );
  if (error) {
    throw new AppError(
      'store_unavailable',
      `Could not migrate the ${store.kind} store at ${store.location}: ${error instanceof Error ? error.message : String(error)}. Check that the database is reachable and the user may create tables.`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * kysely's migrator first lists the tables of every schema in the database, and
 * PostgreSQL fails that listing ("schema … does not exist", 3F000) when another
 * schema is dropped meanwhile: another deployment's, a test's, a benchmark's.
 * Nothing has been migrated yet then, so looking again is safe. Our own schema
 * missing is a real error and is not retried.
 */
export async function retryWhileOtherSchemaDropped<T extends { error?: unknown }>(
  migrate: () => Promise<T>,
  ownSchema: string | undefined,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await migrate();
    const cause = outcome.error as { code?: unknown; message?: unknown } | undefined;
    const otherSchemaGone =
      cause?.code === '3F000' &&
      typeof cause.message === 'string' &&
      !(ownSchema && cause.message.includes(`"${ownSchema}"`));
    if (!otherSchemaGone || attempt >= attempts) return outcome;
  }
}
