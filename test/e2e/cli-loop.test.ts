import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateStore, openStore } from '../../src/adapters/store/open-store.ts';
import type { MentionState } from '../../src/domain/lifecycle.ts';
import { createScratch, runCliProcess, startCliProcess } from '../helpers/run-cli-process.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

/** Big enough that a kill after 0.9 s lands mid-run on either store. */
const BURST = 8000;
const SAMPLE_SIZE = readFileSync('config/sample-mentions.jsonl', 'utf8').trim().split('\n').length;

function summaryOf(stdout: string) {
  return JSON.parse(stdout) as {
    states: Record<MentionState, number>;
    ingest: { inserted: number }[];
  };
}

describe('the bot from the command line, with no credentials at all', () => {
  it('processes the sample once; a second run finds nothing new and duplicates nothing', async () => {
    const scratch = createScratch();

    const first = await runCliProcess(['run', '--once', '--json', '--config', scratch.configFile]);
    const second = await runCliProcess(['run', '--once', '--json', '--config', scratch.configFile]);

    expect(first.code).toBe(0);
    const a = summaryOf(first.stdout);
    const b = summaryOf(second.stdout);
    expect(a.ingest[0]?.inserted).toBe(SAMPLE_SIZE);
    expect(a.states.in_review).toBeGreaterThan(20);
    expect(a.states.ignored).toBeGreaterThan(5);
    expect(a.states.ingested + a.states.triaged + a.states.drafted + a.states.failed).toBe(0);
    expect(b.ingest[0]?.inserted).toBe(0);
    expect(b.states).toEqual(a.states);
  });

  it('approves an item into exactly one outbox entry and refuses a second approval clearly', async () => {
    const scratch = createScratch();
    await runCliProcess(['run', '--once', '--json', '--config', scratch.configFile]);
    const list = await runCliProcess(['review', 'list', '--json', '--config', scratch.configFile]);
    const id = (JSON.parse(list.stdout) as { id: string }[])[0]?.id ?? '';

    const approve = await runCliProcess(['review', 'approve', id, '--config', scratch.configFile]);
    const again = await runCliProcess(['review', 'approve', id, '--config', scratch.configFile]);

    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain('Published to local outbox');
    const outbox = readFileSync(scratch.outbox, 'utf8').trim().split('\n');
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0] ?? '{}')).toMatchObject({ mention_id: id });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already published \(approve by local:/);
  });

  it('pause holds approved replies (a dry run lists them) until resume sends each once', async () => {
    const scratch = createScratch();
    const cli = (...args: string[]) => runCliProcess([...args, '--config', scratch.configFile]);
    await cli('run', '--once', '--json');
    const list = await cli('review', 'list', '--json');
    const id = (JSON.parse(list.stdout) as { id: string }[])[0]?.id ?? '';

    const pause = await cli('pause', '--reason', 'incident review', '--as', 'ops');
    const approve = await cli('review', 'approve', id);
    const dry = await cli('run', '--once', '--dry-run');
    const paused = await cli('run', '--once');
    const outboxWhilePaused = existsSync(scratch.outbox)
      ? readFileSync(scratch.outbox, 'utf8')
      : '';
    const resume = await cli('resume');
    await cli('run', '--once');
    await cli('run', '--once');

    expect(pause.code).toBe(0);
    expect(approve.stdout).toContain('paused by ops');
    expect(dry.stdout).toMatch(/Dry run: these 1 replies would be published:\n {2}to @/);
    expect(paused.code).toBe(0);
    expect(outboxWhilePaused).toBe('');
    expect(resume.stdout).toContain('Publishing resumed (it was paused by ops');
    const outbox = readFileSync(scratch.outbox, 'utf8').trim().split('\n');
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0] ?? '{}')).toMatchObject({ mention_id: id });
  });

  it('reports every problem of a bad config at once, with file, line and key', async () => {
    const run = await runCliProcess([
      'config',
      'check',
      '--config',
      'test/fixtures/config/malformed.yaml',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('test/fixtures/config/malformed.yaml:3:3  worker.batch_size');
    expect(run.stderr).toContain(
      'test/fixtures/config/malformed.yaml:5:3  brand.nmae: unknown key',
    );
    expect(run.stderr).toMatch(/malformed\.yaml:\d+:\d+ {2}YAML syntax/);
  });

  it('starts, shows triaged complaints with drafts within 10 s, and stops cleanly on Ctrl-C', async () => {
    const scratch = createScratch();
    const child = startCliProcess(['start', '--config', scratch.configFile]);
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });

    const sawCards = await waitFor(
      () => /draft v1/.test(stdout) && /store +real/.test(stdout),
      10_000,
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(sawCards).toBe(true);
    expect(stdout).toMatch(/review +stand-in/);
    expect(stdout).toContain('DATABASE_URL');
    expect(code).toBe(0);
    const store = openStore({ sqlitePath: scratch.dbFile });
    const leased = await store.db
      .selectFrom('mentions')
      .select('id')
      .where('lease_owner', 'is not', null)
      .execute();
    await store.close();
    expect(leased).toEqual([]);
  });
});

