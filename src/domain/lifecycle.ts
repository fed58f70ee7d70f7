/**
 * The mention lifecycle (DESIGN.md). A mention is always in exactly one state;
 * each worker step reads one state and writes the next in the same transaction
 * as its result.
 *
 *   ingested → triaged → (ignored | drafted) → in_review → approved → published
 *                                               ↘ dismissed   ↘ escalated
 *   any working state → failed (after the retry budget is spent; a person retries it)
 */
export const MENTION_STATES = [
  'ingested',
  'triaged',
  'ignored',
  'drafted',
  'in_review',
  'approved',
  'published',
  'dismissed',
  'escalated',
  'failed',
] as const;

export type MentionState = (typeof MENTION_STATES)[number];

/** States a worker step picks up; the others wait for a person or are final. */
export const WORKING_STATES = ['ingested', 'triaged', 'drafted', 'approved'] as const;
export type WorkingState = (typeof WORKING_STATES)[number];

/** States in which a reviewer's decision is accepted. */
export const DECIDABLE_STATES = ['in_review', 'escalated'] as const;

export const FINAL_STATES = ['ignored', 'published', 'dismissed'] as const;

const TRANSITIONS: Record<MentionState, readonly MentionState[]> = {
  ingested: ['triaged', 'ignored', 'failed'],
  triaged: ['drafted', 'failed'],
  drafted: ['in_review', 'failed'],
  in_review: ['approved', 'dismissed', 'escalated', 'in_review'],
  escalated: ['approved', 'dismissed', 'escalated', 'in_review'],
  approved: ['published', 'failed'],
  published: [],
  dismissed: [],
  ignored: [],
  failed: ['ingested', 'triaged', 'drafted', 'approved'],
};

export function canMove(from: MentionState, to: MentionState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isWorkingState(state: MentionState): state is WorkingState {
  return (WORKING_STATES as readonly string[]).includes(state);
}
