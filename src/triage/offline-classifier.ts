import type { Config } from '../config/schema.ts';
import type { Reason, TriageAction, Verdict } from '../domain/verdict.ts';
import type { Classifier, TriageInput } from './classifier.ts';
import { readComplaintSignals } from './complaint-signals.ts';
import { compileTerms, normaliseText } from './match-terms.ts';
import { routeItem } from '../review/route-item.ts';
import { scorePriority } from './priority.ts';

/**
 * Triage without a model: the rules in config (ignore, escalators, categories,
 * cues) decide. Every rule that fires becomes a reason on the verdict.
 */
/** A verdict with the evidence score behind it (how far it is from the threshold says how clear it is). */
export type ScoredVerdict = { verdict: Verdict; score: number };

export type OfflineClassifier = Classifier & {
  classifyScored(inputs: TriageInput[]): ScoredVerdict[];
};

export function createOfflineClassifier(getConfig: () => Config): OfflineClassifier {
  // Rules are compiled once per config object; a reloaded config compiles anew.
  const compiled = new WeakMap<Config, CompiledRules>();
  const classifyScored = (inputs: TriageInput[]) => {
    const config = getConfig();
    let rules = compiled.get(config);
    if (!rules) {
      rules = compileRules(config);
      compiled.set(config, rules);
    }
    const current = rules;
    return inputs.map((input) => classifyOne(input, current, config));
  };
  return {
    name: 'offline',
    classifyScored,
    classify: async (inputs) => classifyScored(inputs).map((s) => s.verdict),
  };
}

type CompiledRules = ReturnType<typeof compileRules>;

function compileRules(config: Config) {
  const t = config.triage;
  const byLanguage = (cues: Record<string, string[]>) => compileTerms(Object.values(cues).flat());
  return {
    ignoreKeywords: compileTerms(t.ignore.keywords),
    ignoreAuthors: new Set(t.ignore.authors.map((h) => h.toLowerCase())),
    brandHandles: new Set(config.brand.handles.map((h) => h.toLowerCase())),
    vipAuthors: new Set(t.vip.authors.map((h) => h.toLowerCase())),
    escalators: t.escalators.map((e) => ({ ...e, match: compileTerms(e.terms) })),
    categories: t.categories.map((c) => ({ ...c, match: compileTerms(c.keywords) })),
    complaint: byLanguage(t.complaint_cues),
    praise: byLanguage(t.praise_cues),
    question: byLanguage(t.question_cues),
  };
}

function classifyOne(input: TriageInput, rules: CompiledRules, config: Config): ScoredVerdict {
  const { mention, history } = input;
  const text = mention.text;
  const reasons: Reason[] = [];
  const language = detectLanguage(text, mention.lang);

  const ignored = ignoreReason(input, rules, config);
  if (ignored) return { verdict: ignoreVerdict(ignored, language, config), score: -Infinity };

  const signals = readComplaintSignals(text, rules, config.triage.signal_weights);
  const questions = rules.question(text);
  const escalations = rules.escalators
    .map((e) => ({ e, hits: e.match(text) }))
    .filter((x) => x.hits.length);
  const category = rules.categories
    .map((c) => ({ c, hits: c.match(text) }))
    .find((x) => x.hits.length);

  reasons.push(...signals.reasons);
  for (const { e, hits } of escalations) {
    reasons.push({
      rule: `escalator:${e.name}`,
      detail: `${e.name} risk: "${hits[0]}" (severity ${e.severity})`,
    });
  }
  if (category)
    reasons.push({ rule: `category:${category.c.name}`, detail: `mentions "${category.hits[0]}"` });

  const isComplaint = escalations.length > 0 || signals.isComplaint;
  const sentiment = escalations.length ? Math.min(signals.sentiment, -0.5) : signals.sentiment;

  const severities = config.triage.severities;
  const forced = escalations
    .map(({ e }) => e.severity)
    .sort((a, b) => severities.indexOf(b) - severities.indexOf(a))[0];
  const severity =
    forced ?? (isComplaint ? config.triage.default_severity : (severities[0] ?? 'low'));
  const escalate = escalations.some(({ e }) => e.escalate);
  const isVip =
    rules.vipAuthors.has(mention.author.handle.toLowerCase()) ||
    mention.author.followers >= config.triage.vip.min_followers;
  if (isVip)
    reasons.push({
      rule: 'reach:vip',
      detail: `high reach: ${mention.author.followers} followers`,
    });
  if (history.recentComplaints > 0) {
    reasons.push({
      rule: 'history:repeat',
      detail: `${history.recentComplaints} earlier complaint(s) in 30 days`,
    });
  }

  const action: TriageAction = escalate
    ? 'escalate'
    : isComplaint || questions.length > 0
      ? 'reply'
      : 'ignore';
  if (action === 'ignore')
    reasons.push({
      rule: 'no-reply-needed',
      detail: signals.score < 0 ? 'praise or thanks' : 'no complaint or question found',
    });
  const categoryName =
    category?.c.name ?? (isComplaint ? 'other' : questions.length ? 'question' : 'none');
  const priority = scorePriority({
    severityRank: severities.indexOf(severity),
    severityCount: severities.length,
    author: mention.author,
    isVip,
    history,
    isComplaint,
  });
  const verdict: Verdict = {
    isComplaint,
    sentiment,
    category: categoryName,
    severity,
    language,
    sarcasm: signals.sarcasm,
    summary: summarise(text),
    reasons,
    action,
    priority,
    route: routeItem(categoryName, severity, config),
    classifier: 'offline',
  };
  return { verdict, score: escalations.length ? Infinity : signals.score };
}

