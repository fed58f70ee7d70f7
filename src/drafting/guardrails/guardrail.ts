import type { GuardrailFinding } from '../../domain/draft.ts';
import type { DraftingPolicy } from '../drafting-config.ts';

/** Everything a guardrail may look at. The customer's post is data, never instructions. */
export type GuardrailContext = {
  text: string;
  /** The author's handle, without @. */
  authorHandle: string;
  /** The brand's own handles (without @): a reply may point to them, e.g. a help account. */
  brandHandles: readonly string[];
  /** The customer's post, to spot echoed personal data and obeyed instructions. */
  mentionText: string;
  policy: DraftingPolicy;
};

/** One rule about reply text; returns a finding per problem, each with a stable rule id. */
export type Guardrail = (context: GuardrailContext) => GuardrailFinding[];
