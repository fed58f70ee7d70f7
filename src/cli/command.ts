import type { App, OpenAppOptions } from '../main.ts';

export type CliContext = {
  openApp: (options?: OpenAppOptions) => Promise<App>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};

/** One CLI command: a name, its help text, and a run function returning the exit code. */
export type Command = {
  name: string;
  summary: string;
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
};
