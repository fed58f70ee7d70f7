import { ConfigError } from '../config/config-error.ts';
import { AppError, describeError } from '../domain/errors.ts';
import type { App, OpenAppOptions } from '../main.ts';
import type { CliContext, Command } from './command.ts';
import { benchCommand } from './bench-command.ts';
import { configCommand } from './config-command.ts';
import { dbCommand } from './db-command.ts';
import { digestCommand } from './digest-command.ts';
import { pauseCommand, resumeCommand } from './pause-command.ts';
import { reviewCommand } from './review-command.ts';
import { runCommand } from './run-command.ts';
import { startCommand } from './start-command.ts';
import { triageEvalCommand } from './triage-eval-command.ts';
import { tryCommand } from './try-command.ts';

export const COMMANDS: readonly Command[] = [
  startCommand,
  runCommand,
  reviewCommand,
  configCommand,
  dbCommand,
  pauseCommand,
  resumeCommand,
  tryCommand,
  digestCommand,
  triageEvalCommand,
  benchCommand,
];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: complaint-radar <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `complaint-radar <command> --help` for a command’s options.',
  ].join('\n');
}

/** Dispatches argv to a command; returns the process exit code (never throws). */
export async function runCli(
  argv: string[],
  deps: { openApp: (options?: OpenAppOptions) => Promise<App> },
  io: Pick<CliContext, 'stdout' | 'stderr'> = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(args, { ...deps, ...io });
  } catch (error) {
    io.stderr.write(`${formatFailure(error)}\n`);
    return error instanceof AppError && error.code === 'invalid_input' ? 2 : 1;
  }
}

function formatFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof AppError) return `Error (${error.code}): ${error.message}`;
  if (
    error instanceof TypeError &&
    /parseArgs|ERR_PARSE_ARGS/.test(String((error as { code?: string }).code))
  ) {
    return `Error: ${error.message}. Use --help for the options.`;
  }
  return `Error: ${describeError(error)}`;
}