function ignoreReason(input: TriageInput, rules: CompiledRules, config: Config): Reason | null {
  const handle = input.mention.author.handle.toLowerCase();
  if (rules.brandHandles.has(handle))
    return { rule: 'ignore:own-post', detail: 'posted by the brand itself' };
  if (rules.ignoreAuthors.has(handle))
    return { rule: 'ignore:author', detail: `@${handle} is on the ignore list` };
  const keyword = rules.ignoreKeywords(input.mention.text)[0];
  if (keyword) return { rule: 'ignore:keyword', detail: `contains "${keyword}"` };
  return spamReason(input.mention.text, config.triage.ignore);
}

/** Bot and spam shapes that need no reply: nothing but links, one token over and over, mass tagging. */
function spamReason(text: string, ignore: Config['triage']['ignore']): Reason | null {
  const handles = text.match(/@\w+/g) ?? [];
  if (ignore.max_mentions > 0 && handles.length > ignore.max_mentions)
    return { rule: 'ignore:mass-tagging', detail: `tags ${handles.length} accounts` };
  // No `u` flag: stripping links needs no Unicode classes, and it is several times faster without.
  const words = text.replace(/https?:\/\/\S+|\b\S+\.(?:ly|co|com|io|me)\/\S*|@\w+|#\w+/gi, ' ');
  if (ignore.link_only && !/[\p{L}\p{N}]/u.test(words))
    return { rule: 'ignore:link-only', detail: 'only links, handles or emoji, no words' };
  if (ignore.repeated_text > 0) {
    const counts = new Map<string, number>();
    let tokens = 0;
    let top = '';
    let n = 0;
    for (const token of text.toLowerCase().split(/\s+/)) {
      if (!token || token.startsWith('@')) continue;
      tokens += 1;
      const count = (counts.get(token) ?? 0) + 1;
      counts.set(token, count);
      if (count > n) [top, n] = [token, count];
    }
    if (n >= ignore.repeated_text && n * 2 > tokens)
      return { rule: 'ignore:repeated-text', detail: `"${top.slice(0, 30)}" repeated ${n} times` };
  }
  return null;
}

function ignoreVerdict(reason: Reason, language: string, config: Config): Verdict {
  return {
    isComplaint: false,
    sentiment: 0,
    category: 'none',
    severity: config.triage.severities[0] ?? 'low',
    language,
    sarcasm: false,
    summary: reason.detail,
    reasons: [reason],
    action: 'ignore',
    priority: 0,
    route: config.review.default_channel,
    classifier: 'offline',
  };
}

/** Hangul decides Korean; otherwise trust the platform's tag, defaulting to English. */
export function detectLanguage(text: string, reported: string): string {
  if (/\p{Script=Hangul}/u.test(text)) return 'ko';
  return reported && reported !== 'und' ? reported : 'en';
}

function summarise(text: string): string {
  const clean = normaliseText(text).replace(/@\w+/g, '').replace(/\s+/g, ' ').trim();
  return clean.length > 120 ? `${clean.slice(0, 117)}…` : clean;
}
