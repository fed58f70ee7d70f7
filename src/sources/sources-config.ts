import { z } from 'zod';

export const sourcesConfigSchema = z
  .strictObject({
    replay: z
      .strictObject({
        file: z
          .string()
          .nullable()
          .default('config/sample-mentions.jsonl')
          .describe(
            'JSONL file of mentions read when X is not configured; null turns the replay source off.',
          ),
        always: z
          .boolean()
          .default(false)
          .describe('Read the replay file even when X credentials are set (demos, load tests).'),
      })
      .prefault({})
      .describe('The replay source: mentions from a file.'),
    x: z
      .strictObject({
        mentions: z
          .boolean()
          .default(true)
          .describe('Read the brand account’s mentions timeline (brand.handles[0]).'),
        search_queries: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Recent-search queries for complaints that do not @mention the brand, e.g. \'"acme" -is:retweet -from:acme\'.',
          ),
        stream: z
          .strictObject({
            enabled: z
              .boolean()
              .default(false)
              .describe(
                'Use the filtered stream for near-real-time posts (needs an access level that includes it).',
              ),
            rules: z
              .array(z.string().min(1))
              .default([])
              .describe('Stream rules; synced to X at start (missing added, others removed).'),
            keepalive_timeout_seconds: z
              .number()
              .positive()
              .default(30)
              .describe(
                'Silence (X sends a keep-alive every 20 s) after which the stream reconnects.',
              ),
          })
          .prefault({})
          .describe('The filtered stream.'),
        first_lookback_minutes: z
          .number()
          .int()
          .positive()
          .default(60)
          .describe(
            'On the very first start, read only this far back so reviewers are not flooded.',
          ),
        page_size: z
          .number()
          .int()
          .min(5)
          .max(100)
          .default(100)
          .describe('Posts per request (X allows up to 100); every page is followed.'),
      })
      .prefault({})
      .describe('X (Twitter) sources, used when X credentials are set.'),
  })
  .describe('Where mentions come from.');

export type SourcesConfig = z.infer<typeof sourcesConfigSchema>;
