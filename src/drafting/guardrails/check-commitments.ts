import type { GuardrailFinding } from '../../domain/draft.ts';
import type { CommitmentKind } from '../drafting-config.ts';
import type { Guardrail } from './guardrail.ts';

/**
 * Material promises (refund, compensation, money, legal liability) in English
 * and Korean. A promise is a commitment cue ("we'll", "you will get", "…해
 * 드리겠습니다") followed closely by a promised thing, with no looking-into verb
 * between: "we'll refund you" fires, "we'll check on your refund" does not.
 * Naming an amount of money the customer never mentioned fires too.
 */
export const checkCommitments: Guardrail = ({ text, mentionText, policy }) => {
  const allowed = new Set<CommitmentKind>(policy.allowed_commitments);
  const found = new Map<CommitmentKind, string>();
  for (const sentence of splitSentences(normalise(text))) {
    for (const [kind, phrase] of findPromises(sentence))
      if (!found.has(kind)) found.set(kind, phrase);
  }
  const customerSaid = normalise(mentionText);
  for (const amount of normalise(text).match(MONEY_GLOBAL) ?? []) {
    if (!found.has('money') && !customerSaid.includes(amount.trim()))
      found.set('money', `${amount.trim()} (an amount the customer did not mention)`);
  }
  const findings: GuardrailFinding[] = [];
  for (const [kind, phrase] of found) {
    if (allowed.has(kind)) continue;
    findings.push({
      rule: `commitment:${kind}`,
      detail: `Promises ${kind} ("${phrase}"), which drafting.policy.allowed_commitments does not allow.`,
    });
  }
  return findings;
};

const MONEY =
  /(?:[$£€₩¥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:dollars?|pounds?|euros?|bucks|usd|gbp|eur|krw|won)\b|\d[\d,]*\s?만?\s?원|\d[\d,.]*\s?달러)/;
const MONEY_GLOBAL = new RegExp(MONEY.source, 'gi');

const EN_TERMS: [CommitmentKind, RegExp][] = [
  ['refund', /\b(?:refund\w*|reimburs\w*|money back)/],
  [
    'compensation',
    /\b(?:compensat\w*|vouchers?|gift cards?|coupons?|discount\w*|credit(?! card)\w*|goodwill|free (?:of charge|replacement|gifts?|months?|delivery|shipping|upgrade|items?|products?)|replacement)/,
  ],
  [
    'legal',
    /\b(?:liab\w+|legally|take (?:full )?responsibility|(?:pay|cover) (?:for )?(?:any |the |all |your )?(?:damages|medical|costs|bills|expenses))/,
  ],
  ['money', MONEY],
];

const EN_CUE =
  /\b(?:(?:we|i)(?:'ll|'d|'ve|'re going to|'m going to| will| shall| can| could| would| have| are going to| am going to| are happy to|'re happy to| want to| promise| guarantee)|you(?:'ll| will|'re going to| are going to| can| should) (?:get|receive|be))\b(?!'t|n't| not| never)|\bguarantee\w*/g;

const EN_DIRECT: [CommitmentKind, RegExp][] = [
  [
    'refund',
    /\b(?:refund(?:ing)? you|(?:full|partial) refund|refund (?:is|has been|will be) (?:issued|processed|sent|approved|on its way))/,
  ],
  [
    'compensation',
    /\b(?:compensat\w* you|(?:voucher|credit|compensation) (?:is|has been|will be) (?:issued|sent|added|applied))/,
  ],
  [
    'legal',
    /\b(?:(?:we are|we're) (?:liable|legally responsible)|(?:accept|admit) (?:full )?(?:liability|responsibility))/,
  ],
];

/** Words that make a cue about looking into something, not promising it. */
const EN_INQUIRY =
  /\b(?:check|look|looking|investigate|ask|asking|review|find|track|confirm|see|explain|update|chase|follow|discuss|talk|understand|know|share|about|whether|if|status|never|not)\b/;

const KO_TERMS: [CommitmentKind, RegExp][] = [
  ['refund', /환불/],
  ['compensation', /보상|쿠폰|적립금|포인트|할인|상품권|무료|교환/],
  ['legal', /배상|법적\s?책임|책임지|책임을\s?지/],
  ['money', MONEY],
];
/** A Korean promise ending shortly after the promised thing. */
const KO_PROMISE =
  /^[^.!?]{0,14}?(?:지겠|인정합|인정하겠|드리겠|드릴게|드립니다|드려요|드릴\s?수|받으실\s?수|받으시게|지급|처리해|처리됩니다|처리되었|진행해\s?드|해\s?드리|하겠습니다)/;
const KO_INQUIRY = /확인|여부|문의|검토|안내|절차|방법/;

function findPromises(sentence: string): [CommitmentKind, string][] {
  const found: [CommitmentKind, string][] = [];
  for (const [kind, pattern] of EN_DIRECT) {
    const hit = pattern.exec(sentence);
    if (hit) found.push([kind, hit[0]]);
  }
  for (const cue of sentence.matchAll(EN_CUE)) {
    const after = sentence.slice((cue.index ?? 0) + cue[0].length);
    for (const [kind, pattern] of EN_TERMS) {
      const hit = pattern.exec(after);
      if (!hit) continue;
      const between = after.slice(0, hit.index);
      if (between.split(/\s+/).filter(Boolean).length > 6 || EN_INQUIRY.test(between)) continue;
      found.push([kind, `${cue[0]}${between}${hit[0]}`.trim()]);
    }
  }
  for (const [kind, pattern] of KO_TERMS) {
    for (const hit of sentence.matchAll(new RegExp(pattern.source, 'g'))) {
      const after = sentence.slice((hit.index ?? 0) + hit[0].length);
      const promise = KO_PROMISE.exec(after);
      if (!promise || KO_INQUIRY.test(promise[0])) continue;
      found.push([kind, `${hit[0]}${promise[0]}`]);
    }
  }
  return found;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘`]/g, "'");
}

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?。])\s+|\n+/);
}
