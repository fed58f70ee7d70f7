import twitterText from './twitter-text.ts';
import type { Guardrail } from './guardrail.ts';

/** Naming another account drags a stranger into a complaint, or is how a prompt injection spreads. */
export const checkOtherAccounts: Guardrail = ({ text, authorHandle, brandHandles }) => {
  const allowed = new Set([authorHandle, ...brandHandles].map((h) => h.toLowerCase()));
  const others = [
    ...new Set(twitterText.extractMentions(text).filter((h) => !allowed.has(h.toLowerCase()))),
  ];
  return others.map((handle) => ({
    rule: 'other-account',
    detail: `Mentions @${handle}, who is neither the customer nor the brand.`,
  }));
};
