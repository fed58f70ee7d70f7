import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { ingestMentions } from '../../src/adapters/store/ingest-mentions.ts';
import { sanitizeText } from '../../src/domain/sanitize-text.ts';
import { checkDraft } from '../../src/drafting/check-draft.ts';
import { checkReplyText } from '../../src/drafting/check-reply-text.ts';
import { draftFromTemplate } from '../../src/drafting/template-drafter.ts';
import { toMention } from '../../src/sources/replay-source.ts';
import { EMPTY_HISTORY } from '../../src/triage/classifier.ts';
import { createOfflineClassifier } from '../../src/triage/offline-classifier.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, defaultConfig } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

/** The pieces attackers and broken clients send: bidi overrides, zero-width, combining runs, NUL, emoji. */
const hostilePiece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u202E',
    '\u202D',
    '\u2066\u2069',
    '\u200B\u200C\u200D\uFEFF',
    '\u0000',
    '\uD800',
    '\uDC00x',
    'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
    '👩‍👩‍👧‍👦',
    '🇰🇷🏳️‍🌈',
    '@acme',
    'refund NOW!!!',
    '환불',
    'https://t.co/x',
    '\r\n\t',
    'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘',
  ),
  fc.constantFrom('😡'.repeat(2_000), 'a'.repeat(10_240), '\u0301'.repeat(5_000)),
);
const hostileText = fc.array(hostilePiece, { maxLength: 12 }).map((parts) => parts.join(''));

const config = defaultConfig();
const classifier = createOfflineClassifier(() => config);
// A guard against hangs and blow-ups (a 10 kB post once cost seconds), not a speed target.
const PER_POST_MS = 1_000;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

describe('hostile text in posts and replies', () => {
  it('normalises, triages and drafts any text without a crash and in bounded time per post', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (text, name) => {
        const mention = toMention(
          {
            id: '1',
            text,
            lang: 'und',
            author: { id: '9', username: 'someone', name, followers_count: 0, verified: false },
          },
          'x',
          new Date('2026-11-20T10:00:00Z'),
        );
        const start = performance.now();
        const [verdict] = await classifier.classify([{ mention, history: EMPTY_HISTORY }]);
        expect(performance.now() - start).toBeLessThan(PER_POST_MS);
        expect(verdict).toBeDefined();
        if (!verdict) return;
        expect(config.triage.severities).toContain(verdict.severity);
        expect(Number.isFinite(verdict.sentiment)).toBe(true);
        const draft = timed(() =>
          draftFromTemplate({ mention, verdict, history: EMPTY_HISTORY }, config),
        );
        expect(draft.ms).toBeLessThan(PER_POST_MS);
        expect(draft.value.text.length).toBeGreaterThan(0);
        const subject = { authorHandle: mention.author.handle, mentionText: mention.text };
        const findings = timed(() => checkDraft(draft.value.text, subject, config));
        expect(findings.ms).toBeLessThan(PER_POST_MS);
        expect(Array.isArray(findings.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('checks any reviewer text against any post with a clear verdict: accepted, or refused with a coded error', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (text, post) => {
        const { ms } = timed(() => {
          try {
            checkReplyText(text, { authorHandle: 'someone', mentionText: post }, config);
          } catch (error) {
            expect((error as { code?: string }).code).toMatch(/^(invalid_input|too_long)$/);
          }
        });
        expect(ms).toBeLessThan(PER_POST_MS);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps what a person could mean and removes only what cannot be stored', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const clean = sanitizeText(text);
        expect(clean).not.toMatch(/\u0000/);
        expect(Buffer.from(clean, 'utf8').toString('utf8')).toBe(clean);
        expect(sanitizeText(clean)).toBe(clean);
      }),
    );
    expect(sanitizeText('\u202Eabc\u200D👩‍👧 e\u0301')).toBe('\u202Eabc\u200D👩‍👧 e\u0301');
  });
});

describe.each(STORE_KINDS)('hostile posts through the pipeline on %s', (kind) => {
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
  });

  it('stores and carries every hostile post to a final or review state, none stuck', async () => {
    if (kind === 'postgres' && !(await postgresAvailable())) return;
    store = await createTestStore(kind);
    const { deps } = buildTestDeps(store);
    const texts = fc.sample(hostileText, { numRuns: 60, seed: 7 });
    const mentions = texts.map((text, i) =>
      buildMention({
        postId: `hostile${i}`,
        text,
        author: { name: texts[(i + 1) % texts.length] ?? '' },
      }),
    );
    mentions.push(
      buildMention({ postId: 'nul', text: '@acme my order\u0000 is late, still waiting' }),
    );
    const inserted = await ingestMentions(store.db, {
      mentions,
      sourceKey: 'hostile',
      cursor: 'end',
      now: new Date('2026-11-20T10:01:00Z'),
    });
    expect(inserted).toHaveLength(mentions.length);
    await drainPipeline(deps);
    const stuck = await store.db
      .selectFrom('mentions')
      .select(['id', 'state', 'last_error'])
      .where('state', 'in', ['ingested', 'triaged', 'drafted', 'failed'])
      .execute();
    expect(stuck).toEqual([]);
    const nul = await store.db
      .selectFrom('mentions')
      .select('text')
      .where('post_id', '=', 'nul')
      .executeTakeFirstOrThrow();
    expect(nul.text).toBe('@acme my order is late, still waiting');
  }, 60_000);
});
