import { z } from 'zod';

export const digestConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Send the daily complaint digest.'),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')
      .default('09:00')
      .describe('Local time (brand.timezone) at which the digest of the previous day is sent.'),
    channel: z
      .string()
      .default('complaint-digest')
      .describe('Slack channel for the digest; without Slack it is written to data/digests/.'),
    folder: z
      .string()
      .default('data/digests')
      .describe('Where the digest (Markdown and chart) is written when Slack is not configured.'),
    top_problems: z.number().int().min(1).max(20).default(5).describe('Recurring problems listed.'),
    most_visible: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(5)
      .describe('Complaints with the most reach listed.'),
  })
  .describe('The daily complaint digest for managers.');

export type DigestConfig = z.infer<typeof digestConfigSchema>;
