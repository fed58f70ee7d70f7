import { DECIDABLE_STATES } from '../../domain/lifecycle.ts';
import { DISMISS_REASONS } from '../../domain/decision.ts';
import { ago } from '../../review/render-card-text.ts';
import type { ReviewItem } from '../../review/review-item.ts';

/** Action ids of the card's buttons; the Slack app listens for exactly these. */
export const ACTIONS = {
  approve: 'cr_approve',
  edit: 'cr_edit',
  regenerate: 'cr_regenerate',
  escalate: 'cr_escalate',
  dismiss: 'cr_dismiss',
} as const;

const SEVERITY_ICON: Record<string, string> = {
  critical: '🔴',
  high: '🟠',
  normal: '🟡',
  low: '⚪',
};
const DISMISS_LABELS: Record<(typeof DISMISS_REASONS)[number], string> = {
  not_a_complaint: 'Not a complaint',
  spam: 'Spam',
  handled_elsewhere: 'Handled elsewhere',
  no_reply_needed: 'No reply needed',
};

type Block = Record<string, unknown>;

/**
 * The review card in Block Kit: what happened, who said it, why triage thinks
 * so, when it is due, the draft and what to check, and one-click actions. Once
 * decided, the buttons give way to who did what and when, so no one acts twice.
 */
export function renderCardBlocks(item: ReviewItem, now: Date): { text: string; blocks: Block[] } {
  const { mention, verdict, draft } = item;
  const a = mention.author;
  // A card is first drawn while its item is still `drafted` (it moves to review with the post).
  const open =
    mention.state === 'drafted' || (DECIDABLE_STATES as readonly string[]).includes(mention.state);
  const icon = SEVERITY_ICON[verdict.severity] ?? '⚪';
  const header = `${icon} ${verdict.severity.toUpperCase()} · ${verdict.category.replace(/_/g, ' ')}${verdict.action === 'escalate' ? ' · ESCALATION' : ''}`;
  const history =
    item.history.recentComplaints > 0
      ? ` · ${ordinal(item.history.recentComplaints + 1)} complaint in 30 days`
      : '';
  const due = item.card ? dueText(item.card.due_at, now) : '';
  const blocks: Block[] = [
    { type: 'header', text: plain(header.slice(0, 150)) },
    {
      type: 'context',
      elements: [
        md(
          `*${escape(a.name)}* @${escape(a.handle)} · ${a.followers.toLocaleString('en')} followers${a.verified ? ' · ✔︎ verified' : ''}${history}`,
        ),
      ],
    },
    {
      type: 'section',
      text: md(`>${escape(mention.text).replace(/\n/g, '\n>')}`.slice(0, 3000)),
      ...(mention.url
        ? {
            accessory: {
              type: 'button',
              text: plain('Open post'),
              url: mention.url,
              action_id: 'cr_open',
            },
          }
        : {}),
    },
    {
      type: 'context',
      elements: [
        md(
          `${mention.lang} · sentiment ${verdict.sentiment.toFixed(2)}${verdict.sarcasm ? ' · sarcasm?' : ''} · posted ${ago(mention.postedAt, now)} ago · priority ${verdict.priority}${due ? ` · ${due}` : ''}`,
        ),
      ],
    },
    {
      type: 'section',
      text: md(
        `*Why:* ${escape(verdict.reasons.map((r) => r.detail).join('; ') || '—')}`.slice(0, 3000),
      ),
    },
    { type: 'divider' },
    {
      type: 'section',
      text: md(`*Draft v${draft.version}* (${escape(draft.origin)})\n${escape(draft.text)}`),
    },
    {
      type: 'context',
      elements: [
        md(
          `*Check:* ${escape(draft.reviewerNote)}${draft.findings.map((f) => ` · ⚠️ ${f.rule}`).join('')}`.slice(
            0,
            3000,
          ),
        ),
      ],
    },
  ];
  if (item.history.earlierMentionIds.length > 0)
    blocks.push({
      type: 'context',
      elements: [
        md(`Earlier: ${item.history.earlierMentionIds.slice(0, 3).map(escape).join(', ')}`),
      ],
    });
  if (open) {
    blocks.push({
      type: 'actions',
      block_id: `cr_actions:${mention.id}`,
      elements: [
        {
          type: 'button',
          style: 'primary',
          text: plain('Approve & send'),
          action_id: ACTIONS.approve,
          value: mention.id,
        },
        { type: 'button', text: plain('Edit'), action_id: ACTIONS.edit, value: mention.id },
        {
          type: 'button',
          text: plain('Regenerate'),
          action_id: ACTIONS.regenerate,
          value: mention.id,
        },
        ...(mention.state === 'escalated'
          ? []
          : [
              {
                type: 'button',
                style: 'danger',
                text: plain('Escalate'),
                action_id: ACTIONS.escalate,
                value: mention.id,
              },
            ]),
        {
          type: 'static_select',
          action_id: ACTIONS.dismiss,
          placeholder: plain('Dismiss…'),
          options: DISMISS_REASONS.map((reason) => ({
            text: plain(DISMISS_LABELS[reason]),
            value: `${reason}|${mention.id}`,
          })),
        },
      ],
    });
  }
  const last = item.decisions.at(-1);
  const outcome = [
    last
      ? `${verb(last.action)} by <@${last.reviewer}> at <!date^${Math.floor(Date.parse(last.created_at) / 1000)}^{time}|${last.created_at}>${last.dismiss_reason ? ` (${last.dismiss_reason.replace(/_/g, ' ')})` : ''}`
      : '',
    item.reply
      ? `replied ${ago(mention.postedAt, new Date(item.reply.published_at))} after the post${item.reply.url ? ` · <${item.reply.url}|see the reply>` : ''}`
      : '',
    mention.state === 'failed' && mention.lastError
      ? `⚠️ failed: ${escape(mention.lastError)}`
      : '',
  ].filter(Boolean);
  if (outcome.length)
    blocks.push({ type: 'context', elements: [md(outcome.join(' · ').slice(0, 3000))] });
  const text = `${header}: @${a.handle}: ${mention.text}`.slice(0, 300);
  return { text, blocks };
}

function dueText(dueAt: string, now: Date): string {
  const left = Math.round((Date.parse(dueAt) - now.getTime()) / 60_000);
  if (left < 0) return `⏰ overdue by ${duration(-left)}`;
  return `due in ${duration(left)}`;
}

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} days`;
}

function verb(action: string): string {
  return (
    {
      approve: '✅ Approved',
      edit: '✏️ Edited',
      regenerate: '🔄 Regenerated',
      escalate: '🚨 Escalated',
      dismiss: '🗑 Dismissed',
    }[action] ?? action
  );
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

/** Slack mrkdwn control characters; customer text must never become a mention or a link. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plain(text: string) {
  return { type: 'plain_text', text, emoji: true };
}

function md(text: string) {
  return { type: 'mrkdwn', text };
}
