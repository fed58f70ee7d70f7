import { AppError } from '../domain/errors.ts';

/** X's limit, in weighted characters. */
export const MAX_REPLY_LENGTH = 280;

/**
 * Checks a reviewer's own text before it is accepted. Refuses rather than cuts:
 * a reply silently shortened is a reply nobody approved.
 */
export function checkReplyText(text: string): void {
  const trimmed = text.trim();
  if (trimmed.length === 0)
    throw new AppError('invalid_input', 'The reply is empty; write the text to send.');
  const length = [...trimmed].length;
  if (length > MAX_REPLY_LENGTH) {
    throw new AppError(
      'too_long',
      `The reply is ${length} characters; X allows ${MAX_REPLY_LENGTH}. Shorten it by ${length - MAX_REPLY_LENGTH}.`,
    );
  }
}
