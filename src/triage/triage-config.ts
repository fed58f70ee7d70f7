import { z } from 'zod';

const term = z.string().min(1);

const categorySchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case')
      .describe('Stable id of the category, used in routing, templates and the digest.'),
    description: z
      .string()
      .describe('What belongs here, in one sentence; also given to the LLM classifier.'),
    keywords: z
      .array(term)
      .default([])
      .describe('Words or phrases (any language, case-insensitive) that point to this category.'),
    channel: z
      .string()
      .nullable()
      .default(null)
      .describe('Review channel for this category; null uses review.default_channel.'),
  })
  .describe('A complaint category.');

const escalatorSchema = z
  .strictObject({
    name: z.string().describe('Id of the escalator, shown as a reason (e.g. safety, legal).'),
    severity: z
      .string()
      .describe('Severity forced when it fires; must be one of triage.severities.'),
    terms: z
      .array(term)
      .min(1)
      .describe('Words or phrases (any language, case-insensitive) that fire it.'),
    escalate: z
      .boolean()
      .default(true)
      .describe('When true, a person takes over: no substantive draft, only a holding reply.'),
  })
  .describe('A severity escalator for risks that a person must handle.');

export const triageConfigSchema = z
  .strictObject({
    severities: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
      .min(2)
      .default(['low', 'normal', 'high', 'critical'])
      .describe('Severity levels from least to most severe.'),
    default_severity: z
      .string()
      .default('normal')
      .describe('Severity of a complaint that no rule raises or lowers.'),
    categories: z
      .array(categorySchema)
      .default([])
      .describe('Complaint categories; the first whose keywords match wins, else `other`.'),
    complaint_cues: z
      .record(z.string(), z.array(term))
      .default({})
      .describe(
        'Per language code: words and phrases that mark a post as a complaint (e.g. refund, still waiting).',
      ),
    praise_cues: z
      .record(z.string(), z.array(term))
      .default({})
      .describe('Per language code: words and phrases of thanks or praise.'),
    question_cues: z
      .record(z.string(), z.array(term))
      .default({})
      .describe('Per language code: words that mark a question needing an answer.'),
    signal_weights: z
      .strictObject({
        cue: z
          .number()
          .min(0)
          .default(1)
          .describe('Per complaint cue from complaint_cues (at most 3 count).'),
        problem: z
          .number()
          .min(0)
          .default(1.75)
          .describe(
            'Per built-in problem pattern (not working, long wait, repeat, money, broken…).',
          ),
        negative_words: z
          .number()
          .min(0)
          .default(0.25)
          .describe(
            'Per 2 points of negative sentiment in the lexicon (AFINN-165, emoji included).',
          ),
        positive_words: z
          .number()
          .min(0)
          .default(0.5)
          .describe('Subtracted per 2 points of positive sentiment.'),
        shouting: z.number().min(0).default(0.5).describe('Capitals or repeated ! and ?.'),
        negative_emoji: z.number().min(0).default(1).describe('Angry or sad emoji.'),
        praise: z
          .number()
          .min(0)
          .default(1.5)
          .describe('Subtracted per praise cue, unless a problem is also named (sarcasm).'),
        plain_question: z
          .number()
          .min(0)
          .default(0.75)
          .describe('Subtracted from a plain question ("how do I…") that names no problem.'),
        threshold: z
          .number()
          .default(1)
          .describe(
            'A post scoring at least this is a complaint. Raise it for fewer false alarms.',
          ),
      })
      .prefault({})
      .describe(
        'How the offline classifier weighs evidence. Measure a change with `complaint-radar triage-eval --compare`.',
      ),
    escalators: z
      .array(escalatorSchema)
      .default([])
      .describe('Risks (safety, legal, data breach, discrimination, press) that force a severity.'),
    ignore: z
      .strictObject({
        authors: z
          .array(z.string())
          .default([])
          .describe('Handles (without @) whose posts are ignored.'),
        keywords: z
          .array(term)
          .default([])
          .describe('Posts containing any of these are ignored (giveaways, job ads).'),
        link_only: z
          .boolean()
          .default(true)
          .describe('Ignore posts that are only links, handles and emoji, with no words.'),
        repeated_text: z
          .number()
          .int()
          .min(0)
          .default(3)
          .describe(
            'Ignore posts that repeat one word or link this many times or more, making up most of the post (bots, spam); 0 turns it off.',
          ),
        max_mentions: z
          .number()
          .int()
          .min(0)
          .default(8)
          .describe(
            'Ignore posts that tag more accounts than this (mass-tagging spam); 0 turns it off.',
          ),
      })
      .prefault({})
      .describe('Mentions that never need a reply.'),
    vip: z
      .strictObject({
        authors: z.array(z.string()).default([]).describe('Handles always treated as VIPs.'),
        min_followers: z
          .number()
          .int()
          .nonnegative()
          .default(50_000)
          .describe('Authors with at least this many followers count as high-reach.'),
      })
      .prefault({})
      .describe('Customers whose complaints go first.'),
  })
  .describe('How mentions are classified, prioritised and routed.');

export type TriageConfig = z.infer<typeof triageConfigSchema>;
