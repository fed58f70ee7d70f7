import type { Config } from '../config/schema.ts';
import type { Mention } from '../domain/mention.ts';
import { measureTemplateDraftOverhead } from '../drafting/measure-draft-overhead.ts';
import { toMention } from '../sources/replay-source.ts';
import { EMPTY_HISTORY } from '../triage/classifier.ts';
import { createOfflineClassifier } from '../triage/offline-classifier.ts';
import { syntheticPosts } from './synthetic-mentions.ts';

export type OfflineStageFigures = {
  /** Offline triage on one core, in mentions per second. */
  triagePerSecond: number;
  /** Template drafting with every guardrail, per draft, without any model. */
  draftMs: number;
  /** The LLM drafter's own work (prompt, parsing, guardrails) around an instant model. */
  llmDraftOverheadMs: number;
  mentions: number;
};

/**
 * The stages' own cost, in this process and without the store: what one core
 * spends classifying and drafting. The scenarios measure the whole pipeline.
 */
export async function measureOfflineStages(
  config: Config,
  count: number,
): Promise<OfflineStageFigures> {
  const now = new Date();
  const mentions: Mention[] = syntheticPosts(count).map((p) => toMention(p, 'bench', now));
  const classifier = createOfflineClassifier(() => config);
  const inputs = mentions.map((mention) => ({ mention, history: EMPTY_HISTORY }));
  // One pass to warm up: a running bot classifies with optimised code, so that is what is measured.
  await classifier.classify(inputs);
  // The median of three passes: one pass can land on a busy moment of a shared machine.
  const rates: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    await classifier.classify(inputs);
    rates.push(count / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  const drafting = await measureTemplateDraftOverhead(config, Math.min(count, 2_000));
  return {
    triagePerSecond: rates[1] ?? 0,
    draftMs: drafting.perDraftMs,
    llmDraftOverheadMs: drafting.perLlmDraftOverheadMs,
    mentions: count,
  };
}
