import cron from 'node-cron';
import { z } from 'zod';

const seconds = z.number().positive();

export const workerConfigSchema = z
  .strictObject({
    poll_schedule: z
      .string()
      .default('* * * * *')
      .refine(
        (expression) => cron.validate(expression),
        'a cron expression, e.g. "* * * * *" (every minute) or "*/15 * * * * *" (every 15 s)',
      )
      .describe(
        'When the leading worker polls the sources (node-cron; five fields, or six with seconds first). A burst is then read page by page until it is in.',
      ),
    tick_seconds: seconds
      .default(1)
      .describe('How often the worker looks for mentions waiting in a state.'),
    batch_size: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe(
        'Mentions one step claims at a time; larger batches mean fewer database round trips per mention.',
      ),
    model_concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe(
        'Model drafts made at once within a batch, so a batch of slow model calls finishes well within its lease.',
      ),
    lease_seconds: seconds
      .default(60)
      .describe('How long a claim lasts; a dead worker’s claims are taken over after this.'),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Attempts per step before an item moves to failed for a person to look at.'),
    retry_base_seconds: seconds
      .default(5)
      .describe('First retry delay; doubles per attempt (with jitter).'),
    retry_max_seconds: seconds.default(900).describe('Longest delay between two attempts.'),
  })
  .describe('How the worker moves mentions through the lifecycle.');

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
