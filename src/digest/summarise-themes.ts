import { z } from 'zod';
import type { LlmClient } from '../adapters/openai/llm-client.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';

export type Themes = {
  summary: string;
  themes: { title: string; complaints: number }[];
  model: string;
};

export const themesSchema = z.object({
  summary: z.string(),
  themes: z.array(z.object({ title: z.string(), complaints: z.number().int().nonnegative() })),
});

/** Complaints sent per day at most: enough to see themes, few enough to stay cheap. */
const MAX_COMPLAINTS = 150;

/**
 * With a model, the day's recurring problems in a few factual lines. The texts
 * go without handles, links, e-mails or numbers. Any failure leaves the offline
 * digest (categories and phrases) as it is.
 */
export async function summariseThemes(
  llm: LlmClient,
  brand: string,
  texts: string[],
  maxThemes: number,
): Promise<Themes | null> {
  if (texts.length === 0) return null;
  const cleaned = texts.slice(0, MAX_COMPLAINTS).map((t) =>
    t
      .replace(/@\w+/g, '@user')
      .replace(/https?:\/\/\S+/g, '[link]')
      .replace(/\S+@\S+\.\S+/g, '[e-mail]')
      .replace(/\d{4,}/g, '[number]'),
  );
  const result = await llm.complete({
    purpose: 'digest',
    instructions: renderPrompt('digest', { brand, max_themes: String(maxThemes) }),
    input: JSON.stringify(cleaned),
    schema: themesSchema,
    schemaName: 'digest_themes',
  });
  return { ...result.value, themes: result.value.themes.slice(0, maxThemes), model: result.model };
}
