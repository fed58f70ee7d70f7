import { draftRow, firstDraft, toVerdict } from '../../adapters/store/verdicts-and-drafts.ts';
import { AppError } from '../../domain/errors.ts';
import { loadAuthorHistories } from '../../triage/author-history.ts';
import { EMPTY_HISTORY } from '../../triage/classifier.ts';
import { prepareEach, type Step } from '../run-step.ts';

/** triaged → drafted: the first version of the reply (escalated items get a holding reply). */
export const draftReplies: Step = {
  name: 'draft',
  from: 'triaged',
  service: (deps) => deps.drafter.name,
  async prepare(records, deps) {
    const now = deps.clock.now();
    const ids = records.map((r) => r.id);
    const [histories, verdictRows] = await Promise.all([
      loadAuthorHistories(deps.store.db, records, now),
      deps.store.db.selectFrom('verdicts').selectAll().where('mention_id', 'in', ids).execute(),
    ]);
    const verdicts = new Map(verdictRows.map((row) => [row.mention_id, toVerdict(row)]));
    return prepareEach(
      records,
      async (record) => {
        const verdict = verdicts.get(record.id);
        if (!verdict)
          throw new AppError('not_found', `Mention ${record.id} has no verdict; re-run triage.`);
        const history = histories.get(record.id) ?? EMPTY_HISTORY;
        const proposal = await deps.drafter.draft({ mention: record, verdict, history });
        const draft = firstDraft({ mentionId: record.id, proposal, now });
        return {
          to: 'drafted',
          rows: [{ table: 'drafts', values: draftRow(draft, deps.drafter.name) }],
        };
      },
      deps.getConfig().worker.model_concurrency,
    );
  },
};
