import type { Config } from '../config/schema.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';
import type { DraftRequest } from './drafter.ts';
import { MAX_REPLY_LENGTH } from './guardrails/weigh-reply.ts';

export type DraftPrompt = { instructions: string; input: string };

/**
 * The system prompt (`prompts/draft.md`, filled from config: voice, policy,
 * category guidance) and the data as JSON: the post, the verdict, the
 * customer's history and, when regenerating, the last version and the
 * reviewer's instruction. The post only ever travels in the data.
 */
export function renderDraftPrompt(
  request: DraftRequest,
  config: Config,
  failure?: string,
): DraftPrompt {
  const drafting = config.drafting;
  const { mention, verdict, history } = request;
  const instructions = renderPrompt('draft', {
    brand: config.brand.name,
    max_length: String(MAX_REPLY_LENGTH),
    voice: drafting.voice.trim(),
    may_offer: bullets(drafting.policy.may_offer),
    may_not_offer: bullets(drafting.policy.may_not_offer),
    allowed_urls: bullets(drafting.policy.allowed_urls),
    banned_phrases: bullets(drafting.policy.banned_phrases.map((p) => `"${p}"`)),
    category: verdict.category,
    category_guidance:
      drafting.guidance[verdict.category] ?? 'No special guidance; follow the principles above.',
  });
  const data = {
    post: {
      author_handle: mention.author.handle,
      author_name: mention.author.name,
      followers: mention.author.followers,
      posted_at: mention.postedAt,
      text: mention.text,
    },
    language: verdict.language,
    triage: {
      category: verdict.category,
      severity: verdict.severity,
      sentiment: verdict.sentiment,
      sarcasm: verdict.sarcasm,
      summary: verdict.summary,
      reasons: verdict.reasons.map((r) => r.detail),
    },
    customer_history: {
      complaints_last_30_days: history.recentComplaints,
      open_items: history.openItems,
    },
    ...(request.previousText ? { previous_draft: request.previousText } : {}),
    ...(request.instruction ? { reviewer_instruction: request.instruction } : {}),
    ...(failure ? { previous_attempt_failed: failure } : {}),
  };
  return { instructions, input: JSON.stringify(data, null, 2) };
}

function bullets(items: readonly string[]): string {
  return items.length === 0 ? '- (none)' : items.map((item) => `- ${item}`).join('\n');
}
