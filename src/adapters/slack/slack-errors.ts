import { ErrorCode as SlackErrorCode } from '@slack/web-api';
import { AppError } from '../../domain/errors.ts';

/** What a missing scope or channel needs, so the error says what to change. */
const FIXES: Record<string, string> = {
  channel_not_found:
    'check the channel in review.default_channel / review.routes, and invite the app to it (/invite @complaint-radar)',
  not_in_channel: 'invite the app to the channel (/invite @complaint-radar)',
  is_archived: 'the channel is archived: route to another one in review.routes',
  missing_scope: 'add the scope to the app (config/slack-app-manifest.yaml) and reinstall it',
  invalid_auth: 'SLACK_BOT_TOKEN is wrong or revoked: copy the Bot User OAuth Token (xoxb-…) again',
  not_authed: 'SLACK_BOT_TOKEN is missing',
  account_inactive:
    'the app was uninstalled or the token revoked: reinstall the app and update SLACK_BOT_TOKEN',
};

/**
 * Slack failures as coded errors. A rate limit waits for Slack's Retry-After; a
 * missing channel or scope keeps the card waiting (retried with backoff, so it
 * is delivered once config or Slack is fixed) and says exactly what to fix.
 */
export function toSlackError(error: unknown, action: string, channel?: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string; needed?: string };
    message?: string;
  };
  if (e.code === SlackErrorCode.RateLimitedError) {
    const retryAfter = new Date(Date.now() + (e.retryAfter ?? 1) * 1000);
    return new AppError(
      'rate_limited',
      `Slack rate limit while ${action}; waiting ${e.retryAfter ?? 1} s.`,
      { retryAfter, cause: error },
    );
  }
  if (e.code === SlackErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    const where = channel ? ` in channel ${channel}` : '';
    const scope = e.data?.needed ? ` (scope needed: ${e.data.needed})` : '';
    const fix = FIXES[code] ?? 'see https://api.slack.com/methods for this error';
    return new AppError(
      'transient',
      `Slack refused ${action}${where}: ${code}${scope}. To fix: ${fix}.`,
      {
        retryAfter: new Date(Date.now() + 60_000),
        cause: error,
      },
    );
  }
  return new AppError(
    'transient',
    `Could not reach Slack while ${action}: ${e.message ?? String(error)}; retrying.`,
    { cause: error },
  );
}
