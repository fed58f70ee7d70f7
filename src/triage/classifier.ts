import type { Mention } from '../domain/mention.ts';
import type { Verdict } from '../domain/verdict.ts';

/** What we know about the author from earlier mentions, for priority and for reviewers. */
export type AuthorHistory = {
  /** Complaints by this author in the look-back window (this one excluded). */
  recentComplaints: number;
  /** Items by this author still waiting for a decision or a reply. */
  openItems: number;
  /** Mention ids of earlier complaints, newest first. */
  earlierMentionIds: string[];
};

export const EMPTY_HISTORY: AuthorHistory = {
  recentComplaints: 0,
  openItems: 0,
  earlierMentionIds: [],
};

export type TriageInput = { mention: Mention; history: AuthorHistory };

/** Decides verdicts for a batch; implementations: offline rules/lexicon, LLM. */
export type Classifier = {
  name: string;
  classify(inputs: TriageInput[]): Promise<Verdict[]>;
};
