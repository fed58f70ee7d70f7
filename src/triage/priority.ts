import type { Author } from '../domain/mention.ts';
import type { AuthorHistory } from './classifier.ts';

export type PriorityInput = {
  severityRank: number;
  severityCount: number;
  author: Author;
  isVip: boolean;
  history: AuthorHistory;
  isComplaint: boolean;
};

/**
 * 0..100: severity dominates; reach, VIP status and customer history lift an item
 * within its severity band (DOMAIN.md §3: the most urgent and most visible first).
 */
export function scorePriority(input: PriorityInput): number {
  const severity = (input.severityRank / Math.max(1, input.severityCount - 1)) * 60;
  const reach =
    Math.min(15, Math.log10(1 + input.author.followers) * 3) + (input.author.verified ? 3 : 0);
  const history =
    Math.min(8, input.history.recentComplaints * 3) + (input.history.openItems > 0 ? 4 : 0);
  const vip = input.isVip ? 10 : 0;
  const base = input.isComplaint ? 0 : -20;
  return Math.max(0, Math.min(100, Math.round(severity + reach + history + vip + base)));
}
