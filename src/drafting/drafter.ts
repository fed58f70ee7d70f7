import type { DraftProposal } from '../domain/draft.ts';
import type { Mention } from '../domain/mention.ts';
import type { Verdict } from '../domain/verdict.ts';
import type { AuthorHistory } from '../triage/classifier.ts';

export type DraftRequest = {
  mention: Mention;
  verdict: Verdict;
  history: AuthorHistory;
  /** A reviewer's instruction when regenerating ("shorter", "offer a callback"). */
  instruction?: string;
  /** The previous version when regenerating. */
  previousText?: string;
};

/** Proposes a first reply; implementations: offline templates, LLM. */
export type Drafter = {
  name: string;
  draft(request: DraftRequest): Promise<DraftProposal>;
};
