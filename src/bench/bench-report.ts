import type { OfflineStageFigures } from './measure-offline-stages.ts';
import type { ScenarioResult } from './run-scenario.ts';

export type BenchReport = {
  mentions: number;
  offline: OfflineStageFigures;
  scenarios: ScenarioResult[];
  skipped: string[];
  targets: TargetCheck[];
};

export type TargetCheck = { target: string; measured: string; met: boolean };

/** The targets the project promises (README, issues 4, 5 and 8), checked against the figures. */
export function checkTargets(
  offline: OfflineStageFigures,
  scenarios: ScenarioResult[],
): TargetCheck[] {
  const checks: TargetCheck[] = [
    {
      target: 'offline triage ≥ 20,000 mentions/s on one core',
      measured: `${fmt(offline.triagePerSecond)}/s`,
      met: offline.triagePerSecond >= 20_000,
    },
    {
      target: 'drafting overhead without the model ≤ 5 ms per draft',
      measured: `${offline.draftMs.toFixed(3)} ms (template), ${offline.llmDraftOverheadMs.toFixed(3)} ms (around the model)`,
      met: offline.draftMs <= 5 && offline.llmDraftOverheadMs <= 5,
    },
  ];
  const sqliteOne = scenarios.find((s) => s.store === 'sqlite' && s.workers === 1);
  if (sqliteOne)
    checks.push({
      target: '≥ 500 mentions/s end to end, one worker, embedded store',
      measured: `${fmt(sqliteOne.mentionsPerSecond)}/s`,
      met: sqliteOne.mentionsPerSecond >= 500 && !sqliteOne.timedOut,
    });
  const pgThree = scenarios.find((s) => s.store === 'postgres' && s.workers === 3);
  if (pgThree)
    checks.push({
      target: '≥ 2.2 × 500 = 1,100 mentions/s with 3 workers on PostgreSQL',
      measured: `${fmt(pgThree.mentionsPerSecond)}/s${cpuBound(pgThree)}`,
      met: pgThree.mentionsPerSecond >= 1_100 && !pgThree.timedOut,
    });
  for (const s of scenarios) {
    const lost = Object.entries(s.unaccounted);
    checks.push({
      target: `every mention ends with a card, ignored or visibly failed (${s.name})`,
      measured: lost.length
        ? `${fmt(lost.reduce((n, [, count]) => n + count, 0))} did not: ${lost.map(([state, n]) => `${fmt(n)} ${state}`).join('; ')}`
        : `all ${fmt(s.carded + s.ignored + s.failed)}`,
      met: lost.length === 0 && s.carded + s.ignored + s.failed >= s.mentions,
    });
    checks.push({
      target: `p95 ingest → card ≤ 1 s (${s.name})`,
      measured: `${fmt(s.ingestToCardMs.p95)} ms`,
      met: s.ingestToCardMs.p95 <= 1_000 && !s.timedOut,
    });
  }
  if (sqliteOne) {
    const rss = Math.max(...sqliteOne.peakRssMb);
    checks.push({
      target: 'peak RSS ≤ 200 MB for one worker',
      measured: `${rss.toFixed(0)} MB`,
      met: rss > 0 && rss <= 200,
    });
  }
  return checks;
}

/**
 * Says so when the processes used nearly all the CPU the machine had: then
 * more workers cannot go faster here, whatever the code does.
 */
function cpuBound(s: ScenarioResult): string {
  const used =
    s.cpuSeconds.workers.reduce((a, b) => a + b, 0) +
    s.cpuSeconds.fakes +
    (s.cpuSeconds.database ?? 0);
  const had = s.cores * s.seconds;
  return had > 0 && used >= 0.9 * had
    ? ` (CPU-bound: workers, fakes and database used ${used.toFixed(1)} of the ${had.toFixed(1)} core-seconds ${s.cores} cores had)`
    : '';
}

export function renderReport(report: BenchReport): string {
  const lines = [
    `complaint-radar bench: a burst of ${fmt(report.mentions)} mentions through fake X, offline triage, template drafts and review cards in fake Slack`,
    '',
    `Offline stages on one core: triage ${fmt(report.offline.triagePerSecond)} mentions/s, drafting ${report.offline.draftMs.toFixed(3)} ms per template draft and ${report.offline.llmDraftOverheadMs.toFixed(3)} ms of work around each model draft (guardrails included)`,
    '',
  ];
  const header = [
    'scenario',
    'mentions/s',
    'seconds',
    'p50 ms',
    'p95 ms',
    'peak RSS MB',
    'cards',
    'ignored',
    'failed',
  ];
  const rows = report.scenarios.map((s) => [
    s.timedOut ? `${s.name} (TIMED OUT)` : s.name,
    fmt(s.mentionsPerSecond),
    s.seconds.toFixed(2),
    fmt(s.ingestToCardMs.p50),
    fmt(s.ingestToCardMs.p95),
    s.peakRssMb.map((m) => m.toFixed(0)).join(' / '),
    fmt(s.carded),
    fmt(s.ignored),
    fmt(s.failed),
  ]);
  lines.push(...table([header, ...rows]), '');
  if (report.scenarios.length) {
    lines.push('Time per stage (seconds, summed over workers):');
    const stages = [...new Set(report.scenarios.flatMap((s) => Object.keys(s.stageSeconds)))];
    lines.push(
      ...table([
        ['scenario', ...stages],
        ...report.scenarios.map((s) => [
          s.name,
          ...stages.map((st) => (s.stageSeconds[st] ?? 0).toFixed(2)),
        ]),
      ]),
      '',
    );
  }
  if (report.scenarios.length) {
    lines.push(
      'CPU seconds during the burst (each worker; the fake X and Slack with the bench; PostgreSQL when it runs here), and what the machine had:',
    );
    lines.push(
      ...table([
        ['scenario', 'workers', 'fakes', 'database', 'cores × seconds'],
        ...report.scenarios.map((s) => [
          s.name,
          s.cpuSeconds.workers.map((c) => c.toFixed(1)).join(' / '),
          s.cpuSeconds.fakes.toFixed(1),
          s.cpuSeconds.database === null ? '-' : s.cpuSeconds.database.toFixed(1),
          `${s.cores} × ${s.seconds.toFixed(1)} = ${(s.cores * s.seconds).toFixed(1)}`,
        ]),
      ]),
      '',
    );
  }
  for (const skipped of report.skipped) lines.push(`Skipped: ${skipped}`);
  if (report.skipped.length) lines.push('');
  lines.push('Targets:');
  for (const t of report.targets)
    lines.push(`  ${t.met ? 'met ' : 'MISS'}  ${t.target}: ${t.measured}`);
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  '),
  );
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
