import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateStore, openStore, type Store } from '../adapters/store/open-store.ts';
import { withSearchPath } from '../adapters/store/with-search-path.ts';
import { syntheticPosts } from './synthetic-mentions.ts';

export type ScenarioSpec = {
  store: 'sqlite' | 'postgres';
  workers: number;
  mentions: number;
  /** PostgreSQL server for `postgres` scenarios; each run gets its own schema, dropped after. */
  databaseUrl?: string;
  /** Longest wait for the burst to reach review before the scenario is called failed. */
  timeoutMs?: number;
};

export type ScenarioResult = {
  name: string;
  store: string;
  workers: number;
  mentions: number;
  /** Mentions that reached a review card (the rest were ignored or failed). */
  carded: number;
  ignored: number;
  failed: number;
  /** Mentions that ended with none of those, by state: always empty unless something is lost. */
  unaccounted: Record<string, number>;
  /** From the first ingest to the last mention leaving the automatic steps. */
  seconds: number;
  mentionsPerSecond: number;
  ingestToCardMs: { p50: number; p95: number; max: number };
  /** Peak resident memory of each worker process (VmHWM). */
  peakRssMb: number[];
  /**
   * CPU seconds during the burst: each worker; this process (the fake X and Slack,
   * the bench's polling); a PostgreSQL server on this machine (null otherwise).
   */
  cpuSeconds: { workers: number[]; fakes: number; database: number | null };
  /** Cores this machine has: what the processes above share. */
  cores: number;
  /** Time spent in each step, summed over workers, from their /metrics. */
  stageSeconds: Record<string, number>;
  timedOut: boolean;
};

const WORKING_STATES = ['ingested', 'triaged', 'drafted'];

