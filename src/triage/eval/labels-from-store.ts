import type { Db } from '../../adapters/store/database.ts';
import type { LabelledPost } from './read-labelled.ts';

/**
 * Reviewers' decisions as labels, for backtesting rules on what the bot saw:
 * a dismissal as "not a complaint" or "spam" says it was not one; an approval,
 * edit or escalation of something triage did not file as a plain question says
 * it was. Other dismissals (handled elsewhere, no reply needed) say nothing.
 */
export async function labelsFromStore(db: Db, since: Date): Promise<LabelledPost[]> {
  const rows = await db
    .selectFrom('decisions')
    .innerJoin('mentions', 'mentions.id', 'decisions.mention_id')
    .leftJoin('verdicts', 'verdicts.mention_id', 'decisions.mention_id')
    .select([
      'decisions.mention_id',
      'decisions.action',
      'decisions.dismiss_reason',
      'decisions.created_at',
      'mentions.text',
      'verdicts.category',
    ])
    .where('decisions.created_at', '>=', since.toISOString())
    .orderBy('decisions.created_at')
    .execute();
  // The latest decision on a mention is the reviewers' final word.
  const latest = new Map(rows.map((row) => [row.mention_id, row]));
  const posts: LabelledPost[] = [];
  let line = 0;
  for (const row of latest.values()) {
    line++;
    if (row.action === 'dismiss') {
      if (row.dismiss_reason === 'not_a_complaint' || row.dismiss_reason === 'spam')
        posts.push({ text: row.text, complaint: false, line });
    } else if (
      ['approve', 'edit', 'escalate'].includes(row.action) &&
      row.category !== 'question'
    ) {
      posts.push({ text: row.text, complaint: true, line });
    }
  }
  return posts;
}

/** `7d`, `12h`, `30m` → the time that long before `now`. */
export function parseSince(value: string, now: Date): Date | null {
  const match = /^(\d+)\s*([dhm])$/.exec(value.trim());
  if (!match) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  return new Date(now.getTime() - Number(match[1]) * unit);
}
