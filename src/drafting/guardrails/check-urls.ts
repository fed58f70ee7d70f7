import twitterText from './twitter-text.ts';
import type { Guardrail } from './guardrail.ts';

/** Links only to reviewed places: twitter-text finds bare domains (acme.com) too, as X does. */
export const checkUrls: Guardrail = ({ text, policy }) => {
  const prefixes = policy.allowed_urls.map(normaliseUrl);
  return twitterText
    .extractUrls(text)
    .filter((url) => !prefixes.some((prefix) => isUnder(normaliseUrl(url), prefix)))
    .map((url) => ({
      rule: 'url',
      detail: `Links to ${url}, which is not in drafting.policy.allowed_urls.`,
    }));
};

function normaliseUrl(url: string): string {
  return url
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');
}

/** `acme.com` allows acme.com/help but not acme.com.evil.io. */
function isUnder(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?' || next === '#';
}
