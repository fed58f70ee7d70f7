import { z } from 'zod';

const minutes = z.number().int().positive();

const routeSchema = z
  .strictObject({
    category: z.string().optional().describe('Category name this route takes (any when absent).'),
    severity: z.string().optional().describe('Severity this route takes (any when absent).'),
    channel: z.string().min(1).describe('Slack channel id or name the cards go to.'),
  })
  .describe('A routing rule: the first rule whose category and severity match decides.');

export const reviewConfigSchema = z
  .strictObject({
    default_channel: z
      .string()
      .default('social-care')
      .describe('Channel for items no routing rule sends elsewhere.'),
    routes: z
      .array(routeSchema)
      .default([])
      .describe(
        'Routing by category and severity, first match wins; then the category’s own channel, then default_channel.',
      ),
    service_levels: z
      .record(z.string(), minutes)
      .default({ critical: 15, high: 60, normal: 240, low: 1440 })
      .describe('Minutes from the post to a decision, per severity level.'),
    business_hours: z
      .strictObject({
        days: z
          .array(z.number().int().min(1).max(7))
          .min(1)
          .default([1, 2, 3, 4, 5])
          .describe('Working days, 1 = Monday … 7 = Sunday.'),
        start: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')
          .default('09:00')
          .describe('Start of the working day (brand.timezone).'),
        end: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')
          .default('18:00')
          .describe('End of the working day (brand.timezone).'),
        around_the_clock: z
          .array(z.string())
          .default(['critical'])
          .describe('Severities whose service level runs around the clock anyway.'),
      })
      .nullable()
      .default(null)
      .describe(
        'When service levels run: only in these hours (e.g. a 4 h level on a Friday evening falls due on Monday). null: around the clock.',
      ),
    reminder_at: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.75)
      .describe('Share of the service level after which the card’s thread gets a reminder.'),
    reviewers: z
      .array(z.string())
      .default([])
      .describe(
        'Who may approve, edit, send or dismiss: Slack user ids (U…) or user group ids (S…). Empty allows everyone in the channel.',
      ),
    escalation_channel: z
      .string()
      .nullable()
      .default(null)
      .describe(
        'Where escalated and overdue items are announced (null: the card’s own thread only).',
      ),
    http_port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3000)
      .describe('HTTP mode (SLACK_SIGNING_SECRET without SLACK_APP_TOKEN): port of /slack/events.'),
    oncall_group: z
      .string()
      .nullable()
      .default(null)
      .describe('Slack user group (S…) notified on critical items and breached service levels.'),
  })
  .describe('How people review drafts.');

export type ReviewConfig = z.infer<typeof reviewConfigSchema>;
