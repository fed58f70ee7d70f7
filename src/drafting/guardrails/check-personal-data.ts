import type { GuardrailFinding } from '../../domain/draft.ts';
import type { Guardrail } from './guardrail.ts';

const PATTERNS: [kind: string, pattern: RegExp][] = [
  ['e-mail address', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  // Seven or more digits, optionally grouped: phone numbers in any national format.
  ['phone number', /\+?\d[\d\s().-]{5,}\d/g],
  [
    'order number',
    /(?:order|ref(?:erence)?|booking|tracking|주문\s?번호|주문|송장)\s*(?:no\.?|number|num|#|:|번호)?\s*[:#]?\s*[a-z]*\d[\w-]{3,}|#\d{4,}/gi,
  ],
];

/**
 * A public reply never carries personal data: the fix is always a private
 * message. Says when the data came from the customer's own post, so the
 * reviewer knows the model echoed it.
 */
export const checkPersonalData: Guardrail = ({ text, mentionText }) => {
  const findings: GuardrailFinding[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const hit of text.match(pattern) ?? []) {
      if (kind === 'phone number' && !looksLikePhone(hit)) continue;
      const echoed = mentionText.toLowerCase().includes(hit.toLowerCase())
        ? ', echoed from the post'
        : '';
      findings.push({
        rule: 'personal-data',
        detail: `Contains a ${kind} (${hit.trim()}${echoed}); ask for it in a DM instead.`,
      });
    }
  }
  return findings;
};

/** Seven or more digits that are not a date (2026-11-20, 20/11/2026). */
function looksLikePhone(hit: string): boolean {
  const trimmed = hit.trim();
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(trimmed))
    return false;
  return trimmed.replace(/\D/g, '').length >= 7;
}
