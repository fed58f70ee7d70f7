import { AppError, describeError } from '../domain/errors.ts';
import type { App } from '../main.ts';
import { type OpsServer, startOpsServer } from '../ops/ops-server.ts';
import { createLeadership } from '../worker/leadership.ts';
import { scheduleJobs } from '../worker/schedule-jobs.ts';
import { startWorker } from '../worker/worker.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the bot: poll sources, triage, draft, post review cards, publish approved replies.',
  help: `Usage: complaint-radar start [--dry-run] [--config <file>]

Runs until Ctrl-C (SIGINT) or SIGTERM, then finishes the item in hand, gives
back its claims and closes the store. The first lines say which parts are real
services and which are local stand-ins, and which variable switches each.

Options:
  --dry-run        publish nothing; log each reply that would be posted
  --config <file>  extra config file applied after the defaults (repeatable)`,
  async run(args, ctx) {
    const { values } = parseOptions(args, { 'dry-run': { type: 'boolean' }, ...CONFIG_OPTION });
    const app = await ctx.openApp({ configFiles: values.config, dryRun: values['dry-run'] });
    ctx.stdout.write(banner(app.parts));
    app.config.watch(app.deps.log);
    const ops = await startOps(app);
    const slack = await startSlack(app);
    const jobs = scheduleJobs(app.deps, app.digestPoster, app.llm);
    const worker = startWorker(
      app.deps,
      createLeadership(
        app.deps.store,
        app.deps.workerId,
        app.config.get().worker.lease_seconds * 1000,
      ),
    );
    const stopped = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        app.deps.log.info(`${signal} received: finishing the item in hand, then stopping`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await Promise.race([stopped, worker.done]);
    await worker.stop();
    await jobs.stop();
    await slack?.stop();
    await ops?.close();
    await app.close();
    app.deps.log.info('stopped cleanly');
    return 0;
  },
};

/** The health and metrics endpoints; a busy port is logged, not fatal (the bot matters more). */
async function startOps(app: App): Promise<OpsServer | null> {
  const { port, host } = app.config.get().ops;
  if (port === null) return null;
  try {
    const server = await startOpsServer(app.deps, { port, host });
    app.deps.log.info(`health and metrics on ${server.url}/healthz and ${server.url}/metrics`);
    return server;
  } catch (error) {
    app.deps.log.warn(
      `health and metrics endpoints not started on ${host}:${port}: ${describeError(error)} (set ops.port)`,
    );
    return null;
  }
}

function banner(parts: { part: string; real: boolean; what: string; toSwitch?: string }[]): string {
  const lines = parts.map((p) => {
    const kind = p.real ? 'real    ' : 'stand-in';
    const hint = p.toSwitch ? `  (set ${p.toSwitch})` : '';
    return `  ${p.part.padEnd(8)} ${kind}  ${p.what}${hint}`;
  });
  const byPart = new Map(parts.map((p) => [p.part, p.real]));
  const local = [
    byPart.get('publish') === false ? 'replies go to the local outbox, not X' : '',
    byPart.get('review') === false ? 'cards are printed here, not sent to Slack' : '',
  ].filter(Boolean);
  const note = local.length ? `Stand-ins run locally: ${local.join('; ')}.\n` : '';
  return `complaint-radar is running.\n${lines.join('\n')}\n${note}Press Ctrl-C to stop.\n\n`;
}

/** The Slack app (buttons and modals) when Slack is configured; Socket Mode unless only a signing secret is set. */
async function startSlack(app: App): Promise<{ stop(): Promise<void> } | null> {
  if (!app.slack) return null;
  if (!app.slack.appToken && !app.slack.signingSecret)
    throw new AppError(
      'config_missing',
      'SLACK_BOT_TOKEN is set but Slack cannot reach the bot: set SLACK_APP_TOKEN (Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP mode). See README: Connecting Slack.',
    );
  const { startSlackApp } = await import('../adapters/slack/slack-app.ts');
  return startSlackApp({
    deps: app.deps,
    ...app.slack,
    port: app.config.get().review.http_port,
  });
}
