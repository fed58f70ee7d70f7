/** C0 controls except tab, line feed and carriage return, plus DEL. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Halves of a surrogate pair standing alone: not text, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes text from outside safe to store and show: PostgreSQL refuses NUL in
 * text (one such post would otherwise fail its whole page, every poll), and
 * lone surrogates cannot be encoded. Everything a person could have meant
 * (right-to-left marks, zero-width joiners in emoji, combining accents) stays.
 */
export function sanitizeText(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}
