import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { Draft, DraftProposal } from '../../domain/draft.ts';
import type { Verdict } from '../../domain/verdict.ts';
import type { Db, DraftRow, VerdictRow } from './database.ts';

export async function insertVerdict(
  trx: Db,
  mentionId: string,
  verdict: Verdict,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('verdicts')
    .values(verdictRow(mentionId, verdict, now))
    .execute();
}

export function verdictRow(mentionId: string, verdict: Verdict, now: Date): Insertable<VerdictRow> {
  return {
    mention_id: mentionId,
    is_complaint: verdict.isComplaint ? 1 : 0,
    sentiment: verdict.sentiment,
    category: verdict.category,
    severity: verdict.severity,
    language: verdict.language,
    sarcasm: verdict.sarcasm ? 1 : 0,
    summary: verdict.summary,
    reasons: JSON.stringify(verdict.reasons),
    action: verdict.action,
    priority: verdict.priority,
    route: verdict.route,
    classifier: verdict.classifier,
    created_at: now.toISOString(),
  };
}

export async function findVerdict(db: Db, mentionId: string): Promise<Verdict | null> {
  const row = await db
    .selectFrom('verdicts')
    .selectAll()
    .where('mention_id', '=', mentionId)
    .executeTakeFirst();
  return row ? toVerdict(row) : null;
}

export function toVerdict(row: Selectable<VerdictRow>): Verdict {
  return {
    isComplaint: row.is_complaint === 1,
    sentiment: row.sentiment,
    category: row.category,
    severity: row.severity,
    language: row.language,
    sarcasm: row.sarcasm === 1,
    summary: row.summary,
    reasons: JSON.parse(row.reasons),
    action: row.action as Verdict['action'],
    priority: row.priority,
    route: row.route,
    classifier: row.classifier,
  };
}

/** Adds the next version of a mention's draft; earlier versions are never changed. */
export async function insertDraft(
  trx: Db,
  input: {
    mentionId: string;
    proposal: DraftProposal;
    instruction: string | null;
    createdBy: string;
    now: Date;
  },
): Promise<Draft> {
  const latest = await trx
    .selectFrom('drafts')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('mention_id', '=', input.mentionId)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  const draft: Draft = {
    ...input.proposal,
    id: randomUUID(),
    mentionId: input.mentionId,
    version,
    instruction: input.instruction,
    createdAt: input.now.toISOString(),
  };
  await trx.insertInto('drafts').values(draftRow(draft, input.createdBy)).execute();
  return draft;
}

/** The first version of a draft, as a row (the draft step inserts a batch of them at once). */
export function firstDraft(input: {
  mentionId: string;
  proposal: DraftProposal;
  now: Date;
}): Draft {
  return {
    ...input.proposal,
    id: randomUUID(),
    mentionId: input.mentionId,
    version: 1,
    instruction: null,
    createdAt: input.now.toISOString(),
  };
}

export function draftRow(draft: Draft, createdBy: string): Insertable<DraftRow> {
  return {
    id: draft.id,
    mention_id: draft.mentionId,
    version: draft.version,
    text: draft.text,
    language: draft.language,
    moves_to_private: draft.movesToPrivate ? 1 : 0,
    confidence: draft.confidence,
    reviewer_note: draft.reviewerNote,
    origin: draft.origin,
    findings: JSON.stringify(draft.findings),
    instruction: draft.instruction,
    created_by: createdBy,
    created_at: draft.createdAt,
  };
}

export async function listDrafts(db: Db, mentionId: string): Promise<Draft[]> {
  const rows = await db
    .selectFrom('drafts')
    .selectAll()
    .where('mention_id', '=', mentionId)
    .orderBy('version', 'asc')
    .execute();
  return rows.map(toDraft);
}

export function toDraft(row: Selectable<DraftRow>): Draft {
  return {
    id: row.id,
    mentionId: row.mention_id,
    version: row.version,
    text: row.text,
    language: row.language,
    movesToPrivate: row.moves_to_private === 1,
    confidence: row.confidence,
    reviewerNote: row.reviewer_note,
    origin: row.origin,
    findings: JSON.parse(row.findings),
    instruction: row.instruction,
    createdAt: row.created_at,
  };
}

export async function latestDraft(db: Db, mentionId: string): Promise<Draft | null> {
  return (await listDrafts(db, mentionId)).at(-1) ?? null;
}
