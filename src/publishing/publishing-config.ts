import { z } from 'zod';

export const publishingConfigSchema = z
  .strictObject({
    paused: z
      .boolean()
      .default(false)
      .describe('Kill switch: when true nothing is published; triage and review go on.'),
    max_replies_per_hour: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe(
        'Safety cap: at most this many replies in any hour; the rest wait, approved, until the hour allows.',
      ),
    outbox_file: z
      .string()
      .default('data/outbox.jsonl')
      .describe('Where the local stand-in publisher writes replies when X is not configured.'),
  })
  .describe('How approved replies are published.');

export type PublishingConfig = z.infer<typeof publishingConfigSchema>;
