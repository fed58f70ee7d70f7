import type { Config } from '../config/schema.ts';
import type { DraftProposal } from '../domain/draft.ts';
import type { Drafter, DraftRequest } from './drafter.ts';

const FALLBACK_LANGUAGE = 'en';

/**
 * Offline drafts from the reviewed templates in config: by language, then
 * category, then `default`. Escalated items get only the holding reply.
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
    problem: describeProblem(request),
  };
  if (verdict.action === 'escalate') {
    const holding =
      config.drafting.holding_replies[language] ??
      config.drafting.holding_replies[FALLBACK_LANGUAGE];
    return {
      text: fill(
        holding ??
          '@{handle} Thank you for telling us. A member of our team will contact you directly.',
        values,
      ),
      language,
      movesToPrivate: true,
      confidence: 1,
      reviewerNote: `Escalated (${verdict.reasons
        .filter((r) => r.rule.startsWith('escalator:'))
        .map((r) => r.detail)
        .join('; ')}): holding reply only; the escalation owner answers in substance.`,
      origin: 'template:holding',
      findings: [],
    };
  }
  const set = config.drafting.templates[language] ?? {};
  const name = set[verdict.category] ? verdict.category : 'default';
  const template =
    set[name] ?? '@{handle} Thank you for getting in touch. Please DM us so we can help.';
  return {
    text: fill(template, values),
    language,
    movesToPrivate: /\bDM\b|DM으로/.test(template),
    confidence: name === 'default' ? 0.5 : 0.7,
    reviewerNote: `Template "${language}/${name}". Check that it fits what the customer said before sending.`,
    origin: `template:${language}/${name}`,
    findings: [],
  };
}

function describeProblem(request: DraftRequest): string {
  const category = request.verdict.category;
  if (category === 'other' || category === 'none' || category === 'question')
    return 'the trouble you had';
  return `the ${category.replace(/_/g, ' ')} issue`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
