import { z } from 'zod';

const minutes = z.number().int().positive();

export const reviewConfigSchema = z
  .strictObject({
    default_channel: z
      .string()
      .default('social-care')
      .describe('Channel for items no routing rule sends elsewhere.'),
    service_levels: z
      .record(z.string(), minutes)
      .default({ critical: 15, high: 60, normal: 240, low: 1440 })
      .describe('Minutes from the post to a decision, per severity level.'),
    reviewers: z
      .array(z.string())
      .default([])
      .describe('Who may approve, edit or send (Slack user ids); empty allows everyone.'),
  })
  .describe('How people review drafts.');

export type ReviewConfig = z.infer<typeof reviewConfigSchema>;
