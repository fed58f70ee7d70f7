import { createSourceFeeder } from '../worker/source-feeder.ts';
import { drainPipeline } from '../worker/pipeline.ts';
import { listPendingReplies, type PendingReply } from '../publishing/pending-replies.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';
import { countByState } from './state-counts.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run one full cycle (poll, triage, draft, post cards, publish approved) and exit.',
  help: `Usage: complaint-radar run --once [--json] [--dry-run] [--config <file>]

Polls every source once, carries everything as far as it goes without a person
(triage, drafts, review cards, publishing of approved replies), prints a summary
and exits. Safe to run again: nothing already processed is repeated.

Options:
  --once           required; one cycle then exit (for cron-style deployments)
  --json           print the summary as JSON
  --dry-run        publish nothing; list the replies that would be posted
  --config <file>  extra config file applied after the defaults (repeatable)`,
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      once: { type: 'boolean' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      ...CONFIG_OPTION,
    });
    if (!values.once) {
      ctx.stderr.write('`run` needs --once (use `start` for the long-running bot).\n');
      return 2;
    }
    const app = await ctx.openApp({
      configFiles: values.config,
      out: values.json ? nullStream() : ctx.stdout,
      dryRun: values['dry-run'],
    });
    try {
      const started = Date.now();
      const feeder = createSourceFeeder(app.deps);
      await feeder.poll();
      const steps = await drainPipeline(app.deps, undefined, feeder.feed);
      const ingest = feeder.totals();
      const states = await countByState(app.deps.store.db);
      const wouldPublish = values['dry-run']
        ? await listPendingReplies(app.deps.store.db)
        : undefined;
      const seconds = (Date.now() - started) / 1000;
      const summary = { ingest, steps, states, seconds, wouldPublish };
      if (values.json) {
        ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      } else {
        if (wouldPublish) ctx.stdout.write(describeDryRun(wouldPublish));
        const fetched = ingest.reduce((n, s) => n + s.inserted, 0);
        ctx.stdout.write(`New mentions: ${fetched}\n`);
        for (const [state, n] of Object.entries(states))
          if (n > 0) ctx.stdout.write(`  ${state.padEnd(10)} ${n}\n`);
      }
      return ingest.some((s) => s.error) ? 1 : 0;
    } finally {
      await app.close();
    }
  },
};

function describeDryRun(replies: PendingReply[]): string {
  if (replies.length === 0) return 'Dry run: no approved reply is waiting to be published.\n';
  const lines = replies.map(
    (r) => `  to @${r.handle} (${r.postUrl ?? r.mentionId}):\n    ${r.text}`,
  );
  return `Dry run: these ${replies.length} replies would be published:\n${lines.join('\n')}\n`;
}

function nullStream(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}
