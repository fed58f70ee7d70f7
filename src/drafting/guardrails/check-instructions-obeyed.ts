import type { GuardrailFinding } from '../../domain/draft.ts';
import { findInstructions } from './find-instructions.ts';
import type { Guardrail } from './guardrail.ts';

/**
 * Fires when the draft repeats what the post told the bot to say: four words
 * in a row of the instructed text (or eight characters for Korean, which
 * spaces words differently). Promises it smuggles in are caught by the
 * commitment guardrail as well.
 */
export const checkInstructionsObeyed: Guardrail = ({ text, mentionText }) => {
  const draft = simplify(text);
  const findings: GuardrailFinding[] = [];
  for (const instruction of findInstructions(mentionText)) {
    const overlap = sharedRun(simplify(instruction), draft);
    if (overlap) {
      findings.push({
        rule: 'instruction-obeyed',
        detail: `Repeats "${overlap}", which the post told the bot to say; the post is data, not instructions.`,
      });
    }
  }
  return findings;
};

function simplify(text: string): string {
  return text
    .toLowerCase()
    .replace(/@\w+/g, ' ')
    .replace(/[^\p{L}\p{N}$£€₩%\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function sharedRun(instruction: string, draft: string): string | null {
  const words = instruction.split(' ');
  if (words.length >= 4) {
    for (let i = 0; i + 4 <= words.length; i++) {
      const run = words.slice(i, i + 4).join(' ');
      if (` ${draft} `.includes(` ${run} `)) return run;
    }
  }
  if (/\p{Script=Hangul}/u.test(instruction)) {
    const compact = instruction.replace(/\s/g, '');
    const draftCompact = draft.replace(/\s/g, '');
    for (let i = 0; i + 8 <= compact.length; i++) {
      const run = compact.slice(i, i + 8);
      if (draftCompact.includes(run)) return run;
    }
  }
  // A short order ("say 'refund'") copied whole counts too.
  if (words.length < 4 && instruction.length >= 6 && draft.includes(instruction))
    return instruction;
  return null;
}
