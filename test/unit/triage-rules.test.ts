import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { ingestMentions } from '../../src/adapters/store/ingest-mentions.ts';
import { decide } from '../../src/review/decide.ts';
import { EMPTY_HISTORY } from '../../src/triage/classifier.ts';
import { labelsFromStore } from '../../src/triage/eval/labels-from-store.ts';
import { createOfflineClassifier } from '../../src/triage/offline-classifier.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, defaultConfig } from '../helpers/test-deps.ts';
import { createTestStore } from '../helpers/test-stores.ts';

const config = defaultConfig();
const classifier = createOfflineClassifier(() => config);
async function verdictOf(text: string) {
  const [v] = await classifier.classify([
    { mention: buildMention({ text }), history: EMPTY_HISTORY },
  ]);
  return v;
}

describe('ignore rules for spam and bots', () => {
  it('ignores link-only posts, one token repeated over and over, and mass tagging, each with its reason', async () => {
    expect((await verdictOf('@acme https://t.co/abc123 🔥🔥'))?.reasons[0]?.rule).toBe(
      'ignore:link-only',
    );
    expect((await verdictOf('@acme WIN WIN WIN WIN now'))?.reasons[0]?.rule).toBe(
      'ignore:repeated-text',
    );
    const tags = Array.from({ length: 10 }, (_, i) => `@user${i}`).join(' ');
    expect((await verdictOf(`@acme ${tags} check my profile`))?.reasons[0]?.rule).toBe(
      'ignore:mass-tagging',
    );
  });

  it('keeps a real complaint that repeats a word for emphasis', async () => {
    const v = await verdictOf('@acme why why why is my order still not here after two weeks');
    expect(v?.action).toBe('reply');
    expect(v?.isComplaint).toBe(true);
  });
});

describe('backtesting on what reviewers decided', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('labels a "not a complaint" dismissal negative, an approval positive, and skips "handled elsewhere"', async () => {
    store = await createTestStore('sqlite');
    const { deps, clock } = buildTestDeps(store);
    const a = buildMention({ postId: 'bt1', text: '@acme my parcel is late again, still waiting' });
    const b = buildMention({
      postId: 'bt2',
      text: '@acme your refund policy is a joke, I was charged twice',
    });
    const c = buildMention({ postId: 'bt3', text: '@acme the app crashes every time I log in' });
    await ingestMentions(store.db, {
      mentions: [a, b, c],
      sourceKey: 't',
      cursor: null,
      now: clock.now(),
    });
    await drainPipeline(deps);
    await decide(deps, { mentionId: a.id, reviewer: 'local:t', action: 'approve' });
    await decide(deps, {
      mentionId: b.id,
      reviewer: 'local:t',
      action: 'dismiss',
      dismissReason: 'not_a_complaint',
    });
    await decide(deps, {
      mentionId: c.id,
      reviewer: 'local:t',
      action: 'dismiss',
      dismissReason: 'handled_elsewhere',
    });
    const labels = await labelsFromStore(store.db, new Date(clock.now().getTime() - 86_400_000));
    expect(labels.map((l) => [l.text.slice(0, 20), l.complaint])).toEqual([
      [a.text.slice(0, 20), true],
      [b.text.slice(0, 20), false],
    ]);
  });
});
