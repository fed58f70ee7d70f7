/** One version of a reply proposed for a mention. Every version is kept. */
export type GuardrailFinding = {
  /** Stable id of the guardrail, e.g. `length`, `no-money-promise`. */
  rule: string;
  detail: string;
};

export type DraftProposal = {
  text: string;
  language: string;
  /** Whether the reply moves the conversation to a private message. */
  movesToPrivate: boolean;
  /** 0..1, how sure the drafter is. */
  confidence: number;
  /** What the reviewer should check before approving. */
  reviewerNote: string;
  /** `template:<name>` or `llm:<model>`. */
  origin: string;
  /** Guardrails that fired on earlier attempts and led to this version. */
  findings: GuardrailFinding[];
};

export type Draft = DraftProposal & {
  id: string;
  mentionId: string;
  version: number;
  /** The reviewer's instruction that produced this version, if any. */
  instruction: string | null;
  createdAt: string;
};
