import { writeFileSync } from 'node:fs';
import { buildDigestMessage } from '../digest/build-digest-message.ts';
import { computeDigest } from '../digest/compute-digest.ts';
import { addDays, isDate, localDate } from '../digest/local-day.ts';
import { AppError } from '../domain/errors.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

export const digestCommand: Command = {
  name: 'digest',
  summary: 'Print (or post) the complaint digest of any past day.',
  help: `Usage: complaint-radar digest [--date YYYY-MM-DD] [--format md|json|slack] [--post] [--chart <file.png>]

Computes the daily complaint digest for one local day (brand.timezone; default
yesterday) and prints it: Markdown (reads well pasted into an e-mail), JSON, or
the Slack blocks. --post sends it where the scheduled digest goes (Slack, or
files in digest.folder) even if that day was already sent. --chart writes the
PNG chart too.

Options:
  --date YYYY-MM-DD      the local day (default: yesterday in brand.timezone)
  --format md|json|slack what to print (default md)
  --post                 also send it
  --chart <file>         write the chart PNG to this file
  --config <file>        extra config applied after the defaults (repeatable)`,
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      date: { type: 'string' },
      format: { type: 'string', default: 'md' },
      post: { type: 'boolean' },
      chart: { type: 'string' },
      ...CONFIG_OPTION,
    });
    if (!['md', 'json', 'slack'].includes(values.format))
      throw new AppError(
        'invalid_input',
        `--format must be md, json or slack, not "${values.format}".`,
      );
    const app = await ctx.openApp({ configFiles: values.config });
    try {
      const config = app.config.get();
      const now = app.deps.clock.now();
      const date = values.date ?? addDays(localDate(now, config.brand.timezone), -1);
      if (!isDate(date))
        throw new AppError('invalid_input', `--date must be a day like 2026-11-21, not "${date}".`);
      const digest = await computeDigest(app.deps.store.db, config, date, now, app.llm);
      const message = await buildDigestMessage(digest, config);
      if (values.format === 'json') ctx.stdout.write(`${JSON.stringify(digest, null, 2)}\n`);
      else if (values.format === 'slack')
        ctx.stdout.write(
          `${JSON.stringify({ text: message.text, blocks: message.blocks }, null, 2)}\n`,
        );
      else ctx.stdout.write(message.markdown);
      if (values.chart) writeFileSync(values.chart, message.chart);
      if (values.post) ctx.stderr.write(`Posted to ${await app.digestPoster.post(message)}\n`);
      return 0;
    } finally {
      await app.close();
    }
  },
};
