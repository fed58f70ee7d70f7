/** What triage decided about one mention, and why. */
export type Reason = {
  /** Stable id of the rule or signal that fired, e.g. `escalator:safety`, `cue:refund`. */
  rule: string;
  /** Human-readable explanation shown to reviewers. */
  detail: string;
};

/** What happens next: nothing, a drafted reply, or a person first (no substantive draft). */
export type TriageAction = 'ignore' | 'reply' | 'escalate';

export type Verdict = {
  isComplaint: boolean;
  /** -1 (very negative) .. 1 (very positive). */
  sentiment: number;
  /** A category name from config, or `other`. */
  category: string;
  /** A severity level name from config (e.g. low, normal, high, critical). */
  severity: string;
  language: string;
  sarcasm: boolean;
  /** One line a reviewer can read at a glance. */
  summary: string;
  reasons: Reason[];
  action: TriageAction;
  /** Higher is more urgent; comparable only within one config. */
  priority: number;
  /** Review channel (a Slack channel id or name; the local stand-in shows it). */
  route: string;
  /** Which classifier decided: `rules`, `offline`, `llm`, or `offline (llm failed: …)`. */
  classifier: string;
};
