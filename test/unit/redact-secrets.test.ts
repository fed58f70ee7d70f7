import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/create-logger.ts';
import {
  createRedactor,
  redactingStream,
  secretValues,
} from '../../src/adapters/redact-secrets.ts';

const env = {
  OPENAI_API_KEY: 'sk-test-4f9a8b7c6d5e4f3a2b1c',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefghijkl',
  X_ACCESS_SECRET: 'Zq8wX7vU6tS5rQ4pO3nM2lK1',
  DATABASE_URL: 'postgres://bot:p%40ss-w0rd-long@db.internal:5432/radar',
  LOG_LEVEL: 'debug',
  WORKER_ID: 'worker-12345678',
};

function capture(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return Object.assign(stream, { text: () => text });
}

describe('secrets in logs and output', () => {
  it('finds every credential in the environment, including the database password, and nothing else', () => {
    const values = secretValues(env);
    expect(values).toEqual(
      expect.arrayContaining([
        env.OPENAI_API_KEY,
        env.SLACK_BOT_TOKEN,
        env.X_ACCESS_SECRET,
        'p@ss-w0rd-long',
        'p%40ss-w0rd-long',
      ]),
    );
    expect(values).not.toContain('debug');
    expect(values).not.toContain(env.WORKER_ID);
  });

  it('logs an error that carries request headers and a URL without any secret in it', () => {
    const out = capture();
    const log = createLogger('debug', createRedactor(secretValues(env)), false, out);
    const error = Object.assign(
      new Error(`401 Incorrect API key provided: ${env.OPENAI_API_KEY}`),
      {
        request: { headers: { authorization: `Bearer ${env.SLACK_BOT_TOKEN}` } },
        url: `https://api.x.com/2/tweets?oauth_token_secret=${env.X_ACCESS_SECRET}`,
      },
    );
    log.error({ err: error, db: env.DATABASE_URL }, `call failed with ${env.OPENAI_API_KEY}`);
    const text = out.text();
    expect(text).toContain('[redacted]');
    expect(text).toContain('401 Incorrect API key provided');
    for (const secret of secretValues(env)) expect(text).not.toContain(secret);
  });

  it('redacts what a command prints, whole secrets and the secrets inside longer strings', () => {
    const out = capture();
    const stream = redactingStream(out, createRedactor(secretValues(env)));
    stream.write(`token=${env.SLACK_BOT_TOKEN}&x=1\n`);
    stream.write(Buffer.from(`key ${env.OPENAI_API_KEY}.\n`));
    expect(out.text()).toBe('token=[redacted]&x=1\nkey [redacted].\n');
  });
});
