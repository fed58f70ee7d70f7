import { checkTargets, renderReport } from '../bench/bench-report.ts';
import { measureOfflineStages } from '../bench/measure-offline-stages.ts';
import { runScenario, type ScenarioResult } from '../bench/run-scenario.ts';
import { loadConfig } from '../config/load-config.ts';
import { AppError } from '../domain/errors.ts';
import type { Command } from './command.ts';
import { parseOptions } from './parse-options.ts';

const DEFAULT_SCENARIOS = 'sqlite:1,postgres:1,postgres:3';

export const benchCommand: Command = {
  name: 'bench',
  summary:
    'Measure throughput, ingest-to-card latency, memory and stage times on a 10,000-mention burst.',
  help: `Usage: complaint-radar bench [--mentions N] [--scenarios LIST] [--database-url URL] [--json]

Sends a burst of synthetic mentions through real worker processes
(\`complaint-radar start\`, offline triage, template drafts, review cards) and
prints throughput, p50/p95 time from ingest to review card, peak memory per
worker and time per stage, then checks them against the project's targets.
PostgreSQL scenarios use their own schema, dropped afterwards.

Options:
  --mentions N          size of the burst (default 10000)
  --scenarios LIST      store:workers pairs (default ${DEFAULT_SCENARIOS})
  --database-url URL    PostgreSQL server (default DATABASE_URL, then TEST_DATABASE_URL)
  --json                print the figures as JSON
Exit code 1 when a target is missed.`,
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      mentions: { type: 'string', default: '10000' },
      scenarios: { type: 'string', default: DEFAULT_SCENARIOS },
      'database-url': { type: 'string' },
      json: { type: 'boolean' },
    });
    const mentions = Number(values.mentions);
    if (!Number.isInteger(mentions) || mentions < 1)
      throw new AppError(
        'invalid_input',
        `--mentions must be a positive whole number, not "${values.mentions}".`,
      );
    const specs = parseScenarios(values.scenarios);
    const databaseUrl =
      values['database-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    const progress = (line: string) => {
      if (!values.json) ctx.stderr.write(`${line}\n`);
    };

    const offline = await measureOfflineStages(loadConfig(['config/default.yaml']), mentions);
    const scenarios: ScenarioResult[] = [];
    const skipped: string[] = [];
    for (const spec of specs) {
      if (spec.store === 'postgres' && !databaseUrl) {
        skipped.push(`postgres with ${spec.workers} worker(s): set DATABASE_URL or --database-url`);
        continue;
      }
      progress(`running ${spec.store} with ${spec.workers} worker(s)…`);
      scenarios.push(await runScenario({ ...spec, mentions, databaseUrl }));
    }
    const targets = checkTargets(offline, scenarios);
    const report = { mentions, offline, scenarios, skipped, targets };
    ctx.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return targets.every((t) => t.met) ? 0 : 1;
  },
};

function parseScenarios(list: string): { store: 'sqlite' | 'postgres'; workers: number }[] {
  return list.split(',').map((item) => {
    const [store, workers = '1'] = item.trim().split(':');
    const count = Number(workers);
    if ((store !== 'sqlite' && store !== 'postgres') || !Number.isInteger(count) || count < 1)
      throw new AppError(
        'invalid_input',
        `--scenarios: "${item}" is not store:workers (store sqlite or postgres, workers ≥ 1), e.g. ${DEFAULT_SCENARIOS}.`,
      );
    return { store, workers: count };
  });
}
