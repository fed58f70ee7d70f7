import { z } from 'zod';

/** Kinds of material promise a reply can make; none is allowed unless the policy lists it. */
export const COMMITMENT_KINDS = ['refund', 'compensation', 'money', 'legal'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

const templateText = z.string().min(1);

const categoryTemplates = z
  .union([
    templateText,
    z
      .record(z.string(), templateText)
      .describe('Per severity name (`default` for any other severity).'),
  ])
  .describe('One template, or one per severity with a `default`.');

const templateSet = z
  .record(z.string(), categoryTemplates)
  .describe(
    'Template per category name (`default` for any other); placeholders: {handle}, {problem}, {brand}.',
  );

const policySchema = z
  .strictObject({
    allowed_commitments: z
      .array(z.enum(COMMITMENT_KINDS))
      .default([])
      .describe(
        'Promises a draft may make: refund, compensation (vouchers, credit, free items), money (amounts), legal (liability). Empty: none.',
      ),
    may_offer: z
      .array(z.string().min(1))
      .default(['a private message (DM) to look into it', 'a follow-up when there is news'])
      .describe('Next steps a draft may offer, told to the model in plain words.'),
    may_not_offer: z
      .array(z.string().min(1))
      .default([
        'refunds, compensation, vouchers or any amount of money',
        'admissions of legal liability',
        'dates or outcomes nobody has confirmed',
      ])
      .describe('What a draft must never offer, told to the model in plain words.'),
    allowed_urls: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'URL prefixes a draft may contain (e.g. acme.com/help); any other link fails the `url` guardrail.',
      ),
    banned_phrases: z
      .array(z.string().min(1))
      .default([])
      .describe('Phrases (any language, case-insensitive) a draft must never contain.'),
  })
  .describe('What a reply may and may not say; enforced by the guardrails on every draft.');

export const draftingConfigSchema = z
  .strictObject({
    voice: z
      .string()
      .default(
        'Warm, plain and brief. First person plural ("we"). No jargon, no exclamation marks in complaints, at most one emoji and only if the customer used one.',
      )
      .describe('The brand voice, given to the model as written.'),
    policy: policySchema.prefault({}),
    guidance: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe(
        'Per category name: extra guidance for the model (what to ask for, what to avoid).',
      ),
    problems: z
      .record(z.string(), z.record(z.string(), z.string().min(1)))
      .default({})
      .describe(
        'Per language code, per category name (`default` for any other): the words that fill {problem} in templates.',
      ),
    templates: z
      .record(z.string(), templateSet)
      .default({})
      .describe('Offline reply templates per language code; `en` is the fallback language.'),
    holding_replies: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe(
        'Per language code: the holding reply for escalated items (a person follows up); placeholders {handle}, {brand}.',
      ),
  })
  .describe('How first replies are drafted.');

export type DraftingConfig = z.infer<typeof draftingConfigSchema>;
export type DraftingPolicy = DraftingConfig['policy'];
