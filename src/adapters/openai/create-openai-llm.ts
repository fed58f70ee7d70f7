import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { ZodError } from 'zod';
import { AppError } from '../../domain/errors.ts';
import type { LlmClient, LlmRequest, LlmResult, LlmUsage } from './llm-client.ts';
import type { LlmConfig } from './llm-config.ts';

export type OpenAiOptions = {
  apiKey: string;
  /** OPENAI_BASE_URL: any OpenAI-compatible server, a gateway, or the test fake. */
  baseURL?: string;
  config: LlmConfig;
  /** Called after every answered request, valid or not, so every token is counted. */
  onUsage?: (purpose: string, model: string, usage: LlmUsage) => Promise<void>;
};

/**
 * The LLM port over the openai client's Responses API with structured outputs
 * (`responses.parse` + `zodTextFormat`). Errors become coded AppErrors: the
 * callers decide between retry and the offline fallback on `code` alone.
 */
export function createOpenAiLlm(options: OpenAiOptions): LlmClient {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.config.timeout_seconds * 1000,
    maxRetries: options.config.max_retries,
  });
  const model = options.config.model;
  return {
    model,
    async complete<T>(request: LlmRequest<T>): Promise<LlmResult<T>> {
      let response: Awaited<ReturnType<typeof client.responses.parse>>;
      try {
        response = await client.responses.parse({
          model,
          instructions: request.instructions,
          input: request.input,
          text: { format: zodTextFormat(request.schema, request.schemaName) },
        });
      } catch (error) {
        throw toAppError(error);
      }
      const usage = {
        inputTokens: response.usage?.input_tokens ?? 0,
        outputTokens: response.usage?.output_tokens ?? 0,
      };
      await options.onUsage?.(request.purpose, response.model ?? model, usage);
      const parsed = request.schema.safeParse(response.output_parsed);
      if (!parsed.success) {
        throw new AppError(
          'model_invalid',
          `The model's answer did not match the ${request.schemaName} schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      return { value: parsed.data, model: response.model ?? model, usage };
    },
  };
}

/** The one place openai client errors become coded errors. Messages never carry the key. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError || error instanceof SyntaxError) {
    return new AppError(
      'model_invalid',
      `The model's answer could not be parsed: ${error.message.slice(0, 300)}`,
      { cause: error },
    );
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    if (status === 401 || status === 403) {
      return new AppError(
        'credentials',
        `The LLM server refused OPENAI_API_KEY (HTTP ${status}). Check the key and that it may use the configured model.`,
      );
    }
    if (status === 429) {
      return new AppError(
        'rate_limited',
        'The LLM server is rate limiting (HTTP 429); waiting before the next call.',
        { retryAfter: retryAfter(error.headers) },
      );
    }
    if (status === 400 || status === 404 || status === 422) {
      return new AppError(
        'model_invalid',
        `The LLM server rejected the request (HTTP ${status}): ${error.message.slice(0, 300)}. Check llm.model in the config.`,
      );
    }
    return new AppError(
      'transient',
      `The LLM server failed (${status ? `HTTP ${status}` : error.constructor.name}); it will be retried.`,
      { cause: error },
    );
  }
  // The openai client wraps JSON parse failures of a 200 body in a plain Error.
  if (error instanceof Error && /JSON|Unexpected token|parse/i.test(error.message)) {
    return new AppError(
      'model_invalid',
      `The LLM server sent an unreadable answer: ${error.message.slice(0, 200)}`,
      { cause: error },
    );
  }
  return new AppError(
    'transient',
    `The LLM call failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
    { cause: error },
  );
}

function retryAfter(headers: Headers | undefined): Date | undefined {
  const value = headers?.get('retry-after');
  const seconds = value ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(Date.now() + seconds * 1000) : undefined;
}
