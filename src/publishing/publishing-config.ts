import { z } from 'zod';

export const publishingConfigSchema = z
  .strictObject({
    paused: z
      .boolean()
      .default(false)
      .describe('Kill switch: when true nothing is published; triage and review go on.'),
    outbox_file: z
      .string()
      .default('data/outbox.jsonl')
      .describe('Where the local stand-in publisher writes replies when X is not configured.'),
  })
  .describe('How approved replies are published.');

export type PublishingConfig = z.infer<typeof publishingConfigSchema>;
