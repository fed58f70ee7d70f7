import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateStore, openStore, type Store } from '../../src/adapters/store/open-store.ts';
import { withSearchPath } from '../../src/adapters/store/with-search-path.ts';

/**
 * The stores every lifecycle test runs against: embedded SQLite always, and
 * PostgreSQL when TEST_DATABASE_URL is set (CI sets it and REQUIRE_POSTGRES=1,
 * so a missing database fails the run instead of skipping the PostgreSQL path).
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestStoreKind = 'sqlite' | 'postgres';

export const STORE_KINDS: TestStoreKind[] = ['sqlite', 'postgres'];

let postgresChecked: Promise<boolean> | undefined;

/** True when PostgreSQL answers; with REQUIRE_POSTGRES=1 an unreachable server throws. */
export function postgresAvailable(): Promise<boolean> {
  postgresChecked ??= (async () => {
    const client = new pg.Client({
      connectionString: TEST_DATABASE_URL,
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env.REQUIRE_POSTGRES === '1') {
        throw new Error(
          `REQUIRE_POSTGRES=1 but PostgreSQL at ${TEST_DATABASE_URL} is unreachable: ${(error as Error).message}`,
        );
      }
      return false;
    }
  })();
  return postgresChecked;
}

/**
 * A fresh, migrated store. PostgreSQL tests each get their own schema, so test
 * files run in parallel without seeing each other's rows; `close` drops it.
 */
export async function createTestStore(
  kind: TestStoreKind,
  options: { poolSize?: number } = {},
): Promise<Store & { databaseUrl?: string; schema?: string }> {
  if (kind === 'sqlite') {
    const store = openStore({ sqlitePath: ':memory:' });
    await migrateStore(store);
    return { ...store, close: once(() => store.close()) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = openStore({
    databaseUrl: TEST_DATABASE_URL,
    sqlitePath: '',
    pgSchema: schema,
    pgPoolSize: options.poolSize,
  });
  await migrateStore(store);
  return {
    ...store,
    schema,
    databaseUrl: withSearchPath(TEST_DATABASE_URL, schema),
    close: once(async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    }),
  };
}

/**
 * Closing twice is harmless: a test whose next createTestStore fails leaves the
 * last store in its variable, and afterEach closes it again.
 */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
