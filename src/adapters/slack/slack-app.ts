import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { checkReplyText } from '../../drafting/check-reply-text.ts';
import { DISMISS_REASONS, type Decision, type DismissReason } from '../../domain/decision.ts';
import { AppError, describeError } from '../../domain/errors.ts';
import { findMention } from '../store/mention-records.ts';
import { latestDraft } from '../store/verdicts-and-drafts.ts';
import { decide } from '../../review/decide.ts';
import { runStep } from '../../worker/run-step.ts';
import { publishReplies } from '../../worker/steps/publish-replies.ts';
import type { WorkerDeps } from '../../worker/worker-deps.ts';
import { ACTIONS } from './render-card-blocks.ts';

export type SlackAppOptions = {
  deps: WorkerDeps;
  botToken: string;
  /** Socket Mode (no public URL): the app-level token (xapp-…). */
  appToken?: string;
  /** HTTP mode: requests are verified with this secret (signature and timestamp). */
  signingSecret?: string;
  /** HTTP mode: where the receiver listens (0: any free port). */
  port: number;
  /** Another Web API root (the local fake in tests). */
  apiUrl?: string;
};

export type RunningSlackApp = { port: number | null; stop(): Promise<void> };

const EDIT_VIEW = 'cr_edit_submit';
const REGENERATE_VIEW = 'cr_regenerate_submit';
const REPLY_BLOCK = 'reply';
const REPLY_INPUT = 'reply_text';

/**
 * The Slack side of review: Bolt receives clicks and modal submissions (Socket
 * Mode by default; HTTP with request signing), and every one goes through
 * `decide`, the same path as the terminal `review` commands. Transport is
 * Bolt's; the logic is ours and knows nothing of it.
 */
export async function startSlackApp(options: SlackAppOptions): Promise<RunningSlackApp> {
  const { deps } = options;
  const log = deps.log.child({ part: 'slack' });
  const receiver = options.appToken
    ? new SocketModeReceiver({ appToken: options.appToken, logLevel: LogLevel.ERROR })
    : new HTTPReceiver({
        signingSecret: options.signingSecret ?? '',
        endpoints: '/slack/events',
        logLevel: LogLevel.ERROR,
        processBeforeResponse: true,
      });
  const app = new App({
    token: options.botToken,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : undefined,
  });

  const act = async (
    body: { user: { id: string }; channel?: { id: string }; container?: { channel_id?: string } },
    client: App['client'],
    decision: Decision,
  ) => {
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    try {
      const outcome = await decide(deps, decision);
      if (outcome.state === 'approved')
        await runStep(publishReplies, deps, { ids: [decision.mentionId] });
      if (decision.action === 'escalate') await announceEscalation(deps, decision, log);
    } catch (error) {
      await explain(client, channel, body.user.id, error, log);
    }
  };

  for (const [action, name] of [
    [ACTIONS.approve, 'approve'],
    [ACTIONS.escalate, 'escalate'],
  ] as const) {
    app.action(action, async ({ ack, body, action: a, client }) => {
      await ack();
      const mentionId = (a as { value?: string }).value ?? '';
      await act(body as never, client, { mentionId, reviewer: body.user.id, action: name });
    });
  }

  app.action(ACTIONS.dismiss, async ({ ack, body, action: a, client }) => {
    await ack();
    const [reason, mentionId = ''] = (
      (a as { selected_option?: { value?: string } }).selected_option?.value ?? ''
    ).split('|');
    if (!(DISMISS_REASONS as readonly string[]).includes(reason ?? '')) return;
    await act(body as never, client, {
      mentionId,
      reviewer: body.user.id,
      action: 'dismiss',
      dismissReason: reason as DismissReason,
    });
  });

  app.action(ACTIONS.edit, async ({ ack, body, action: a, client }) => {
    await ack();
    const mentionId = (a as { value?: string }).value ?? '';
    const draft = await latestDraft(deps.store.db, mentionId);
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: {
        type: 'modal',
        callback_id: EDIT_VIEW,
        private_metadata: JSON.stringify({
          mentionId,
          channel: (body as { channel?: { id: string } }).channel?.id,
        }),
        title: { type: 'plain_text', text: 'Edit the reply' },
        submit: { type: 'plain_text', text: 'Save & send' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          {
            type: 'input',
            block_id: REPLY_BLOCK,
            label: {
              type: 'plain_text',
              text: 'Reply (280 weighted characters; links count 23, Korean and emoji 2)',
            },
            element: {
              type: 'plain_text_input',
              action_id: REPLY_INPUT,
              multiline: true,
              initial_value: draft?.text ?? '',
            },
          },
        ],
      },
    });
  });

  app.view(EDIT_VIEW, async ({ ack, body, view, client }) => {
    const { mentionId } = JSON.parse(view.private_metadata) as { mentionId: string };
    const text = view.state.values[REPLY_BLOCK]?.[REPLY_INPUT]?.value ?? '';
    const mention = await findMention(deps.store.db, mentionId);
    try {
      if (!mention) throw new AppError('not_found', `No item ${mentionId}.`);
      // Limits are checked here so the reviewer sees them on the field; nothing is cut.
      checkReplyText(
        text,
        { authorHandle: mention.author.handle, mentionText: mention.text },
        deps.getConfig(),
      );
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [REPLY_BLOCK]: fieldError(error) } });
      return;
    }
    await ack();
    const reviewer = body.user.id;
    const channel = JSON.parse(view.private_metadata).channel ?? '';
    try {
      await decide(deps, { mentionId, reviewer, action: 'edit', text });
      await decide(deps, { mentionId, reviewer, action: 'approve' });
      await runStep(publishReplies, deps, { ids: [mentionId] });
    } catch (error) {
      await explain(client, channel, reviewer, error, log);
    }
  });

  app.action(ACTIONS.regenerate, async ({ ack, body, action: a, client }) => {
    await ack();
    const mentionId = (a as { value?: string }).value ?? '';
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: {
        type: 'modal',
        callback_id: REGENERATE_VIEW,
        private_metadata: JSON.stringify({
          mentionId,
          channel: (body as { channel?: { id: string } }).channel?.id,
        }),
        title: { type: 'plain_text', text: 'Regenerate the draft' },
        submit: { type: 'plain_text', text: 'Regenerate' },
        blocks: [
          {
            type: 'input',
            block_id: 'instruction',
            optional: true,
            label: {
              type: 'plain_text',
              text: 'Instruction (optional), e.g. "shorter" or "offer a callback"',
            },
            element: { type: 'plain_text_input', action_id: 'instruction_text' },
          },
        ],
      },
    });
  });

  app.view(REGENERATE_VIEW, async ({ ack, body, view, client }) => {
    await ack();
    const { mentionId, channel } = JSON.parse(view.private_metadata) as {
      mentionId: string;
      channel?: string;
    };
    const note = view.state.values.instruction?.instruction_text?.value ?? undefined;
    await act({ user: body.user, channel: channel ? { id: channel } : undefined }, client, {
      mentionId,
      reviewer: body.user.id,
      action: 'regenerate',
      note: note ?? undefined,
    });
  });

  app.error(async (error) => {
    log.error(`Slack app error: ${describeError(error)}`);
  });

  if (options.appToken) {
    await app.start();
    log.info('Slack app connected (Socket Mode)');
    return { port: null, stop: () => app.stop() as Promise<void> };
  }
  const server = (await (receiver as HTTPReceiver).start(
    options.port,
  )) as import('node:http').Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info(`Slack app listening for requests on port ${port} (/slack/events)`);
  return { port, stop: () => (receiver as HTTPReceiver).stop() };
}

