import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

const optional = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/**
 * Environment variables: secrets and endpoints only (behaviour is in config).
 * Every variable is listed and explained in `.env.example`.
 */
export const envSchema = z.object({
  DATABASE_URL: optional.describe('PostgreSQL URL; unset uses the embedded SQLite store.'),
  COMPLAINT_RADAR_CONFIG: optional.describe(
    'Extra config files, comma-separated, applied after the defaults.',
  ),
  LOG_LEVEL: optional.describe('Overrides log.level.'),
  WORKER_ID: optional.describe('Name of this worker in leases and logs; defaults to host and pid.'),
  OPENAI_API_KEY: optional.describe('Turns on LLM triage, drafts and digest themes.'),
  X_BEARER_TOKEN: optional.describe('X app bearer token: reads mentions, search and the stream.'),
  X_API_KEY: optional.describe('X app consumer key (OAuth 1.0a), to post replies.'),
  X_API_SECRET: optional.describe('X app consumer secret (OAuth 1.0a).'),
  X_ACCESS_TOKEN: optional.describe(
    'Access token of the brand account (OAuth 1.0a, read and write).',
  ),
  X_ACCESS_SECRET: optional.describe('Access token secret of the brand account.'),
  X_API_BASE_URL: optional.describe(
    'Another X API root (a proxy or a local fake); default https://api.x.com.',
  ),
  SLACK_BOT_TOKEN: optional.describe('Slack bot token (xoxb-…): review cards go to Slack.'),
  SLACK_APP_TOKEN: optional.describe(
    'Slack app-level token (xapp-…, connections:write) for Socket Mode.',
  ),
  SLACK_SIGNING_SECRET: optional.describe(
    'Slack signing secret, for HTTP mode instead of Socket Mode.',
  ),
  SLACK_API_URL: optional.describe(
    'Another Slack Web API root (a local fake in tests); default https://slack.com/api/.',
  ),
  OPENAI_BASE_URL: optional.describe(
    'Any OpenAI-compatible server or gateway; default api.openai.com.',
  ),
});

export type Env = z.infer<typeof envSchema>;

/** Reads `.env` if present (Node's own loader), then validates the environment. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, envFile = '.env'): Env {
  if (source === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('config_invalid', `Environment: ${problems}. See .env.example.`);
  }
  return parsed.data;
}
