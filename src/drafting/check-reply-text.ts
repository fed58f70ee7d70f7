import type { Config } from '../config/schema.ts';
import { AppError } from '../domain/errors.ts';
import { checkDraft, type DraftSubject, describeFindings } from './check-draft.ts';

export { MAX_REPLY_LENGTH } from './guardrails/weigh-reply.ts';

/**
 * Checks a reviewer's own text before it is accepted, with the same guardrails
 * as every draft. Refuses rather than cuts: a reply silently shortened is a
 * reply nobody approved.
 */
export function checkReplyText(text: string, subject: DraftSubject, config: Config): void {
  const findings = checkDraft(text.trim(), subject, config);
  if (findings.length === 0) return;
  throw new AppError(
    findings.some((f) => f.rule === 'length') ? 'too_long' : 'invalid_input',
    `The reply was not accepted: ${describeFindings(findings)} Change the text (or the policy in config/drafting.policy if this is allowed).`,
  );
}
