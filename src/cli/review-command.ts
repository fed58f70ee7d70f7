import { userInfo } from 'node:os';
import { retryFailed } from '../adapters/store/claim-mentions.ts';
import type { Decision } from '../domain/decision.ts';
import { DISMISS_REASONS, type DismissReason } from '../domain/decision.ts';
import { AppError } from '../domain/errors.ts';
import { MENTION_STATES } from '../domain/lifecycle.ts';
import type { App } from '../main.ts';
import { decide } from '../review/decide.ts';
import { ago, renderCardText } from '../review/render-card-text.ts';
import { loadReviewItem } from '../review/review-item.ts';
import { runStep } from '../worker/run-step.ts';
import { publishAllowance } from '../publishing/publish-gate.ts';
import { publishReplies } from '../worker/steps/publish-replies.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

const HELP = `Usage: complaint-radar review <action> [id] [options]

The terminal stand-in for the Slack review card: the same decisions, the same
audit log.

Actions:
  list [--state <state>] [--json]     items waiting for review (default), or in <state>
  show <id>                           the card, every draft version and the audit log
  approve <id> [--text "<reply>"]     approve (optionally with your own text) and publish
  edit <id> --text "<reply>"          replace the draft; the item stays in review
  regenerate <id> [--note "<instr>"]  draft again, e.g. --note "shorter"
  escalate <id> [--note "<why>"]      hand the item to the escalation owner
  dismiss <id> --reason <reason>      ${DISMISS_REASONS.join(' | ')}
  retry <id>                          send a failed item back to the step that failed

Options:
  --as <name>      reviewer name for the audit log (default: local:<os user>)
  --config <file>  extra config file applied after the defaults (repeatable)`;

const OPTIONS = {
  state: { type: 'string' },
  json: { type: 'boolean' },
  text: { type: 'string' },
  note: { type: 'string' },
  reason: { type: 'string' },
  as: { type: 'string' },
  ...CONFIG_OPTION,
} as const;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'List, show, approve, edit, regenerate, escalate, dismiss or retry review items.',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, OPTIONS, true);
    const [action = 'list', id] = positionals;
    const app = await ctx.openApp({ configFiles: values.config, out: ctx.stdout });
    try {
      if (action === 'list')
        return await list(app, ctx.stdout, values.state ?? 'in_review', values.json ?? false);
      if (!id)
        throw new AppError(
          'invalid_input',
          `\`review ${action}\` needs an item id; see \`complaint-radar review list\`.`,
        );
      if (action === 'show') return await show(app, ctx.stdout, id);
      if (action === 'retry') {
        const state = await retryFailed(app.deps.store.db, id, app.deps.clock.now());
        ctx.stdout.write(`${id} is back in ${state}; the worker will pick it up.\n`);
        return 0;
      }
      const decision = toDecision(action, id, values);
      const outcome = await decide(app.deps, decision);
      ctx.stdout.write(
        `${id}: ${decision.action} recorded; now ${outcome.state} (draft v${outcome.draftVersion}).\n`,
      );
      if (decision.action === 'approve') await publishNow(app, id, ctx.stdout);
      return 0;
    } finally {
      await app.close();
    }
  },
};

function toDecision(
  action: string,
  id: string,
  values: { text?: string; note?: string; reason?: string; as?: string },
): Decision {
  const reviewer = values.as ?? `local:${userInfo().username}`;
  switch (action) {
    case 'approve':
      return { mentionId: id, reviewer, action, text: values.text };
    case 'edit':
      if (!values.text)
        throw new AppError('invalid_input', '`review edit` needs --text "<the reply to send>".');
      return { mentionId: id, reviewer, action, text: values.text };
    case 'regenerate':
    case 'escalate':
      return { mentionId: id, reviewer, action, note: values.note };
    case 'dismiss': {
      const reason = values.reason as DismissReason | undefined;
      if (!reason || !DISMISS_REASONS.includes(reason)) {
        throw new AppError(
          'invalid_input',
          `\`review dismiss\` needs --reason, one of: ${DISMISS_REASONS.join(', ')}.`,
        );
      }
      return { mentionId: id, reviewer, action, dismissReason: reason };
    }
    default:
      throw new AppError(
        'invalid_input',
        `Unknown review action "${action}". See \`complaint-radar review --help\`.`,
      );
  }
}

