import Sentiment from 'sentiment';
import type { Reason } from '../domain/verdict.ts';
import type { TermMatcher } from './match-terms.ts';

/** Weights of each kind of evidence; from config (`triage.signal_weights`). */
export type SignalWeights = {
  cue: number;
  problem: number;
  negative_words: number;
  positive_words: number;
  shouting: number;
  negative_emoji: number;
  praise: number;
  plain_question: number;
  threshold: number;
};

export type ComplaintSignals = {
  /** Above `threshold`: a complaint. */
  score: number;
  /** -1..1, from the lexicon and the cues. */
  sentiment: number;
  reasons: Reason[];
  isComplaint: boolean;
  /** Praise and complaint cues together: likely sarcasm ("thanks for nothing"). */
  sarcasm: boolean;
};

export type SignalMatchers = {
  complaint: TermMatcher;
  praise: TermMatcher;
  question: TermMatcher;
};

// AFINN-165 with emoji and negation handling: a well-kept lexicon suited to short posts.
const lexicon = new Sentiment();

/**
 * What makes a post a complaint, beyond single words: a thing that does not
 * work, a wait measured in hours or days, a repeat ("again", "third time"), a
 * demand for money back, a pointed "why". English and Korean patterns; the
 * words ops tune are in config.
 */
const PROBLEM_PATTERNS: { id: string; detail: string; pattern: RegExp; weight?: number }[] = [
  {
    id: 'not-working',
    detail: 'something does not work',
    pattern:
      /\b(?:not|n['’]?t|never|no longer|cannot|unable to|fails? to|failed to|stopped)\s+(?:even\s+)?(?:be\s+)?(?:work|working|load|loading|connect|connecting|sign(?:ing)? in|log(?:ging)? in|login|arrive|arrived|received?|get|getting|open|opening|respond|responding|answer|answered|reply|replied|help|helped|fix|fixed|deliver|delivered|access|accept|turn on|charge|charging|show|showing|sync|update|updating|play|playing|refund|refunded|come|came|showed up|pick(?:ed)? up|call(?:ed)? back|hear(?:d)? back)\b/i,
  },
  {
    id: 'no-service',
    detail: 'no answer, signal or service',
    weight: 1.5,
    pattern:
      /\b(?:no|zero|without)\s+(?:reply|response|answer|signal|service|internet|wifi|broadband|connection|update|updates|help|refund|email|contact|one (?:has|is|to)|power|phone|network)\b|\bnobody\b|\bno one\b|\bnot a single\b/i,
  },
  {
    id: 'waiting',
    detail: 'a long wait',
    weight: 1.5,
    pattern:
      /\b(?:waited|waiting|wait(?:ed)? for|on hold|been \w+ing|queue|still)\b[^.!?]{0,40}\b(?:\d+|a|an|one|two|three|four|five|several|few|many)\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\b|\b(?:for|over|since)\s+(?:\d+|two|three|four|five|several|a few)\s+(?:hours?|days?|weeks?|months?)\b|\bstill\s+(?:no|not|nothing|waiting|haven['’]?t|hasn['’]?t|can['’]?t|isn['’]?t|doesn['’]?t|don['’]?t)\b/i,
  },
  {
    id: 'repeat',
    detail: 'it happened before',
    pattern:
      /\b(?:again|yet again|once again|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time|twice|(?:\d|two|three|four|five|several|multiple)\s+times|every (?:time|single time)|keeps?\s+\w+ing|constantly|always\s+(?:late|down|broken|wrong))\b/i,
  },
  {
    id: 'money',
    detail: 'money taken or owed',
    pattern:
      /\b(?:charged|charging|charge me|overcharged|double charged|refund|money back|compensation|billed|debited|taken (?:my )?money|paid for|paying for|rip(?:ped)? off|scam)\b/i,
  },
  {
    id: 'pointed-why',
    detail: 'a pointed "why"',
    pattern:
      /\bwhy\s+(?:is|does|do|are|can['’]?t|won['’]?t|hasn['’]?t|haven['’]?t|did|didn['’]?t|would|the hell|on earth|am i|should i)\b|\bhow (?:hard|difficult) (?:is it|can it be)\b|\bhow (?:come|long)\b/i,
  },
  {
    id: 'broken',
    detail: 'broken, down or wrong',
    weight: 1.5,
    pattern:
      /\b(?:broken|broke|down|outage|crash(?:es|ed|ing)?|freez(?:es|ing)|stuck|error|glitch|bug(?:gy)?|faulty|defective|damaged|missing|lost|wrong|late|delayed|cancell?ed|overbooked|rude|dirty|cold|disgusting|useless|unusable|issue|issues|problem|problems)\b/i,
  },
  {
    id: 'demand',
    detail: 'a demand to fix it',
    pattern:
      /\b(?:fix (?:this|it|your)|sort (?:this|it) out|sort it|do something|get your act together|explain|i want my|i need (?:this|my|a refund|an answer)|give me|pls (?:help|fix|sort)|please (?:help|fix|sort|explain|respond))\b/i,
  },
  {
    id: 'cannot',
    detail: 'something the customer cannot do',
    pattern:
      /\b(?:can['’]?t|cant|cannot|couldn['’]?t|won['’]?t|unable to|doesn['’]?t|didn['’]?t|isn['’]?t|wasn['’]?t|haven['’]?t|hasn['’]?t|not even)\b/i,
  },
  {
    id: 'bad-thing',
    detail: 'a bad experience',
    pattern:
      /\b(?:expired|ruin(?:ed|s)?|leak(?:s|ing|ed)?|noise|smell|mold|mould|hair in|bug in|glass in|food poisoning|sick after|stale|spoiled|rotten|joke|kidding me|what gives|unbelievable|pathetic|shocking|appalling|disgrace(?:ful)?|incompetent|incompetence|fed up|sick of|tired of|had enough|last time i|never again|lasted|gave up|wasted)\b/i,
  },
  {
    id: 'help-request',
    detail: 'asks for help with a problem',
    weight: 0.5,
    pattern:
      /\b(?:help|assist(?:ance)?|advise|support|sort (?:this|it)|look into)\b[^.!]{0,30}[?!]|\b(?:please|pls|plz|can you|could you|need(?: your)?)\s+(?:help|assist|advise|check|look into|fix|sort)\b|\bhelp me\b|\bany help\b|^(?:@\w+\s+)*help\b/i,
  },
  {
    id: 'my-thing',
    detail: 'about the customer’s own order, account or device',
    pattern:
      /\bmy\s+(?:\w+\s+)?(?:order|orders|account|package|parcel|delivery|card|phone|bill|payment|refund|car|flight|bag|luggage|booking|reservation|subscription|internet|broadband|router|tv|laptop|device|app|item|items|purchase|money|claim|ticket|seat|room|service|connection|email|password|points|balance|plan|contract|engine|battery|screen)\b/i,
  },
  {
    id: 'ko-problem',
    detail: '문제 표현',
    pattern:
      /안\s?(?:돼|되|와|옴|옵니다|왔|됩니다)|못\s?(?:받|하|쓰)|아직(?:도)?|언제\s?(?:와|오|되|해)|왜\s|답변(?:이|도)?\s?없|연락(?:이|도)?\s?없|몇\s?(?:시간|일|주)|고장|불량|환불|취소|최악|짜증|실망|어이없|황당|엉망|늦|지연/,
  },
];

const SHOUT = /\b[A-Z]{4,}\b/g;
const EXCLAIM = /[!?]{2,}/;
const NEGATIVE_EMOJI = /[😡😠🤬😤😒👎💩😞😢😭🙄😩😫🤦😑😣😖]/u;
const PLAIN_QUESTION =
  /^(?:@\w+\s+)*(?:hi|hello|hey)?[,!\s]*(?:how (?:do|can|to)|can i|can you|could you|do you|does|is there|are there|what(?:'s| is| time| are)|when (?:is|does|will)|where (?:can|do|is the)|will you|would you|any (?:plans|news|idea))\b/i;

/** The evidence in one post, before weighing. */
export type SignalFeatures = {
  cues: string[];
  problems: { id: string; detail: string; match: string; weight: number }[];
  /** AFINN score (negative: negative words), and per-word comparative. */
  lexScore: number;
  lexComparative: number;
  negativeWords: string[];
  shouting: boolean;
  negativeEmoji: boolean;
  praise: string[];
  plainQuestion: boolean;
};

export function readSignalFeatures(text: string, matchers: SignalMatchers): SignalFeatures {
  const problems: SignalFeatures['problems'] = [];
  for (const p of PROBLEM_PATTERNS) {
    const match = p.pattern.exec(text);
    if (match)
      problems.push({ id: p.id, detail: p.detail, match: match[0].trim(), weight: p.weight ?? 1 });
  }
  const lex = lexicon.analyze(text.replace(/@\w+/g, ' '));
  const shouted = (text.match(SHOUT) ?? []).filter((w) => !ACRONYM.test(w));
  return {
    cues: matchers.complaint(text),
    problems,
    lexScore: lex.score,
    lexComparative: lex.comparative,
    negativeWords: lex.negative,
    shouting: shouted.length >= 1 || EXCLAIM.test(text),
    negativeEmoji: NEGATIVE_EMOJI.test(text),
    praise: matchers.praise(text),
    plainQuestion: PLAIN_QUESTION.test(text),
  };
}

const ACRONYM = /^(?:USA|HDMI|ASAP|INFO|HTTP|HTTPS|HTML|JSON|WIFI|IPAD|IPHONE|NYSE|NASA)$/;

/** Weighs the evidence; every piece that counts becomes a reason a reviewer can read. */
export function weighSignals(f: SignalFeatures, weights: SignalWeights): ComplaintSignals {
  const reasons: Reason[] = [];
  let score = 0;
  for (const hit of f.cues) reasons.push({ rule: `cue:${hit}`, detail: `complaint cue "${hit}"` });
  score += Math.min(3, f.cues.length) * weights.cue;
  for (const p of f.problems) {
    reasons.push({ rule: `signal:${p.id}`, detail: `${p.detail}: "${p.match}"` });
    score += weights.problem * p.weight;
  }
  // What names a problem, before the lexicon's tone: thanks next to it is sarcasm.
  const evidence = score;
  if (f.lexScore < 0) {
    score += Math.min(3, -f.lexScore / 2) * weights.negative_words;
    reasons.push({
      rule: 'signal:negative-words',
      detail: `negative words: ${f.negativeWords.slice(0, 4).join(', ')}`,
    });
  } else if (f.lexScore > 0) {
    score -= Math.min(3, f.lexScore / 2) * weights.positive_words;
  }
  if (f.shouting) {
    score += weights.shouting;
    reasons.push({ rule: 'signal:shouting', detail: 'capitals or repeated ! / ?' });
  }
  if (f.negativeEmoji) {
    score += weights.negative_emoji;
    reasons.push({ rule: 'signal:negative-emoji', detail: 'angry or sad emoji' });
  }
  // Thanks next to a problem is sarcasm ("thanks for the expired beer"), not praise.
  if (f.praise.length && evidence < weights.problem)
    score -= weights.praise * Math.min(2, f.praise.length);
  if (f.plainQuestion && evidence < weights.problem * 2) score -= weights.plain_question;
  const sentiment = Math.max(
    -1,
    Math.min(1, f.lexComparative * 2 - f.cues.length * 0.15 + f.praise.length * 0.15),
  );
  return {
    score,
    sentiment: Math.round(sentiment * 100) / 100,
    reasons,
    isComplaint: score >= weights.threshold,
    sarcasm: f.praise.length > 0 && evidence >= weights.problem,
  };
}

export function readComplaintSignals(
  text: string,
  matchers: SignalMatchers,
  weights: SignalWeights,
): ComplaintSignals {
  return weighSignals(readSignalFeatures(text, matchers), weights);
}
