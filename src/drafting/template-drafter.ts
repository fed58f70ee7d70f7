import type { Config } from '../config/schema.ts';
import type { DraftProposal } from '../domain/draft.ts';
import { checkDraft, describeFindings } from './check-draft.ts';
import type { Drafter, DraftRequest } from './drafter.ts';
import { findInjectionAttempt } from './guardrails/find-instructions.ts';

const FALLBACK_LANGUAGE = 'en';
const BUILT_IN_REPLY = '@{handle} Thank you for getting in touch. Please DM us so we can help.';
const BUILT_IN_HOLDING =
  '@{handle} Thank you for telling us. A member of our team will contact you directly.';

/**
 * Offline drafts from the reviewed templates in config: by language, then
 * category and severity, then `default`. Escalated items get only the holding
 * reply. Templates pass the same guardrails as model drafts.
 */
export function createTemplateDrafter(getConfig: () => Config): Drafter {
  return {
    name: 'template',
    draft: async (request) => draftFromTemplate(request, getConfig()),
  };
}

export function draftFromTemplate(request: DraftRequest, config: Config): DraftProposal {
  const { mention, verdict } = request;
  const language = config.drafting.templates[verdict.language]
    ? verdict.language
    : FALLBACK_LANGUAGE;
  const values = {
    handle: mention.author.handle,
    brand: config.brand.name,
    problem: describeProblem(request, language, config),
  };
  const proposal =
    verdict.action === 'escalate'
      ? holdingReply(request, language, values, config)
      : templateReply(request, language, values, config);
  return withChecks(proposal, request, config);
}

function templateReply(
  request: DraftRequest,
  language: string,
  values: Record<string, string>,
  config: Config,
): DraftProposal {
  const { category, severity } = request.verdict;
  const set = config.drafting.templates[language] ?? {};
  const name = set[category] ? category : 'default';
  const entry = set[name];
  const template =
    typeof entry === 'string' ? entry : (entry?.[severity] ?? entry?.default ?? BUILT_IN_REPLY);
  const variant = typeof entry === 'object' && entry[severity] ? `/${severity}` : '';
  return {
    text: fill(template, values),
    language,
    movesToPrivate: /\bDM\b|DM으로|메시지로/.test(template),
    confidence: name === 'default' ? 0.5 : 0.7,
    reviewerNote: `Template "${language}/${name}${variant}". Check that it fits what the customer said before sending.`,
    origin: `template:${language}/${name}${variant}`,
    findings: [],
  };
}

function holdingReply(
  request: DraftRequest,
  language: string,
  values: Record<string, string>,
  config: Config,
): DraftProposal {
  const holding =
    config.drafting.holding_replies[language] ??
    config.drafting.holding_replies[FALLBACK_LANGUAGE] ??
    BUILT_IN_HOLDING;
  const risks = request.verdict.reasons
    .filter((r) => r.rule.startsWith('escalator:'))
    .map((r) => r.detail);
  return {
    text: fill(holding, values),
    language,
    movesToPrivate: true,
    confidence: 1,
    reviewerNote: `Escalated (${risks.join('; ') || request.verdict.summary}): holding reply only; the escalation owner answers in substance.`,
    origin: 'template:holding',
    findings: [],
  };
}

/**
 * A template is reviewed text, but config edits and odd handles can still
 * break a rule: the reviewer sees what fired. A post that tries to instruct
 * the bot is named too, so nobody "fixes" the draft into obeying it.
 */
function withChecks(proposal: DraftProposal, request: DraftRequest, config: Config): DraftProposal {
  const subject = {
    authorHandle: request.mention.author.handle,
    mentionText: request.mention.text,
  };
  const findings = checkDraft(proposal.text, subject, config);
  const injection = findInjectionAttempt(request.mention.text);
  const notes = [proposal.reviewerNote];
  if (injection)
    notes.push(
      `The post tries to instruct the bot ("${injection.slice(0, 80)}"); it was ignored and nothing was promised.`,
    );
  if (findings.length > 0)
    notes.push(`Guardrails fired on the template: ${describeFindings(findings)}`);
  return {
    ...proposal,
    reviewerNote: notes.join(' '),
    findings: [...proposal.findings, ...findings],
    confidence: findings.length > 0 ? 0 : proposal.confidence,
  };
}

/** The words for {problem}: per language and category in config, else a neutral phrase. */
function describeProblem(request: DraftRequest, language: string, config: Config): string {
  const phrases = config.drafting.problems[language] ?? {};
  const category = request.verdict.category;
  return (
    phrases[category] ?? phrases.default ?? (language === 'ko' ? '이번 일' : 'the trouble you had')
  );
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
