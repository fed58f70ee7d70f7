import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiLlm } from '../../src/adapters/openai/create-openai-llm.ts';
import { llmConfigSchema } from '../../src/adapters/openai/llm-config.ts';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { recordLlmUsage } from '../../src/adapters/store/record-llm-usage.ts';
import { syntheticPosts } from '../../src/bench/synthetic-mentions.ts';
import { toMention } from '../../src/sources/replay-source.ts';
import { EMPTY_HISTORY } from '../../src/triage/classifier.ts';
import { createLlmClassifier, renderTriagePrompt } from '../../src/triage/llm-classifier.ts';
import { createOfflineClassifier } from '../../src/triage/offline-classifier.ts';
import { type FakeOpenAi, type FakeRequest, startFakeOpenAi } from '../fakes/fake-openai-server.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { defaultConfig, silentLog } from '../helpers/test-deps.ts';
import { createTestStore } from '../helpers/test-stores.ts';

const config = defaultConfig();

/** A model that answers every post it is sent, as a complaint about billing. */
function answerAll(request: FakeRequest, overrides: Record<string, unknown> = {}) {
  const posts = JSON.parse(request.input) as { id: string }[];
  return {
    output: {
      verdicts: posts.map((p) => ({
        id: p.id,
        is_complaint: true,
        sentiment: -0.6,
        category: 'billing',
        severity: 'high',
        language: 'en',
        sarcasm: true,
        summary: 'Charged twice, wants it fixed',
        reasons: ['"thanks for charging me twice"'],
        ...overrides,
      })),
    },
    usage: { input: 400, output: 120 },
  };
}

describe('triage with the model against the fake OpenAI', () => {
  let fake: FakeOpenAi;
  let store: Store;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    store = await createTestStore('sqlite');
  });
  afterAll(async () => {
    await fake.stop();
    await store.close();
  });
  afterEach(() => {
    fake.requests.length = 0;
    fake.setDefault((r) => answerAll(r));
  });

  function classifier(budget = 2_000_000) {
    const cfg = { ...config, llm: { ...config.llm, daily_token_budget: budget } };
    const llm = createOpenAiLlm({
      apiKey: 'sk-test',
      baseURL: fake.url,
      config: llmConfigSchema.parse({ max_retries: 0, timeout_seconds: 5 }),
      onUsage: (purpose, model, usage) =>
        recordLlmUsage(store.db, purpose, model, usage, new Date()),
    });
    return createLlmClassifier({
      llm,
      offline: createOfflineClassifier(() => cfg),
      getConfig: () => cfg,
      db: store.db,
      log: silentLog,
      now: () => new Date(),
    });
  }
  const sarcastic = () => ({
    mention: buildMention({
      text: '@acme thanks so much for charging me twice this month, great work',
    }),
    history: EMPTY_HISTORY,
  });

  it('asks the model about an unclear post, passing the text as data, and keeps its verdict with the reasons', async () => {
    fake.setDefault((r) => answerAll(r));
    const c = classifier();
    const [verdict] = await c.classify([sarcastic()]);
    expect(verdict).toMatchObject({
      classifier: 'llm',
      isComplaint: true,
      category: 'billing',
      severity: 'high',
      sarcasm: true,
    });
    expect(verdict?.reasons[0]).toEqual({ rule: 'llm', detail: '"thanks for charging me twice"' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.instructions).toBe(renderTriagePrompt(config));
    expect(fake.requests[0]?.instructions).not.toContain('charging me twice');
    expect(fake.requests[0]?.input).toContain('charging me twice');
  });

  it('retries an answer that fails validation once, then lets the offline rules decide and says so', async () => {
    // First: invalid, then valid.
    const c = classifier();
    fake.setDefault((r) =>
      fake.requests.length === 1 ? answerAll(r, { category: 'made_up' }) : answerAll(r),
    );
    const [retried] = await c.classify([sarcastic()]);
    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    expect(retried?.classifier).toBe('llm');

    fake.requests.length = 0;
    fake.setDefault((r) => answerAll(r, { severity: 'apocalyptic' }));
    const [fallback] = await c.classify([sarcastic()]);
    expect(fake.requests).toHaveLength(2);
    expect(fallback?.classifier).toMatch(/^offline \(llm failed: .*severity apocalyptic/);
  });

  it('falls back to the offline rules when the model answers 500', async () => {
    fake.setDefault(() => ({
      status: 500,
      body: { error: { message: 'boom', type: 'server_error' } },
    }));
    const [verdict] = await classifier().classify([sarcastic()]);
    expect(verdict?.classifier).toMatch(/^offline \(llm failed/);
    expect(verdict?.isComplaint).toBe(true);
  });

  it('sends at most one request per ten mentions on a typical stream, and none for clear or escalated posts', async () => {
    fake.setDefault((r) => answerAll(r));
    const c = classifier();
    const now = new Date();
    const inputs = syntheticPosts(500).map((p) => ({
      mention: toMention(p, 'x', now),
      history: EMPTY_HISTORY,
    }));
    const verdicts = await c.classify(inputs);
    expect(verdicts).toHaveLength(500);
    expect(c.requests()).toBeGreaterThan(0);
    expect(c.requests()).toBeLessThanOrEqual(50);
    const escalated = verdicts.filter((v) => v.action === 'escalate');
    expect(escalated.length).toBeGreaterThan(0);
    expect(escalated.every((v) => v.classifier === 'offline')).toBe(true);
  });

  it('stops asking once the daily token budget is spent', async () => {
    fake.setDefault((r) => answerAll(r));
    const c = classifier(1);
    const [verdict] = await c.classify([sarcastic()]);
    expect(fake.requests).toHaveLength(0);
    expect(verdict?.classifier).toBe('offline (llm over the daily token budget)');
  });
});
