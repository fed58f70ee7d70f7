import { z } from 'zod';

const templateSet = z
  .record(z.string(), z.string().min(1))
  .describe(
    'Template per category name (`default` for any other); placeholders: {handle}, {problem}, {brand}.',
  );

export const draftingConfigSchema = z
  .strictObject({
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