async function announceEscalation(
  deps: WorkerDeps,
  decision: Decision,
  log: Logger,
): Promise<void> {
  const card = await deps.store.db
    .selectFrom('cards')
    .selectAll()
    .where('mention_id', '=', decision.mentionId)
    .executeTakeFirst();
  if (!card?.message_ref || !deps.review.postInThread) return;
  const { escalation_channel: to, oncall_group: group } = deps.getConfig().review;
  try {
    await deps.review.postInThread(
      { channel: card.channel, messageRef: card.message_ref },
      `🚨 Escalated by <@${decision.reviewer}>${group ? ` <!subteam^${group}>` : ''}: a person must take this over.`,
      { alsoTo: to },
    );
  } catch (error) {
    log.warn(
      { mention: decision.mentionId },
      `could not announce the escalation: ${describeError(error)}`,
    );
  }
}

/** Tells the one who clicked, and only them, why nothing happened. */
async function explain(
  client: App['client'],
  channel: string,
  user: string,
  error: unknown,
  log: Logger,
): Promise<void> {
  const known =
    error instanceof AppError &&
    ['already_decided', 'not_authorised', 'invalid_input', 'too_long', 'not_found'].includes(
      error.code,
    );
  if (!known) log.error(`Slack action failed: ${describeError(error)}`);
  const text = known
    ? (error as AppError).message
    : `That did not work: ${describeError(error)}. Try again, or use \`complaint-radar review\`.`;
  if (!channel) return;
  await client.chat
    .postEphemeral({ channel, user, text })
    .catch((e: unknown) => log.warn(`could not explain to ${user}: ${describeError(e)}`));
}

function fieldError(error: unknown): string {
  const message = error instanceof AppError ? error.message : describeError(error);
  return message.replace(/^The reply was not accepted: /, '').slice(0, 2000);
}
