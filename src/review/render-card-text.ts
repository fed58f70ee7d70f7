import type { ReviewItem } from './review-item.ts';

/** A plain-text card for terminals and logs; Slack renders its own Block Kit card. */
export function renderCardText(item: ReviewItem, now: Date): string {
  const { mention, verdict, draft } = item;
  const author = mention.author;
  const lines = [
    `┌─ ${mention.id}  [${verdict.severity.toUpperCase()} · ${verdict.category}]  priority ${verdict.priority}  → #${verdict.route}`,
    `│ @${author.handle} (${author.name}, ${author.followers.toLocaleString('en')} followers${author.verified ? ', verified' : ''})${historyLine(item)}`,
    `│ “${oneLine(mention.text)}”`,
    `│ ${mention.lang} · sentiment ${verdict.sentiment.toFixed(2)}${verdict.sarcasm ? ' · sarcasm?' : ''} · posted ${ago(mention.postedAt, now)} ago${mention.url ? ` · ${mention.url}` : ''}`,
    `│ why: ${verdict.reasons.map((r) => r.detail).join('; ') || '—'}`,
    `│ draft v${draft.version} (${draft.origin}): ${draft.text}`,
    `│ check: ${draft.reviewerNote}`,
  ];
  for (const f of draft.findings) lines.push(`│ guardrail: ${f.rule}: ${f.detail}`);
  lines.push(
    `└─ ${mention.state === 'drafted' ? 'waiting for review' : `state: ${mention.state}`}${outcome(item)}`,
  );
  return lines.join('\n');
}

function historyLine(item: ReviewItem): string {
  const n = item.history.recentComplaints;
  return n > 0 ? ` · ${ordinal(n + 1)} complaint in 30 days` : '';
}

function outcome(item: ReviewItem): string {
  const last = item.decisions.at(-1);
  const parts = [];
  if (last) parts.push(` · ${last.action} by ${last.reviewer} at ${last.created_at}`);
  if (item.reply)
    parts.push(` · reply ${item.reply.reply_post_id}${item.reply.url ? ` ${item.reply.url}` : ''}`);
  if (item.mention.lastError) parts.push(` · last error: ${item.mention.lastError}`);
  return parts.join('');
}

export function ago(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}
