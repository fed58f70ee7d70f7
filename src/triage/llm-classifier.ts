import type { Logger } from 'pino';
import { z } from 'zod';
import type { LlmClient } from '../adapters/openai/llm-client.ts';
import type { Db } from '../adapters/store/database.ts';
import { tokensSpentSince } from '../adapters/store/record-llm-usage.ts';
import type { Config } from '../config/schema.ts';
import type { Verdict } from '../domain/verdict.ts';
import { describeError } from '../domain/errors.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';
import { routeItem } from '../review/route-item.ts';
import type { Classifier, TriageInput } from './classifier.ts';
import type { OfflineClassifier } from './offline-classifier.ts';
import { scorePriority } from './priority.ts';

/** Posts per model request: enough to keep requests well under one per ten mentions. */
const BATCH = 20;
/** An offline score this far from the threshold is left to the rules (the cheap pre-filter). */
const CLEAR_MARGIN = 3;

export const triageAnswerSchema = z.object({
  verdicts: z.array(
    z.object({
      id: z.string(),
      is_complaint: z.boolean(),
      sentiment: z.number().min(-1).max(1),
      category: z.string(),
      severity: z.string(),
      language: z.string(),
      sarcasm: z.boolean(),
      summary: z.string(),
      reasons: z.array(z.string()),
    }),
  ),
});

type Answer = z.infer<typeof triageAnswerSchema>['verdicts'][number];

/**
 * Triage with the model, behind the offline rules. The rules go first: what
 * they ignore (own posts, ignore lists), escalate (safety, legal…) or decide
 * with a wide margin never costs a model call; the rest go to the model in
 * batches, as data it cannot take instructions from. An answer that fails
 * validation is asked for once more; then, or when the model is down or the
 * daily token budget is spent, the offline verdict stands and says why.
 */
export function createLlmClassifier(deps: {
  llm: LlmClient;
  offline: OfflineClassifier;
  getConfig: () => Config;
  db: Db;
  log: Logger;
  now: () => Date;
}): Classifier & { requests: () => number } {
  let requests = 0;
  return {
    name: 'llm',
    requests: () => requests,
    async classify(inputs) {
      const config = deps.getConfig();
      const scored = deps.offline.classifyScored(inputs);
      const offline = scored.map((s) => s.verdict);
      const unclear = inputs
        .map((input, i) => ({
          input,
          verdict: offline[i] as Verdict,
          score: scored[i]?.score ?? 0,
          i,
        }))
        .filter(({ verdict, score }) => needsModel(verdict, score, config));
      if (unclear.length === 0) return offline;
      const budget = config.llm.daily_token_budget;
      const dayStart = new Date(deps.now().toISOString().slice(0, 10));
      if (budget === 0 || (await tokensSpentSince(deps.db, dayStart)) >= budget) {
        for (const { i } of unclear)
          offline[i] = {
            ...(offline[i] as Verdict),
            classifier: 'offline (llm over the daily token budget)',
          };
        return offline;
      }
      for (let start = 0; start < unclear.length; start += BATCH) {
        const batch = unclear.slice(start, start + BATCH);
        try {
          const answers = await ask(
            batch.map((b) => b.input),
            config,
          );
          for (const { input, verdict, i } of batch) {
            const answer = answers.get(input.mention.id);
            offline[i] = answer
              ? merge(verdict, answer, input, config)
              : { ...verdict, classifier: 'offline (llm gave no verdict for this post)' };
          }
        } catch (error) {
          const why = describeError(error).slice(0, 120);
          deps.log.warn(`LLM triage failed, the offline rules decide: ${why}`);
          for (const { verdict, i } of batch)
            offline[i] = { ...verdict, classifier: `offline (llm failed: ${why})` };
        }
      }
      return offline;
    },
  };

  async function ask(batch: TriageInput[], config: Config): Promise<Map<string, Answer>> {
    const instructions = renderTriagePrompt(config);
    const input = JSON.stringify(
      batch.map(({ mention, history }) => ({
        id: mention.id,
        text: mention.text,
        reported_language: mention.lang,
        author_followers: mention.author.followers,
        earlier_complaints_30d: history.recentComplaints,
      })),
    );
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      requests++;
      try {
        const result = await deps.llm.complete({
          purpose: 'triage',
          instructions,
          input,
          schema: triageAnswerSchema,
          schemaName: 'triage_verdicts',
        });
        const byId = new Map(result.value.verdicts.map((v) => [v.id, v]));
        const problems = validate(result.value.verdicts, batch, config);
        if (problems.length === 0) return byId;
        lastError = new Error(`answer failed validation: ${problems.join('; ')}`);
      } catch (error) {
        lastError = error;
        if ((error as { code?: string }).code !== 'model_invalid') break;
      }
    }
    throw lastError;
  }
}

