import { migrateStore } from '../adapters/store/open-store.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

export const dbCommand: Command = {
  name: 'db',
  summary: 'Database maintenance: `db migrate` applies pending migrations.',
  help: `Usage: complaint-radar db migrate [--config <file>]

Applies pending migrations to the store in use (PostgreSQL when DATABASE_URL is
set, else the embedded SQLite file). The bot also migrates at start.`,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, { ...CONFIG_OPTION }, true);
    if (positionals[0] !== 'migrate') {
      ctx.stderr.write('Usage: complaint-radar db migrate\n');
      return 2;
    }
    const app = await ctx.openApp({ configFiles: values.config, migrate: false });
    try {
      const applied = await migrateStore(app.deps.store);
      ctx.stdout.write(
        applied.length
          ? `Applied: ${applied.join(', ')}\n`
          : `The ${app.deps.store.kind} store is up to date.\n`,
      );
      return 0;
    } finally {
      await app.close();
    }
  },
};
