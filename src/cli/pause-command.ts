import { userInfo } from 'node:os';
import { pausePublishing, readPause, resumePublishing } from '../publishing/publish-gate.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

export const pauseCommand: Command = {
  name: 'pause',
  summary: 'Kill switch: stop publishing at once on every worker (triage and review go on).',
  help: `Usage: complaint-radar pause [--reason <text>] [--as <name>] [--config <file>]

Stops every worker sharing this store from publishing, from the next reply on,
without a restart. Mentions are still triaged, drafted and shown for review;
approved replies wait until \`complaint-radar resume\`.
(To pause through config instead, set publishing.paused: true.)

Options:
  --reason <text>  why, shown in logs and by \`resume\`
  --as <name>      who paused (default: local:<os user>)
  --config <file>  extra config file applied after the defaults (repeatable)`,
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      reason: { type: 'string' },
      as: { type: 'string' },
      ...CONFIG_OPTION,
    });
    const app = await ctx.openApp({ configFiles: values.config });
    try {
      const now = app.deps.clock.now();
      const by = values.as ?? `local:${userInfo().username}`;
      await pausePublishing(
        app.deps.store.db,
        { by, at: now.toISOString(), reason: values.reason ?? null },
        now,
      );
      app.deps.log.warn({ by, reason: values.reason }, 'publishing paused');
      ctx.stdout.write(
        `Publishing is paused. Approved replies wait; run \`complaint-radar resume\` to send them.\n`,
      );
      return 0;
    } finally {
      await app.close();
    }
  },
};

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Lift the kill switch set by `pause`; approved replies are published again.',
  help: `Usage: complaint-radar resume [--config <file>]

Lifts a pause set by \`complaint-radar pause\`. A pause set in config
(publishing.paused: true) stays until the config is changed.

Options:
  --config <file>  extra config file applied after the defaults (repeatable)`,
  async run(args, ctx) {
    const { values } = parseOptions(args, { ...CONFIG_OPTION });
    const app = await ctx.openApp({ configFiles: values.config });
    try {
      const pause = await readPause(app.deps.store.db);
      await resumePublishing(app.deps.store.db);
      if (pause) app.deps.log.warn({ pausedBy: pause.by }, 'publishing resumed');
      ctx.stdout.write(
        pause
          ? `Publishing resumed (it was paused by ${pause.by} at ${pause.at}).\n`
          : 'Publishing was not paused.\n',
      );
      if (app.config.get().publishing.paused)
        ctx.stdout.write(
          'Note: publishing.paused is true in config, so nothing is published until it is changed.\n',
        );
      return 0;
    } finally {
      await app.close();
    }
  },
};
