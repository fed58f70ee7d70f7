import type pg from 'pg';
import type { Db } from '../adapters/store/database.ts';
import type { Store } from '../adapters/store/open-store.ts';

/**
 * Which worker runs the singleton jobs (pollers, the stream). Pipeline steps run
 * on every worker; polling X from several would only waste rate limit.
 */
export type Leadership = {
  /** True while this worker leads; cheap enough to ask every tick. */
  holds(now: Date): Promise<boolean>;
  release(): Promise<void>;
};

/** Always the leader: for one-shot runs and tests of a single worker. */
export const soleLeader: Leadership = { holds: async () => true, release: async () => {} };

export function createLeadership(store: Store, owner: string, leaseMs: number): Leadership {
  return store.kind === 'postgres'
    ? createAdvisoryLockLeadership(
        store.openSession ??
          (() => Promise.reject(new Error('this PostgreSQL store cannot open sessions'))),
      )
    : createLeaseLeadership(store.db, owner, leaseMs);
}

/**
 * PostgreSQL: a session advisory lock held on a connection of its own. When the
 * leader's process dies its connection closes and the server frees the lock at
 * once, so another worker's next tick takes over. The key includes the schema,
 * so separate deployments (or test schemas) in one database do not contend.
 */
function createAdvisoryLockLeadership(openSession: () => Promise<pg.Client>): Leadership {
  let session: pg.Client | null = null;
  let leading = false;
  const drop = async () => {
    const old = session;
    session = null;
    leading = false;
    await old?.end().catch(() => {});
  };
  return {
    async holds() {
      try {
        session ??= await openSession();
        if (leading) {
          await session.query('select 1');
          return true;
        }
        const { rows } = await session.query<{ ok: boolean }>(
          `select pg_try_advisory_lock(hashtext('complaint-radar:leader:' || current_schema())) as ok`,
        );
        leading = rows[0]?.ok === true;
        return leading;
      } catch {
        // The connection broke: whatever lock it held is gone with it.
        await drop();
        return false;
      }
    },
    release: drop,
  };
}

/**
 * SQLite (one host): a lease row renewed every tick; a dead leader's lease
 * expires after `leaseMs` and the next worker takes it.
 */
function createLeaseLeadership(db: Db, owner: string, leaseMs: number): Leadership {
  const name = 'leader';
  return {
    async holds(now) {
      const expires = new Date(now.getTime() + leaseMs).toISOString();
      await db
        .insertInto('leases')
        .values({ name, owner, expires_at: expires })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ owner, expires_at: expires })
            .where((eb) =>
              eb.or([
                eb('leases.owner', '=', owner),
                eb('leases.expires_at', '<', now.toISOString()),
              ]),
            ),
        )
        .execute();
      const row = await db
        .selectFrom('leases')
        .select('owner')
        .where('name', '=', name)
        .executeTakeFirst();
      return row?.owner === owner;
    },
    async release() {
      await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}
