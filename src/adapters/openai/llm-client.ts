import type { z } from 'zod';

/** What the stages ask of a model: instructions, data, and the shape of the answer. */
export type LlmRequest<T> = {
  /** What the call is for, recorded with its token usage (`triage`, `draft`, `digest`). */
  purpose: string;
  /** The system prompt (rendered from `prompts/`). */
  instructions: string;
  /** The data to work on; never interpreted as instructions by the prompt's own rules. */
  input: string;
  schema: z.ZodType<T>;
  /** Name of the structured-output schema sent to the model. */
  schemaName: string;
};

export type LlmUsage = { inputTokens: number; outputTokens: number };

export type LlmResult<T> = { value: T; model: string; usage: LlmUsage };

/**
 * The LLM port. The OpenAI implementation validates the answer against `schema`
 * and throws `AppError('model_invalid')` when it does not fit, so callers can
 * retry once and then fall back to the offline path.
 */
export type LlmClient = {
  model: string;
  complete<T>(request: LlmRequest<T>): Promise<LlmResult<T>>;
};
