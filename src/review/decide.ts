import { randomUUID } from 'node:crypto';
import type { Db } from '../adapters/store/database.ts';
import { findMention } from '../adapters/store/mention-records.ts';
import { findVerdict, insertDraft, latestDraft } from '../adapters/store/verdicts-and-drafts.ts';
import type { Config } from '../config/schema.ts';
import type { Decision } from '../domain/decision.ts';
import type { Mention } from '../domain/mention.ts';
import { AppError } from '../domain/errors.ts';
import { DECIDABLE_STATES, type MentionState } from '../domain/lifecycle.ts';
import { checkReplyText } from '../drafting/check-reply-text.ts';
import { loadAuthorHistory } from '../triage/author-history.ts';
import type { WorkerDeps } from '../worker/worker-deps.ts';
import { refreshCard } from './refresh-card.ts';

export type DecideDeps = Pick<
  WorkerDeps,
  'store' | 'getConfig' | 'clock' | 'drafter' | 'review' | 'log'
>;

export type DecisionOutcome = { mentionId: string; state: MentionState; draftVersion: number };

const NEXT_STATE: Record<Decision['action'], MentionState> = {
  approve: 'approved',
  edit: 'in_review',
  regenerate: 'in_review',
  escalate: 'escalated',
  dismiss: 'dismissed',
};

/**
 * The one place a reviewer's decision takes effect, for Slack buttons and the
 * terminal alike. The state change is conditional on the item still waiting, so
 * of two reviewers acting at once exactly one wins; the other is told who did.
 */
export async function decide(deps: DecideDeps, decision: Decision): Promise<DecisionOutcome> {
  const db = deps.store.db;
  const now = deps.clock.now();
  const mention = await findMention(db, decision.mentionId);
  if (!mention)
    throw new AppError(
      'not_found',
      `No item ${decision.mentionId}. See \`complaint-radar review list\`.`,
    );
  await authorise(deps, decision);
  if (!(DECIDABLE_STATES as readonly string[]).includes(mention.state))
    throw await alreadyDecided(db, decision.mentionId, mention.state);
  validate(decision, mention, deps.getConfig());

  const current = await latestDraft(db, decision.mentionId);
  if (!current) throw new AppError('not_found', `Item ${decision.mentionId} has no draft yet.`);
  const proposal =
    decision.action === 'regenerate' ? await regenerate(deps, decision, current.text) : null;

  const version = await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('mentions')
      .set({ state: NEXT_STATE[decision.action], state_changed_at: now.toISOString() })
      .where('id', '=', decision.mentionId)
      .where('state', 'in', [...DECIDABLE_STATES])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw await alreadyDecided(trx, decision.mentionId, null);
    let draft = current;
    const newText = decision.text?.trim();
    if (proposal) {
      draft = await insertDraft(trx, {
        mentionId: decision.mentionId,
        proposal,
        instruction: decision.note ?? null,
        createdBy: decision.reviewer,
        now,
      });
    } else if (newText && newText !== current.text) {
      draft = await insertDraft(trx, {
        mentionId: decision.mentionId,
        proposal: {
          ...current,
          text: newText,
          origin: 'reviewer',
          findings: [],
          reviewerNote: `Edited by ${decision.reviewer}.`,
        },
        instruction: null,
        createdBy: decision.reviewer,
        now,
      });
    }
    await trx
      .insertInto('decisions')
      .values({
        id: randomUUID(),
        mention_id: decision.mentionId,
        draft_id: draft.id,
        reviewer: decision.reviewer,
        action: decision.action,
        dismiss_reason: decision.dismissReason ?? null,
        note: decision.note ?? null,
        text_before: current.text,
        text_after: draft.text,
        created_at: now.toISOString(),
      })
      .execute();
    return draft.version;
  });
  deps.log.info(
    { mention: decision.mentionId, action: decision.action, reviewer: decision.reviewer },
    'review decision',
  );
  await refreshCard(deps, decision.mentionId);
  return {
    mentionId: decision.mentionId,
    state: NEXT_STATE[decision.action],
    draftVersion: version,
  };
}

async function authorise(deps: DecideDeps, decision: Decision): Promise<void> {
  const reviewers = deps.getConfig().review.reviewers;
  // Someone at this machine's terminal already has the store itself; config lists Slack reviewers.
  if (decision.reviewer.startsWith('local:') || reviewers.length === 0) return;
  const allowed = deps.review.isReviewer
    ? await deps.review.isReviewer(decision.reviewer, reviewers)
    : reviewers.includes(decision.reviewer);
  if (!allowed) {
    throw new AppError(
      'not_authorised',
      `Only reviewers may do this, and <@${decision.reviewer}> is not one. Ask an admin to add the user (or their user group) to review.reviewers in the config.`,
    );
  }
}

function validate(decision: Decision, mention: Mention, config: Config): void {
  if (decision.action === 'edit' && !decision.text)
    throw new AppError('invalid_input', 'An edit needs the new text.');
  if (decision.text !== undefined)
    checkReplyText(
      decision.text,
      { authorHandle: mention.author.handle, mentionText: mention.text },
      config,
    );
  if (decision.action === 'dismiss' && !decision.dismissReason) {
    throw new AppError(
      'invalid_input',
      'A dismissal needs a reason: not_a_complaint, spam, handled_elsewhere or no_reply_needed.',
    );
  }
}

async function regenerate(deps: DecideDeps, decision: Decision, previousText: string) {
  const db = deps.store.db;
  const mention = await findMention(db, decision.mentionId);
  const verdict = await findVerdict(db, decision.mentionId);
  if (!mention || !verdict)
    throw new AppError('not_found', `Item ${decision.mentionId} has no verdict.`);
  const history = await loadAuthorHistory(db, mention, deps.clock.now());
  return deps.drafter.draft({
    mention,
    verdict,
    history,
    instruction: decision.note,
    previousText,
  });
}

async function alreadyDecided(
  db: Db,
  mentionId: string,
  state: MentionState | null,
): Promise<AppError> {
  const last = await db
    .selectFrom('decisions')
    .select(['reviewer', 'action', 'created_at'])
    .where('mention_id', '=', mentionId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const current =
    state ??
    (await db.selectFrom('mentions').select('state').where('id', '=', mentionId).executeTakeFirst())
      ?.state;
  const who = last ? ` (${last.action} by ${last.reviewer} at ${last.created_at})` : '';
  return new AppError(
    'already_decided',
    `Item ${mentionId} is already ${current}${who}; nothing was changed.`,
  );
}