for (const kind of STORE_KINDS) {
  describe(`a worker killed mid-run on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());

    it.skipIf(!available)(
      'finishes after a restart with every mention processed exactly once',
      async () => {
        const scratch = createScratch();
        const replay = join(scratch.dir, 'burst.jsonl');
        writeFileSync(replay, burst(BURST));
        writeFileSync(
          scratch.configFile,
          `${readFileSync(scratch.configFile, 'utf8')}sources:\n  replay:\n    file: ${replay}\nworker:\n  batch_size: 20\n  lease_seconds: 1\n`,
        );
        const pg = kind === 'postgres' ? await createTestStore('postgres') : null;
        const env = pg?.databaseUrl ? { DATABASE_URL: pg.databaseUrl } : {};

        const child = startCliProcess(
          ['run', '--once', '--json', '--config', scratch.configFile],
          env,
        );
        const exited = new Promise((resolve) => child.on('close', resolve));
        await waitFor(() => false, 900);
        // The kill must land mid-run, or this test proves nothing.
        expect(child.exitCode).toBeNull();
        child.kill('SIGKILL');
        await exited;
        await waitFor(() => false, 1100);
        const rerun = await runCliProcess(
          ['run', '--once', '--json', '--config', scratch.configFile],
          env,
        );

        expect(rerun.code).toBe(0);
        const store = pg ?? openStore({ sqlitePath: scratch.dbFile });
        if (!pg) await migrateStore(store);
        const mentions = await store.db.selectFrom('mentions').select(['id', 'state']).execute();
        const verdicts = await store.db.selectFrom('verdicts').select('mention_id').execute();
        const drafts = await store.db
          .selectFrom('drafts')
          .select(['mention_id', 'version'])
          .execute();
        const cards = await store.db.selectFrom('cards').select('mention_id').execute();
        await store.close();
        expect(mentions).toHaveLength(BURST);
        expect(new Set(mentions.map((m) => m.state))).toEqual(new Set(['in_review', 'ignored']));
        expect(verdicts).toHaveLength(BURST);
        expect(drafts.every((d) => d.version === 1)).toBe(true);
        expect(drafts).toHaveLength(mentions.filter((m) => m.state === 'in_review').length);
        expect(cards).toHaveLength(drafts.length);
      },
      60_000,
    );
  });
}

/** Synthetic posts (not dataset rows): two of three are complaints. */
function burst(n: number): string {
  const texts = [
    '@acme my parcel is late and I am still waiting for a refund',
    '@acme thanks, great service today',
    '@acme the app crashes again at checkout, no answer from support',
  ];
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: String(500000 + i),
      text: `${texts[i % 3]} (#${i})`,
      lang: 'en',
      author: { id: `b${i % 97}`, username: `burst_user_${i % 97}` },
    }),
  )
    .join('\n')
    .concat('\n');
}

async function waitForAsync(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}
