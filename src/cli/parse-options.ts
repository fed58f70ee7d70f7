import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../domain/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict option parsing; unknown options and missing values become a clear usage error. */
export function parseOptions<O extends Options>(
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new AppError('invalid_input', `${(error as Error).message}. Use --help for the options.`);
  }
}

/** The common `--config <file>` option, repeatable. */
export const CONFIG_OPTION = { config: { type: 'string', multiple: true } } as const;
