/**
 * Coded errors: callers branch on `code`, never on message text. Every message
 * says what to do about it.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'config_missing'
  | 'store_unavailable'
  | 'not_found'
  | 'invalid_transition'
  | 'already_decided'
  | 'not_authorised'
  | 'invalid_input'
  | 'rate_limited'
  | 'transient'
  | 'credentials'
  | 'target_gone'
  | 'duplicate_content'
  | 'reply_not_allowed'
  | 'too_long'
  | 'model_invalid'
  | 'paused'
  | 'over_budget';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** For rate limits: do not try again before this time. */
  readonly retryAfter?: Date;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfter?: Date }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfter = options?.retryAfter;
  }
}

/** Errors worth another try later; everything else goes to a person. */
const RETRYABLE: readonly ErrorCode[] = [
  'store_unavailable',
  'rate_limited',
  'transient',
  'model_invalid',
  'paused',
];

export function isRetryable(error: unknown): boolean {
  if (error instanceof AppError) return RETRYABLE.includes(error.code);
  // Unknown errors (a bug, a network hiccup) get retries; the attempt budget stops loops.
  return true;
}

export function hasCode(error: unknown, code: ErrorCode): error is AppError {
  return error instanceof AppError && error.code === code;
}

/** The one place unknown throwables become a message fit for a log line or a card. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
