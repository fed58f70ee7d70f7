import type { Guardrail } from './guardrail.ts';

export const checkBannedPhrases: Guardrail = ({ text, policy }) => {
  const lower = text.toLowerCase();
  return policy.banned_phrases
    .filter((phrase) => lower.includes(phrase.toLowerCase()))
    .map((phrase) => ({
      rule: 'banned-phrase',
      detail: `Contains the banned phrase "${phrase}".`,
    }));
};
