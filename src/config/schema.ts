import { z } from 'zod';
import { llmConfigSchema } from '../adapters/openai/llm-config.ts';
import { digestConfigSchema } from '../digest/digest-config.ts';
import { draftingConfigSchema } from '../drafting/drafting-config.ts';
import { opsConfigSchema } from '../ops/ops-config.ts';
import { publishingConfigSchema } from '../publishing/publishing-config.ts';
import { reviewConfigSchema } from '../review/review-config.ts';
import { sourcesConfigSchema } from '../sources/sources-config.ts';
import { triageConfigSchema } from '../triage/triage-config.ts';
import { workerConfigSchema } from '../worker/worker-config.ts';

/**
 * The one config schema. Every key is declared once, here or in the section
 * schema of the stage that owns it, with a description and a default; the type,
 * the JSON Schema for editors and the config reference all come from it.
 */
const sectionsSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    brand: z
      .strictObject({
        name: z
          .string()
          .min(1)
          .default('Acme')
          .describe('Brand name used in replies and the digest.'),
        handles: z
          .array(z.string().regex(/^[A-Za-z0-9_]{1,15}$/, 'an X handle without @'))
          .default(['acme'])
          .describe('The brand’s own handles (without @); their posts are never triaged.'),
        timezone: z
          .string()
          .default('UTC')
          .refine(isTimeZone, 'an IANA time zone such as Europe/London')
          .describe('IANA time zone for business hours, service levels and the digest day.'),
      })
      .prefault({})
      .describe('Who the bot answers for.'),
    store: z
      .strictObject({
        sqlite_path: z
          .string()
          .default('data/complaint-radar.db')
          .describe('Embedded store file, used when DATABASE_URL is not set.'),
      })
      .prefault({})
      .describe('Where state is kept.'),
    sources: sourcesConfigSchema.prefault({}),
    triage: triageConfigSchema.prefault({}),
    drafting: draftingConfigSchema.prefault({}),
    review: reviewConfigSchema.prefault({}),
    publishing: publishingConfigSchema.prefault({}),
    digest: digestConfigSchema.prefault({}),
    worker: workerConfigSchema.prefault({}),
    llm: llmConfigSchema.prefault({}),
    ops: opsConfigSchema.prefault({}),
    log: z
      .strictObject({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info')
          .describe('Log level (LOG_LEVEL overrides it).'),
      })
      .prefault({})
      .describe('Logging.'),
  })
  .describe('complaint-radar configuration.');

export const configSchema = sectionsSchema.superRefine(checkCrossReferences);

export type Config = z.infer<typeof configSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks that span sections: names used in one place must exist in another. */
function checkCrossReferences(c: z.infer<typeof sectionsSchema>, ctx: z.RefinementCtx): void {
  const severities = new Set(c.triage.severities);
  const reportUnknownSeverity = (value: string, path: (string | number)[]) => {
    if (!severities.has(value)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown severity "${value}"; use one of ${[...severities].join(', ')} (triage.severities)`,
      });
    }
  };
  reportUnknownSeverity(c.triage.default_severity, ['triage', 'default_severity']);
  c.triage.escalators.forEach((e, i) => {
    reportUnknownSeverity(e.severity, ['triage', 'escalators', i, 'severity']);
  });
  for (const level of Object.keys(c.review.service_levels)) {
    reportUnknownSeverity(level, ['review', 'service_levels', level]);
  }
  const seen = new Set<string>();
  c.triage.categories.forEach((category, i) => {
    if (seen.has(category.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['triage', 'categories', i, 'name'],
        message: `duplicate category "${category.name}"; category names must be unique`,
      });
    }
    seen.add(category.name);
  });
}
