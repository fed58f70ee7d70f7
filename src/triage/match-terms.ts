/**
 * Case- and width-insensitive term matching. Latin-script terms match on word
 * boundaries ("sue" must not fire on "issue"); Korean and other scripts without
 * spaces between words match anywhere, because particles attach to the stem.
 */
export type TermMatcher = (text: string) => string[];

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function compileTerms(terms: readonly string[]): TermMatcher {
  const compiled = terms.map((term) => {
    const needle = normaliseText(term);
    const wordLike = /^[\p{Script=Latin}\p{N}'’ -]+$/u.test(needle);
    const pattern = wordLike ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}`, 'u') : null;
    return { term, needle, pattern };
  });
  return (text) => {
    const hay = normaliseText(text);
    const hits: string[] = [];
    for (const { term, needle, pattern } of compiled) {
      if (pattern ? pattern.test(hay) : hay.includes(needle)) hits.push(term);
    }
    return hits;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
