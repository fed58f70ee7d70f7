import type { Config } from '../config/schema.ts';
import type { GuardrailFinding } from '../domain/draft.ts';
import { checkAddressesAuthor } from './guardrails/check-addresses-author.ts';
import { checkBannedPhrases } from './guardrails/check-banned-phrases.ts';
import { checkCommitments } from './guardrails/check-commitments.ts';
import { checkInstructionsObeyed } from './guardrails/check-instructions-obeyed.ts';
import { checkLength } from './guardrails/check-length.ts';
import { checkOtherAccounts } from './guardrails/check-other-accounts.ts';
import { checkPersonalData } from './guardrails/check-personal-data.ts';
import { checkUrls } from './guardrails/check-urls.ts';
import type { Guardrail, GuardrailContext } from './guardrails/guardrail.ts';

/** Every guardrail, in the order a reviewer should read their findings. */
export const GUARDRAILS: readonly Guardrail[] = [
  checkLength,
  checkAddressesAuthor,
  checkOtherAccounts,
  checkUrls,
  checkBannedPhrases,
  checkCommitments,
  checkPersonalData,
  checkInstructionsObeyed,
];

export type DraftSubject = {
  /** The customer's handle, without @. */
  authorHandle: string;
  /** The customer's post. */
  mentionText: string;
};

/**
 * The one place reply text is checked: LLM drafts, template drafts and a
 * reviewer's own edit all pass through here. Returns every finding; an empty
 * list means the text may be proposed.
 */
export function checkDraft(
  text: string,
  subject: DraftSubject,
  config: Config,
): GuardrailFinding[] {
  // A text this far over the limit is refused for its length alone; the other
  // rules would only add cost (pasted walls of text cost seconds otherwise).
  if (text.length > MAX_CHECKED_REPLY)
    return checkLength({ ...contextOf('', subject, config), text });
  const context: GuardrailContext = contextOf(text, subject, config);
  return GUARDRAILS.flatMap((guardrail) => guardrail(context));
}

/** X's 280 weighted characters are at most 280 code points of two UTF-16 units, plus slack for URLs. */
const MAX_CHECKED_REPLY = 2_000;
/** Posts are read up to here for echoed data and instructions: far past any order aimed at a bot. */
const MAX_CHECKED_POST = 4_000;

function contextOf(text: string, subject: DraftSubject, config: Config): GuardrailContext {
  return {
    text,
    authorHandle: subject.authorHandle,
    mentionText: subject.mentionText.slice(0, MAX_CHECKED_POST),
    brandHandles: config.brand.handles,
    policy: config.drafting.policy,
  };
}

/** One line per finding, for reviewer notes and for the model's second attempt. */
export function describeFindings(findings: readonly GuardrailFinding[]): string {
  return findings.map((f) => `[${f.rule}] ${f.detail}`).join(' ');
}
