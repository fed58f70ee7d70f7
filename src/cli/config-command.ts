import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { configFiles, loadConfig } from '../config/load-config.ts';
import {
  configJsonSchema,
  JSON_SCHEMA_FILE,
  writeConfigJsonSchema,
} from '../config/write-json-schema.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

export const configCommand: Command = {
  name: 'config',
  summary: 'Validate the configuration and print what is in effect (`config check`).',
  help: `Usage: complaint-radar config check [--json] [--config <file>]
       complaint-radar config schema [--write | --check]

check   validates config/default.yaml, config/local.yaml (if present), the files in
        COMPLAINT_RADAR_CONFIG and --config, and prints the merged result. Every
        problem is listed with file, line and key; exit code 1 if any.
schema  prints the JSON Schema generated from the config schema; --write updates
        ${JSON_SCHEMA_FILE}; --check fails if that file is out of date.`,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        json: { type: 'boolean' },
        write: { type: 'boolean' },
        check: { type: 'boolean' },
        ...CONFIG_OPTION,
      },
      true,
    );
    const sub = positionals[0];
    if (sub === 'schema') {
      if (values.write) {
        writeConfigJsonSchema();
        ctx.stdout.write(`Wrote ${JSON_SCHEMA_FILE}\n`);
        return 0;
      }
      if (values.check) {
        const upToDate = readFileSync(JSON_SCHEMA_FILE, 'utf8') === configJsonSchema();
        if (!upToDate)
          ctx.stderr.write(`${JSON_SCHEMA_FILE} is out of date: run \`npm run schema\`.\n`);
        return upToDate ? 0 : 1;
      }
      ctx.stdout.write(configJsonSchema());
      return 0;
    }
    if (sub !== 'check') {
      ctx.stderr.write('Usage: complaint-radar config check | config schema\n');
      return 2;
    }
    const files = configFiles(values.config ?? []);
    const config = loadConfig(files);
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify({ files, config }, null, 2)}\n`);
    } else {
      ctx.stdout.write(
        `Configuration is valid. Files, later overriding earlier:\n${files.map((f) => `  ${f}`).join('\n')}\n\nIn effect:\n${stringify(config)}`,
      );
    }
    return 0;
  },
};
