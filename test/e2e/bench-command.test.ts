import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/run-cli-process.ts';
import { postgresAvailable, TEST_DATABASE_URL } from '../helpers/test-stores.ts';

// The figures themselves are shown by `npm run bench`; this only checks that the
// command measures a real run (every mention accounted for), never how fast it was.
describe('the bench command', () => {
  it('carries a small burst through real workers on both stores and accounts for every mention', async () => {
    const scenarios = (await postgresAvailable()) ? 'sqlite:1,postgres:2' : 'sqlite:1';
    const run = await runCliProcess(
      ['bench', '--mentions', '300', '--scenarios', scenarios, '--json'],
      { TEST_DATABASE_URL },
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      scenarios: {
        name: string;
        carded: number;
        ignored: number;
        failed: number;
        unaccounted: Record<string, number>;
        timedOut: boolean;
        peakRssMb: number[];
        stageSeconds: Record<string, number>;
        cpuSeconds: { workers: number[]; fakes: number; database: number | null };
        cores: number;
      }[];
      targets: { target: string; met: boolean }[];
    };
    expect(report.scenarios.length).toBe(scenarios.split(',').length);
    for (const s of report.scenarios) {
      expect(s.timedOut).toBe(false);
      expect(s.carded + s.ignored + s.failed).toBe(300);
      expect(s.unaccounted).toEqual({});
      expect(s.failed).toBe(0);
      expect(s.carded).toBeGreaterThan(100);
      expect(s.peakRssMb.filter((mb) => mb <= 10)).toEqual([]);
      // CPU is measured over the burst, per worker, for the fakes and for a local PostgreSQL.
      expect(s.cpuSeconds.workers).toHaveLength(s.name.startsWith('postgres') ? 2 : 1);
      // The kernel counts in 10 ms ticks, and a follower may sit out a burst this small.
      expect(s.cpuSeconds.workers.filter((cpu) => cpu < 0)).toEqual([]);
      expect(s.cpuSeconds.workers.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(s.cpuSeconds.fakes).toBeGreaterThan(0);
      // A PostgreSQL server elsewhere is not measured (null); one on this machine is.
      if (s.name.startsWith('postgres') && s.cpuSeconds.database !== null)
        expect(s.cpuSeconds.database).toBeGreaterThan(0);
      if (s.name.startsWith('sqlite')) expect(s.cpuSeconds.database).toBeNull();
      expect(s.cores).toBeGreaterThan(0);
      expect(Object.keys(s.stageSeconds)).toEqual(
        expect.arrayContaining(['ingest', 'triage', 'draft', 'review']),
      );
    }
    expect(report.targets.map((t) => t.target).join('\n')).toContain('peak RSS');
    const accounted = report.targets.filter((t) => t.target.startsWith('every mention ends'));
    expect(accounted).toHaveLength(report.scenarios.length);
    expect(accounted.filter((t) => !t.met)).toEqual([]);
  }, 120_000);
});
