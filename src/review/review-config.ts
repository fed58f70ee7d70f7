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
