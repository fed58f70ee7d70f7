import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { AppError } from '../../domain/errors.ts';

/**
 * X's failures as the project's coded errors: a rate limit waits until X's
 * reset, a server or network failure is retried, a credential problem names
 * the variable and the permission to fix, and a reply X will never accept
 * (deleted post, replies limited, duplicate, too long) goes to a person.
 */
export function toXError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ApiResponseError) {
    const detail = describe(error);
    if (error.code === 429 || error.rateLimitError) {
      // A spent 24-hour app or user allowance (posting) waits for its own, later reset.
      const limit = error.rateLimit;
      const spentDay = [limit?.day, limit?.userDay].filter((d) => d && d.remaining <= 0);
      const reset = Math.max(limit?.reset ?? 0, ...spentDay.map((d) => d?.reset ?? 0));
      const retryAfter = new Date(reset ? reset * 1000 : Date.now() + 60_000);
      return new AppError(
        'rate_limited',
        `X rate limit while ${action}; waiting until ${retryAfter.toISOString()}.`,
        {
          retryAfter,
          cause: error,
        },
      );
    }
    if (error.code === 401)
      return new AppError(
        'credentials',
        `X refused the credentials while ${action} (401 ${detail}). Check X_BEARER_TOKEN for reading, or X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET for posting.`,
        { cause: error },
      );
    if (/duplicate content/i.test(detail))
      return new AppError(
        'duplicate_content',
        `X refused the reply as a duplicate of one already posted: change the text.`,
        { cause: error },
      );
    if (/deleted or not visible|not found|does not exist/i.test(detail) || error.code === 404)
      return new AppError(
        'target_gone',
        `The post was deleted or is no longer visible (${detail}).`,
        { cause: error },
      );
    if (
      /not allowed|conversation is limited|have not been mentioned/i.test(detail) &&
      /repl/i.test(detail)
    )
      return new AppError(
        'reply_not_allowed',
        `The author limits who can reply (${detail}); answer by DM or another channel.`,
        { cause: error },
      );
    if (/too long/i.test(detail))
      return new AppError('too_long', `X says the reply is too long (${detail}).`, {
        cause: error,
      });
    if (error.code === 403)
      return new AppError(
        'credentials',
        `X forbade ${action} (403 ${detail}). For posting, the app needs "Read and write" permission and access tokens generated after that change; for search and the stream, an access level that includes them (Basic or higher).`,
        { cause: error },
      );
    if (error.code >= 500)
      return new AppError(
        'transient',
        `X failed while ${action} (${error.code} ${detail}); retrying.`,
        { cause: error },
      );
    return new AppError('invalid_input', `X refused ${action} (${error.code} ${detail}).`, {
      cause: error,
    });
  }
  if (error instanceof ApiRequestError || error instanceof ApiPartialResponseError)
    return new AppError(
      'transient',
      `Could not reach X while ${action} (${error.message}); retrying.`,
      { cause: error },
    );
  return new AppError(
    'transient',
    `X call failed while ${action}: ${(error as Error)?.message ?? String(error)}`,
    { cause: error },
  );
}

function describe(error: ApiResponseError): string {
  const data = error.data as { detail?: string; title?: string; errors?: { message?: string }[] };
  return data?.errors?.[0]?.message ?? data?.detail ?? data?.title ?? error.message;
}
