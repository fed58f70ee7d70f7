import { describe, expect, it } from 'vitest';
import { checkTargets } from '../../src/bench/bench-report.ts';
import type { ScenarioResult } from '../../src/bench/run-scenario.ts';

const offline = { triagePerSecond: 30_000, draftMs: 0.1, llmDraftOverheadMs: 0.1, mentions: 100 };

function scenario(overrides: Partial<ScenarioResult>): ScenarioResult {
  return {
    name: 'sqlite, 1 worker',
    store: 'sqlite',
    workers: 1,
    mentions: 100,
    carded: 60,
    ignored: 40,
    failed: 0,
    unaccounted: {},
    seconds: 0.1,
    mentionsPerSecond: 1_000,
    ingestToCardMs: { p50: 10, p95: 20, max: 30 },
    peakRssMb: [150],
    cpuSeconds: { workers: [0.1], fakes: 0.01, database: null },
    cores: 2,
    stageSeconds: {},
    timedOut: false,
    ...overrides,
  };
}

describe('bench targets', () => {
  it('fails a run in which some mention ended with no card, not ignored and not failed', () => {
    const lost = checkTargets(offline, [
      scenario({ carded: 57, unaccounted: { 'in_review, card not posted': 3 } }),
    ]).find((t) => t.target.startsWith('every mention ends'));
    expect(lost).toMatchObject({ met: false, measured: '3 did not: 3 in_review, card not posted' });

    const whole = checkTargets(offline, [scenario({})]).find((t) =>
      t.target.startsWith('every mention ends'),
    );
    expect(whole).toMatchObject({ met: true, measured: 'all 100' });
  });
});
