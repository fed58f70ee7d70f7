import type { Config } from '../config/schema.ts';
import type { Mention } from '../domain/mention.ts';
import { createTemplateDrafter } from '../drafting/template-drafter.ts';
import { toMention } from '../sources/replay-source.ts';
import { EMPTY_HISTORY } from '../triage/classifier.ts';
import { createOfflineClassifier } from '../triage/offline-classifier.ts';
import { syntheticPosts } from './synthetic-mentions.ts';

export type OfflineStageFigures = {
  /** Offline triage on one core, in mentions per second. */
  triagePerSecond: number;
  /** Template drafting with every guardrail, per draft, without any model. */
  draftMs: number;
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
  const drafter = createTemplateDrafter(() => config);
  const inputs = mentions.map((mention) => ({ mention, history: EMPTY_HISTORY }));
  await classifier.classify(inputs.slice(0, 200)); // warm-up: let the JIT see the hot paths
  const triageStart = performance.now();
  const verdicts = await classifier.classify(inputs);
  const triageSeconds = (performance.now() - triageStart) / 1000;
  const toDraft = verdicts
    .map((verdict, i) => ({ verdict, mention: mentions[i] as Mention }))
    .filter((x) => x.verdict.action !== 'ignore');
  const draftStart = performance.now();
  for (const { mention, verdict } of toDraft)
    await drafter.draft({ mention, verdict, history: EMPTY_HISTORY });
  const draftMs = (performance.now() - draftStart) / Math.max(1, toDraft.length);
  return { triagePerSecond: count / triageSeconds, draftMs, mentions: count };
}