/**
 * One benchmark scenario: a burst of synthetic mentions waiting at the source,
 * carried through offline triage, template drafts and review cards by real
 * worker processes (`complaint-radar start`), measured from the store they
 * share, their /metrics and the kernel's record of their peak memory.
 */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'complaint-radar-bench-'));
  const fakes = await startFakes();
  const target = await prepareStore(spec, dir);
  const workers: { child: ChildProcess; port: number }[] = [];
  try {
    for (let i = 0; i < spec.workers; i++) {
      const port = await freePort();
      const configFile = join(dir, `worker-${i}.yaml`);
      writeFileSync(
        configFile,
        [
          'store:',
          `  sqlite_path: ${JSON.stringify(join(dir, 'bench.db'))}`,
          'sources:',
          '  replay:',
          '    file: null',
          'review:',
          '  http_port: 0',
          'digest:',
          '  enabled: false',
          'worker:',
          // Every second: the burst lands on running workers, not on their start.
          "  poll_schedule: '* * * * * *'",
          'ops:',
          `  port: ${port}`,
          '',
        ].join('\n'),
      );
      workers.push({
        child: startWorkerProcess(
          configFile,
          { ...fakes.env, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}) },
          i,
        ),
        port,
      });
    }
    await waitUntilReady(workers);
    const harnessCpu = process.cpuUsage();
    const databaseCpu = spec.store === 'postgres' ? localPostgresCpu() : null;
    const workerCpu = workers.map((w) => cpuTime(w.child.pid));
    fakes.loadBurst(spec.mentions);
    const timedOut = !(await waitUntilReviewed(target.store, spec, workers));
    const stageSeconds = await scrapeStageSeconds(workers.map((w) => w.port));
    const peakRssMb = workers.map((w) => peakRss(w.child.pid));
    const fakesCpu = process.cpuUsage(harnessCpu);
    const cpuSeconds = {
      workers: workers.map((w, i) => cpuTime(w.child.pid) - (workerCpu[i] ?? 0)),
      fakes: (fakesCpu.user + fakesCpu.system) / 1e6,
      database: databaseCpu === null ? null : Math.max(0, (localPostgresCpu() ?? 0) - databaseCpu),
    };
    const result = await measure(target.store, spec, {
      stageSeconds,
      peakRssMb,
      cpuSeconds,
      cores: availableParallelism(),
      timedOut,
    });
    return result;
  } finally {
    await Promise.all(workers.map((w) => stop(w.child)));
    await target.close();
    await fakes.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The burst waits at a local fake X (the real client pages through it) and the
 * cards go to a local fake Slack, both speaking the real wire formats; they are
 * the project's test fakes, so the bench runs from a clone of the repository.
 */
async function startFakes() {
  const { startFakeX } = await import('../../test/fakes/fake-x-server.ts');
  const { startFakeSlack } = await import('../../test/fakes/fake-slack-server.ts');
  const x = await startFakeX();
  const slack = await startFakeSlack();
  const loadBurst = (count: number) => {
    for (const post of syntheticPosts(count)) {
      const author =
        x.users.get(post.author.id) ??
        x.addUser({
          id: post.author.id,
          username: post.author.username,
          name: post.author.name,
          followers_count: post.author.followers_count,
          verified: post.author.verified,
        });
      x.addTweet(author, post.text, { lang: post.lang });
    }
  };
  return {
    loadBurst,
    env: {
      X_BEARER_TOKEN: 'bench-bearer',
      X_API_KEY: 'bench-key',
      X_API_SECRET: 'bench-secret',
      X_ACCESS_TOKEN: 'bench-access',
      X_ACCESS_SECRET: 'bench-access-secret',
      X_API_BASE_URL: x.url,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    },
    close: async () => {
      await x.close();
      await slack.close();
    },
  };
}

async function prepareStore(
  spec: ScenarioSpec,
  dir: string,
): Promise<{ store: Store; databaseUrl?: string; close(): Promise<void> }> {
  if (spec.store === 'sqlite') {
    const store = openStore({ sqlitePath: join(dir, 'bench.db') });
    await migrateStore(store);
    return { store, close: () => store.close() };
  }
  if (!spec.databaseUrl) throw new Error('a PostgreSQL scenario needs a database URL');
  const admin = spec.databaseUrl;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(admin, `create schema ${schema}`);
  const store = openStore({ databaseUrl: admin, sqlitePath: '', pgSchema: schema });
  await migrateStore(store);
  return {
    store,
    databaseUrl: withSearchPath(admin, schema),
    close: async () => {
      await store.close();
      await adminQuery(admin, `drop schema ${schema} cascade`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function startWorkerProcess(
  configFile: string,
  extraEnv: NodeJS.ProcessEnv,
  index: number,
): ChildProcess {
  // Only what a worker needs: the fakes' endpoints and dummy credentials, nothing from this shell.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    // e.g. BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the workers.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS,
    WORKER_ID: `bench-${index}`,
    ...extraEnv,
  };
  const child = spawn(
    process.execPath,
    [...startFlags(), 'src/main.ts', 'start', '--config', configFile],
    { cwd: process.cwd(), env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (errors.length < 4000) errors += d.toString();
  });
  child.on('exit', (code) => {
    if (code && code !== 0)
      process.stderr.write(`bench worker ${index} exited ${code}: ${errors}\n`);
  });
  return child;
}

/** The Node flags `npm start` uses (package.json is the one place they are chosen). */
function startFlags(): string[] {
  const scripts = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
  ).scripts;
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Waits until every worker answers /readyz (sources and Slack connected). */
async function waitUntilReady(workers: { child: ChildProcess; port: number }[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const worker of workers) {
    while (Date.now() < deadline && worker.child.exitCode === null) {
      try {
        const response = await fetch(`http://127.0.0.1:${worker.port}/readyz`);
        await response.body?.cancel();
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function waitUntilReviewed(
  store: Store,
  spec: ScenarioSpec,
  workers: { child: ChildProcess }[],
): Promise<boolean> {
  const deadline = Date.now() + (spec.timeoutMs ?? 300_000);
  while (Date.now() < deadline) {
    if (workers.every((w) => w.child.exitCode !== null)) return false;
    // Cheap polls (an index range) while the burst runs; the full count only once it looks done.
    const working = await store.db
      .selectFrom('mentions')
      .select(sql<number>`count(*)`.as('n'))
      .where('state', 'in', WORKING_STATES as never[])
      .executeTakeFirstOrThrow();
    if (Number(working.n) === 0) {
      const done = await store.db
        .selectFrom('mentions')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      if (Number(done.n) >= spec.mentions) return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function measure(
  store: Store,
  spec: ScenarioSpec,
  extra: Pick<ScenarioResult, 'stageSeconds' | 'peakRssMb' | 'cpuSeconds' | 'cores' | 'timedOut'>,
): Promise<ScenarioResult> {
  const rows = await store.db
    .selectFrom('mentions')
    .leftJoin('cards', 'cards.mention_id', 'mentions.id')
    .select([
      'mentions.state',
      'mentions.ingested_at',
      'mentions.state_changed_at',
      'cards.mention_id as card_of',
      'cards.posted_at',
    ])
    .execute();
  const latencies: number[] = [];
  let first = Infinity;
  let last = 0;
  const count = (state: string) => rows.filter((r) => r.state === state).length;
  const unaccounted: Record<string, number> = {};
  for (const row of rows) {
    const ingested = Date.parse(row.ingested_at);
    first = Math.min(first, ingested);
    last = Math.max(last, Date.parse(row.posted_at ?? row.state_changed_at));
    if (row.posted_at) latencies.push(Date.parse(row.posted_at) - ingested);
    else if (row.state !== 'ignored' && row.state !== 'failed') {
      const key = `${row.state}${row.card_of ? ', card not posted' : ''}`;
      unaccounted[key] = (unaccounted[key] ?? 0) + 1;
    }
  }
  latencies.sort((a, b) => a - b);
  const seconds = rows.length ? Math.max(0.001, (last - first) / 1000) : 0;
  return {
    name: `${spec.store}, ${spec.workers} worker${spec.workers > 1 ? 's' : ''}`,
    store: spec.store,
    workers: spec.workers,
    mentions: spec.mentions,
    carded: latencies.length,
    ignored: count('ignored'),
    failed: count('failed'),
    unaccounted,
    seconds,
    mentionsPerSecond: seconds ? rows.length / seconds : 0,
    ingestToCardMs: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      max: latencies.at(-1) ?? 0,
    },
    ...extra,
  };
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

async function scrapeStageSeconds(ports: number[]): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const port of ports) {
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      for (const match of text.matchAll(
        /^complaint_radar_step_seconds_sum\{step="([^"]+)"\} (\S+)$/gm,
      )) {
        const [, step = '', value = '0'] = match;
        totals[step] = (totals[step] ?? 0) + Number(value);
      }
    } catch {
      // A worker that died has no metrics; the scenario reports it as timed out.
    }
  }
  return totals;
}

/** Peak resident set size in MB from /proc (Linux); 0 where the kernel does not say. */
function peakRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** User and system CPU seconds of a process so far, from /proc (Linux); 0 elsewhere. */
function cpuTime(pid: number | undefined): number {
  if (!pid) return 0;
  const stat = readStat(pid);
  return stat ? stat.own : 0;
}

function readStat(
  pid: number | string,
): { name: string; ppid: number; own: number; children: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // The fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const at = (field: number) => fields[field - 3] ?? 0;
    return {
      name,
      ppid: at(4),
      own: (at(14) + at(15)) / CLOCK_TICKS,
      children: (at(16) + at(17)) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by a PostgreSQL server on this machine: its live
 * processes, and the backends that have exited (counted by their parent).
 * Null when none runs here (a remote database is not measured).
 */
function localPostgresCpu(): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat || stat.name !== 'postgres') continue;
    found = true;
    total += stat.own;
    // The postmaster (whose parent is not a postgres process) holds its exited backends' time.
    if (readStat(stat.ppid)?.name !== 'postgres') total += stat.children;
  }
  return found ? total : null;
}

// USER_HZ: 100 on every Linux architecture Node supports.
const CLOCK_TICKS = 100;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
