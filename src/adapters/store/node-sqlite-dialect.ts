import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionSettings,
} from 'kysely';

/**
 * kysely dialect over Node's built-in `node:sqlite`. kysely's own SqliteDialect
 * expects better-sqlite3's API (array parameters, `stmt.reader`) and shares one
 * connection between concurrent transactions; this driver passes parameters the
 * way node:sqlite wants them and serialises transactions with a mutex.
 */
export function createNodeSqliteDialect(path: string): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => createDriver(path),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

function createDriver(path: string): Driver {
  let database: DatabaseSync | undefined;
  let connection: DatabaseConnection | undefined;
  const mutex = createMutex();

  return {
    async init() {
      database = new DatabaseSync(path);
      // WAL lets the CLI read while a worker writes; busy_timeout waits instead of failing
      // when another process (a second CLI command) holds the write lock for a moment.
      // synchronous = NORMAL: see Store.durably for the writes that sync at once.
      database.exec(
        'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;',
      );
      connection = createConnection(database);
    },
    async acquireConnection() {
      await mutex.lock();
      if (!connection) throw new Error('node:sqlite driver used before init');
      return connection;
    },
    async beginTransaction(conn: DatabaseConnection, _settings: TransactionSettings) {
      await conn.executeQuery(raw('begin immediate'));
    },
    async commitTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(raw('commit'));
    },
    async rollbackTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(raw('rollback'));
    },
    async releaseConnection() {
      mutex.unlock();
    },
    async destroy() {
      database?.close();
      database = undefined;
    },
  };
}

function createConnection(database: DatabaseSync): DatabaseConnection {
  // kysely compiles the same few statements over and over; preparing each once saves
  // most of the per-query cost. Bounded so ad-hoc SQL cannot grow it without limit.
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      if (statements.size >= 500) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const statement = prepare(compiled.sql);
      const parameters = compiled.parameters.map(toSqliteValue);
      if (statement.columns().length > 0) {
        return { rows: statement.all(...parameters) as R[] };
      }
      const { changes, lastInsertRowid } = statement.run(...parameters);
      return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
    },
    async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
      const statement = prepare(compiled.sql);
      for (const row of statement.iterate(...compiled.parameters.map(toSqliteValue))) {
        yield { rows: [row as R] };
      }
    },
  };
}

/** node:sqlite binds only null, numbers, bigints, strings and bytes. */
function toSqliteValue(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value as SQLInputValue;
}

function raw(sql: string): CompiledQuery {
  return CompiledQuery.raw(sql);
}

function createMutex() {
  let tail = Promise.resolve();
  let release: (() => void) | undefined;
  return {
    async lock() {
      const previous = tail;
      let unlockNext!: () => void;
      tail = new Promise<void>((resolve) => {
        unlockNext = resolve;
      });
      await previous;
      release = unlockNext;
    },
    unlock() {
      const current = release;
      release = undefined;
      current?.();
    },
  };
}
