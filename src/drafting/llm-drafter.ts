import type { Logger } from 'pino';
import { z } from 'zod';
import type { LlmClient } from '../adapters/openai/llm-client.ts';
import type { Config } from '../config/schema.ts';
import type { DraftProposal, GuardrailFinding } from '../domain/draft.ts';
import { AppError, describeError } from '../domain/errors.ts';
import { checkDraft, describeFindings } from './check-draft.ts';
import type { Drafter, DraftRequest } from './drafter.ts';
import { findInjectionAttempt } from './guardrails/find-instructions.ts';
import { renderDraftPrompt } from './render-draft-prompt.ts';
import { draftFromTemplate } from './template-drafter.ts';

/** The model's answer. Every field is required: strict structured outputs have no optional keys. */
export const draftAnswerSchema = z.object({
  reply_text: z.string().describe('The public reply, starting with the customer’s @handle.'),
  language: z.string().describe('Language code of the reply, e.g. en or ko.'),
  moves_to_private: z.boolean().describe('Whether the reply asks the customer to continue by DM.'),
  confidence: z.number().min(0).max(1).describe('0..1: how sure the reply is right to send as is.'),
  reviewer_note: z.string().describe('What the reviewer should check before approving.'),
});

export type DraftAnswer = z.infer<typeof draftAnswerSchema>;

/** One model call, then one more naming what failed; after that the template. */
const MAX_ATTEMPTS = 2;

type Attempt = { failure: string; findings: GuardrailFinding[] };

/**
 * Drafts with the model and checks every answer with the guardrails. An answer
 * that breaks the schema or a guardrail is asked for once more with the failure
 * named; if that fails too, or the model is unavailable, the reviewed template
 * is used and the reviewer note says which guardrail fired. Escalated items
 * never reach the model: they get the holding reply.
 */
export function createLlmDrafter(deps: {
  llm: LlmClient;
  getConfig: () => Config;
  log: Logger;
}): Drafter {
  return {
    name: `llm:${deps.llm.model}`,
    async draft(request) {
      const config = deps.getConfig();
      if (request.verdict.action === 'escalate') return draftFromTemplate(request, config);
      const attempts: Attempt[] = [];
      while (attempts.length < MAX_ATTEMPTS) {
        const failure = attempts.at(-1)?.failure;
        let answer: DraftAnswer;
        let model: string;
        try {
          ({ value: answer, model } = await deps.llm.complete({
            purpose: 'draft',
            ...renderDraftPrompt(request, config, failure),
            schema: draftAnswerSchema,
            schemaName: 'draft_reply',
          }));
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'model_invalid')
            return fallBack(
              request,
              config,
              attempts,
              `the model was unavailable (${describeError(error)})`,
              deps.log,
            );
          const findings = [{ rule: 'schema', detail: error.message.slice(0, 400) }];
          attempts.push({ failure: describeFindings(findings), findings });
          continue;
        }
        const findings = checkDraft(
          answer.reply_text,
          { authorHandle: request.mention.author.handle, mentionText: request.mention.text },
          config,
        );
        if (findings.length === 0) return toProposal(request, answer, model, attempts);
        attempts.push({ failure: describeFindings(findings), findings });
      }
      return fallBack(
        request,
        config,
        attempts,
        'the model’s drafts failed the guardrails twice',
        deps.log,
      );
    },
  };
}

function toProposal(
  request: DraftRequest,
  answer: DraftAnswer,
  model: string,
  attempts: Attempt[],
): DraftProposal {
  const notes = [answer.reviewer_note.trim()];
  if (attempts.length > 0)
    notes.push(
      `The first draft was rejected and redrafted: ${attempts.map((a) => a.failure).join(' ')}`,
    );
  const injection = findInjectionAttempt(request.mention.text);
  if (injection && !/instruct/i.test(answer.reviewer_note))
    notes.push(
      `The post tries to instruct the bot ("${injection.slice(0, 80)}"); check the draft does not follow it.`,
    );
  return {
    text: answer.reply_text.trim(),
    language: answer.language,
    movesToPrivate: answer.moves_to_private,
    confidence: answer.confidence,
    reviewerNote: notes.filter(Boolean).join(' '),
    origin: `llm:${model}`,
    findings: attempts.flatMap((a) => a.findings),
  };
}

function fallBack(
  request: DraftRequest,
  config: Config,
  attempts: Attempt[],
  why: string,
  log: Logger,
): DraftProposal {
  const template = draftFromTemplate(request, config);
  const findings = attempts.flatMap((a) => a.findings);
  log.warn(
    { mention: request.mention.id, rules: findings.map((f) => f.rule), why },
    'draft replaced by template',
  );
  const fired = findings.length > 0 ? ` Guardrails fired: ${describeFindings(findings)}` : '';
  return {
    ...template,
    reviewerNote: `Template used because ${why}.${fired} ${template.reviewerNote}`,
    findings: [...findings, ...template.findings],
  };
}
