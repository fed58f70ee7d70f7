import pino, { type Logger } from 'pino';

/**
 * JSON logs in production; readable lines on a terminal. Logs go to stderr so
 * stdout carries only what a command prints (cards, JSON summaries).
 * Secrets never reach a logger: adapters log ids and handles, never tokens.
 */
export function createLogger(level: string, pretty = process.stderr.isTTY): Logger {
  if (pretty) {
    return pino({
      level,
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
  return pino({ level }, pino.destination(2));
}
