import pino, { type Logger } from 'pino';
import type { Redact } from './redact-secrets.ts';

/**
 * JSON logs in production; readable lines on a terminal. Logs go to stderr so
 * stdout carries only what a command prints (cards, JSON summaries).
 * Adapters log ids and handles, never tokens; `redact` removes the known secret
 * values from every line anyway, because client libraries put request headers
 * and URLs into the errors they throw.
 */
export function createLogger(
  level: string,
  redact: Redact = (line) => line,
  pretty = process.stderr.isTTY,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  const hooks = { streamWrite: redact };
  if (pretty) {
    return pino({
      level,
      hooks,
      transport: {
        target: 'pino-pretty',
        options: {
          destination: 2,
          colorize: true,
          ignore: 'pid,hostname',
          translateTime: 'HH:MM:ss',
        },
      },
    });
  }
  return pino({ level, hooks }, destination);
}