/** An approval from the terminal publishes at once, through the same exactly-once step the worker runs. */
async function publishNow(app: App, id: string, out: NodeJS.WritableStream): Promise<void> {
  const allowance = await publishAllowance(app.deps);
  if (allowance.allowed === 0) {
    out.write(`Approved, not sent yet: ${allowance.reason}. The worker sends it when allowed.\n`);
    return;
  }
  await runStep(publishReplies, app.deps, { ids: [id] });
  const item = await loadReviewItem(app.deps.store.db, id, app.deps.clock.now());
  if (item?.reply) {
    const where = app.deps.publisher.isLocal
      ? `${app.deps.publisher.describe()}`
      : (item.reply.url ?? item.reply.reply_post_id);
    out.write(`Published to ${where}:\n  ${item.reply.text}\n`);
  } else {
    out.write(
      `Not published yet (${item?.mention.lastError ?? 'the worker will retry'}); see \`complaint-radar review show ${id}\`.\n`,
    );
  }
}

async function list(
  app: App,
  out: NodeJS.WritableStream,
  state: string,
  json: boolean,
): Promise<number> {
  if (!(MENTION_STATES as readonly string[]).includes(state)) {
    throw new AppError(
      'invalid_input',
      `Unknown state "${state}"; one of ${MENTION_STATES.join(', ')}.`,
    );
  }
  const db = app.deps.store.db;
  const rows = await db
    .selectFrom('mentions')
    .leftJoin('verdicts', 'verdicts.mention_id', 'mentions.id')
    .leftJoin('cards', 'cards.mention_id', 'mentions.id')
    .select([
      'mentions.id',
      'mentions.author_handle',
      'mentions.text',
      'mentions.posted_at',
      'mentions.last_error',
      'verdicts.severity',
      'verdicts.category',
      'verdicts.priority',
      'cards.due_at',
    ])
    .where('mentions.state', '=', state)
    .orderBy('verdicts.priority', 'desc')
    .orderBy('mentions.posted_at', 'asc')
    .limit(500)
    .execute();
  if (json) {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    out.write(`No items in ${state}.\n`);
    return 0;
  }
  const now = app.deps.clock.now();
  for (const r of rows) {
    const due = r.due_at ? dueLabel(r.due_at, now) : '';
    const text = r.text.replace(/\s+/g, ' ');
    out.write(
      `${r.id.padEnd(18)} ${(r.severity ?? '-').padEnd(8)} ${(r.category ?? '-').padEnd(14)} @${r.author_handle.padEnd(16)} ${due.padEnd(14)} ${text.length > 60 ? `${text.slice(0, 59)}…` : text}\n`,
    );
    if (r.last_error) out.write(`${''.padEnd(18)} last error: ${r.last_error}\n`);
  }
  out.write(`${rows.length} item(s) in ${state}.\n`);
  return 0;
}

function dueLabel(dueAt: string, now: Date): string {
  const left = new Date(dueAt).getTime() - now.getTime();
  return left >= 0
    ? `due in ${ago(now.toISOString(), new Date(now.getTime() + left))}`
    : `OVERDUE ${ago(dueAt, now)}`;
}

async function show(app: App, out: NodeJS.WritableStream, id: string): Promise<number> {
  const item = await loadReviewItem(app.deps.store.db, id, app.deps.clock.now());
  if (!item)
    throw new AppError(
      'not_found',
      `No reviewable item ${id} (not found, or not triaged and drafted yet).`,
    );
  out.write(`${renderCardText(item, app.deps.clock.now())}\n\nDraft versions:\n`);
  for (const d of item.drafts)
    out.write(
      `  v${d.version} ${d.createdAt} ${d.origin}${d.instruction ? ` ("${d.instruction}")` : ''}: ${d.text}\n`,
    );
  out.write('\nAudit log:\n');
  if (item.decisions.length === 0) out.write('  (no decisions yet)\n');
  for (const d of item.decisions) {
    const extra =
      d.dismiss_reason ??
      d.note ??
      (d.text_before !== d.text_after ? `"${d.text_before}" → "${d.text_after}"` : '');
    out.write(`  ${d.created_at} ${d.reviewer} ${d.action}${extra ? `: ${extra}` : ''}\n`);
  }
  return 0;
}
