/**
 * Case- and width-insensitive term matching. Latin-script terms match on word
 * boundaries ("sue" must not fire on "issue"); Korean and other scripts without
 * spaces between words match anywhere, because particles attach to the stem.
 */
export type TermMatcher = (text: string) => string[];

// Triage runs a dozen matchers over the same post in a row; normalising once saves most of their time.
let lastText = '';
let lastNormalised = '';

export function normaliseText(text: string): string {
  if (text !== lastText) {
    lastNormalised = text.normalize('NFKC').toLowerCase();
    lastText = text;
  }
  return lastNormalised;
}

export function compileTerms(terms: readonly string[]): TermMatcher {
  const compiled = terms.map((term) => {
    const needle = normaliseText(term);
    const wordLike = /^[\p{Script=Latin}\p{N}'’ -]+$/u.test(needle);
    return { term, needle, wordLike };
  });
  return (text) => {
    const hay = normaliseText(text);
    const hits: string[] = [];
    for (const { term, needle, wordLike } of compiled) {
      if (wordLike ? startsAWord(hay, needle) : hay.includes(needle)) hits.push(term);
    }
    return hits;
  };
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Whether `needle` occurs where no letter or digit comes just before it (a plain search beats a regex per term here). */
function startsAWord(hay: string, needle: string): boolean {
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
    if (i === 0 || !isLetterOrDigitBefore(hay, i)) return true;
  }
  return false;
}

function isLetterOrDigitBefore(hay: string, i: number): boolean {
  const unit = hay.charCodeAt(i - 1);
  // ASCII without allocating: this runs for every occurrence of every term.
  if (unit < 0x80)
    return (
      (unit >= 0x30 && unit <= 0x39) ||
      (unit >= 0x61 && unit <= 0x7a) ||
      (unit >= 0x41 && unit <= 0x5a)
    );
  // A low surrogate: read the whole character outside the BMP.
  const start = unit >= 0xdc00 && unit <= 0xdfff && i >= 2 ? i - 2 : i - 1;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(hay.codePointAt(start) ?? unit));
}
