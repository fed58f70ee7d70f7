import { z } from 'zod';

export const llmConfigSchema = z
  .strictObject({
    model: z
      .string()
      .default('gpt-4.1-mini')
      .describe(
        'Model for triage, drafts and digest themes (any model of the OpenAI-compatible server).',
      ),
    timeout_seconds: z
      .number()
      .positive()
      .default(30)
      .describe('Longest wait for one model answer before the offline path takes over.'),
    max_retries: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(1)
      .describe('Retries of a failed request by the openai client (429, 5xx, timeouts).'),
    daily_token_budget: z
      .number()
      .int()
      .nonnegative()
      .default(2_000_000)
      .describe(
        'Input plus output tokens per UTC day; past it the offline classifier and templates take over. 0 disables the LLM.',
      ),
    price_per_million_input_tokens: z
      .number()
      .nonnegative()
      .default(0.4)
      .describe('USD per 1M input tokens, for cost estimates in the digest.'),
    price_per_million_output_tokens: z
      .number()
      .nonnegative()
      .default(1.6)
      .describe('USD per 1M output tokens, for cost estimates in the digest.'),
  })
  .describe('The LLM, used when OPENAI_API_KEY is set.');

export type LlmConfig = z.infer<typeof llmConfigSchema>;