/**
 * The cheap pre-filter: the model is asked only when the rules are not clear on
 * their own (near the threshold, or praise next to a problem: possible sarcasm).
 */
function needsModel(verdict: Verdict, score: number, config: Config): boolean {
  if (!Number.isFinite(score)) return false; // ignored by rule, or escalated: a person decides
  const margin = Math.abs(score - config.triage.signal_weights.threshold);
  return margin < CLEAR_MARGIN || verdict.sarcasm;
}

function validate(answers: Answer[], batch: TriageInput[], config: Config): string[] {
  const problems: string[] = [];
  const ids = new Set(batch.map((b) => b.mention.id));
  const categories = new Set([...config.triage.categories.map((c) => c.name), 'other', 'none']);
  for (const a of answers) {
    if (!ids.has(a.id)) problems.push(`unknown id ${a.id}`);
    if (!categories.has(a.category)) problems.push(`unknown category ${a.category}`);
    if (!config.triage.severities.includes(a.severity))
      problems.push(`unknown severity ${a.severity}`);
  }
  if (answers.length < batch.length)
    problems.push(`${batch.length - answers.length} posts without a verdict`);
  return problems;
}

function merge(offline: Verdict, answer: Answer, input: TriageInput, config: Config): Verdict {
  const severities = config.triage.severities;
  // The rules' escalators set a floor: the model may raise severity, never lower a safety call.
  const floor = severities.indexOf(offline.severity);
  const severity = answer.is_complaint
    ? (severities[Math.max(floor, severities.indexOf(answer.severity))] ?? answer.severity)
    : offline.action === 'escalate'
      ? offline.severity
      : (severities[0] ?? answer.severity);
  const category = answer.is_complaint
    ? answer.category === 'none'
      ? 'other'
      : answer.category
    : offline.category === 'question'
      ? 'question'
      : 'none';
  const keep = offline.reasons.filter((r) => /^(escalator|reach|history|category):/.test(r.rule));
  const isVip = keep.some((r) => r.rule === 'reach:vip');
  return {
    ...offline,
    isComplaint: answer.is_complaint,
    sentiment: answer.sentiment,
    category,
    severity,
    language: answer.language || offline.language,
    sarcasm: answer.sarcasm,
    summary: answer.summary.slice(0, 200),
    reasons: [...answer.reasons.slice(0, 5).map((detail) => ({ rule: 'llm', detail })), ...keep],
    action:
      offline.action === 'escalate'
        ? 'escalate'
        : answer.is_complaint || category === 'question'
          ? 'reply'
          : 'ignore',
    priority: scorePriority({
      severityRank: severities.indexOf(severity),
      severityCount: severities.length,
      author: input.mention.author,
      isVip,
      history: input.history,
      isComplaint: answer.is_complaint,
    }),
    route: routeItem(category, severity, config),
    classifier: 'llm',
  };
}

export function renderTriagePrompt(config: Config): string {
  return renderPrompt('triage', {
    brand: config.brand.name,
    categories: [...config.triage.categories.map((c) => c.name), 'other', 'none'].join(', '),
    category_descriptions: config.triage.categories
      .map((c) => `  - \`${c.name}\`: ${c.description}`)
      .join('\n'),
    severities: config.triage.severities.join(', '),
  });
}
