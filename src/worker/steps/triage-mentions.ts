import { verdictRow } from '../../adapters/store/verdicts-and-drafts.ts';
import { loadAuthorHistories } from '../../triage/author-history.ts';
import { EMPTY_HISTORY } from '../../triage/classifier.ts';
import type { Failure, Outcome, Step } from '../run-step.ts';

/** ingested → triaged (needs a reply or a person) | ignored, with the verdict and its reasons. */
export const triageMentions: Step = {
  name: 'triage',
  from: 'ingested',
  service: (deps) => deps.classifier.name,
  async prepare(records, deps) {
    const now = deps.clock.now();
    const histories = await loadAuthorHistories(deps.store.db, records, now);
    const inputs = records.map((mention) => ({
      mention,
      history: histories.get(mention.id) ?? EMPTY_HISTORY,
    }));
    // Classifiers batch (the LLM answers several mentions per request).
    const verdicts = await deps.classifier.classify(inputs);
    const outcomes = new Map<string, Outcome | Failure>();
    for (const [i, record] of records.entries()) {
      const verdict = verdicts[i];
      if (!verdict) {
        outcomes.set(record.id, {
          error: new Error(`classifier ${deps.classifier.name} returned no verdict`),
        });
        continue;
      }
      outcomes.set(record.id, {
        to: verdict.action === 'ignore' ? 'ignored' : 'triaged',
        rows: [{ table: 'verdicts', values: verdictRow(record.id, verdict, now) }],
      });
    }
    return outcomes;
  },
};
