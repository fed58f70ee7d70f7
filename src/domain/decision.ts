/** A reviewer's decision on an item; every decision is kept as an audit record. */
export const DECISION_ACTIONS = ['approve', 'edit', 'regenerate', 'escalate', 'dismiss'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const DISMISS_REASONS = [
  'not_a_complaint',
  'spam',
  'handled_elsewhere',
  'no_reply_needed',
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export type Decision = {
  mentionId: string;
  /** Who decided: a Slack user id, or `local:<os user>` for the terminal stand-in. */
  reviewer: string;
  action: DecisionAction;
  /** For edit and approve-with-edit: the text to send. */
  text?: string;
  /** For dismiss: why; becomes a triage label. */
  dismissReason?: DismissReason;
  /** For regenerate: the reviewer's instruction; for escalate: a note. */
  note?: string;
};
