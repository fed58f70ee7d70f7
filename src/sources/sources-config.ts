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
  })
  .describe('Where mentions come from.');

export type SourcesConfig = z.infer<typeof sourcesConfigSchema>;
