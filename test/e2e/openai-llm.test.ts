import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAiLlm } from '../../src/adapters/openai/create-openai-llm.ts';
import type { LlmUsage } from '../../src/adapters/openai/llm-client.ts';
import { llmConfigSchema } from '../../src/adapters/openai/llm-config.ts';
import { AppError } from '../../src/domain/errors.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai-server.ts';

const answerSchema = z.object({ label: z.string(), score: z.number() });

describe('the OpenAI adapter against the local fake', () => {
  let fake: FakeOpenAi;
  const usage: { purpose: string; usage: LlmUsage }[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.stop();
  });

  function llm() {
    const config = llmConfigSchema.parse({ max_retries: 0, timeout_seconds: 2 });
    return createOpenAiLlm({
      apiKey: 'sk-test-secret',
      baseURL: fake.url,
      config,
      onUsage: async (purpose, _model, u) => {
        usage.push({ purpose, usage: u });
      },
    });
  }
  const request = {
    purpose: 'test',
    instructions: 'Label it.',
    input: 'some text',
    schema: answerSchema,
    schemaName: 'answer',
  };

  it('returns the validated structured output and records its tokens', async () => {
    fake.enqueue({ output: { label: 'complaint', score: 0.9 }, usage: { input: 120, output: 30 } });

    const result = await llm().complete(request);

    expect(result.value).toEqual({ label: 'complaint', score: 0.9 });
    expect(usage.at(-1)).toEqual({
      purpose: 'test',
      usage: { inputTokens: 120, outputTokens: 30 },
    });
    expect(fake.requests.at(-1)?.schemaName).toBe('answer');
    expect(fake.requests.at(-1)?.body.text).toMatchObject({
      format: { type: 'json_schema', strict: true },
    });
  });

  it('reports an answer that misses a field as model_invalid', async () => {
    fake.enqueue({ output: { label: 'complaint' } });

    const error = await llm()
      .complete(request)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('model_invalid');
  });

  it('reports a 429 as rate_limited with the time to wait', async () => {
    fake.enqueue({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { message: 'slow down', type: 'rate_limit_error' } },
    });

    const error = (await llm()
      .complete(request)
      .catch((e: unknown) => e)) as AppError;

    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter?.getTime()).toBeGreaterThan(Date.now() + 5000);
  });

  it('reports a 500 and a malformed body without leaking the key', async () => {
    fake.enqueue({ status: 500 }, { malformedBody: '{"id": "resp_1", "output": [' });

    const serverError = (await llm()
      .complete(request)
      .catch((e: unknown) => e)) as AppError;
    const malformed = (await llm()
      .complete(request)
      .catch((e: unknown) => e)) as AppError;

    expect(serverError.code).toBe('transient');
    expect(['model_invalid', 'transient']).toContain(malformed.code);
    expect(`${serverError.message} ${malformed.message}`).not.toContain('sk-test-secret');
  });

  it('gives up on a slow answer after the configured timeout', async () => {
    fake.enqueue({ output: { label: 'late', score: 0 }, delayMs: 3000 });

    const error = (await llm()
      .complete(request)
      .catch((e: unknown) => e)) as AppError;

    expect(error.code).toBe('transient');
  });
});
