import { createHmac } from 'node:crypto';
import { createSlackClient } from '../../src/adapters/slack/create-slack-client.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/adapters/store/open-store.ts';
import { ingestMentions } from '../../src/adapters/store/ingest-mentions.ts';
import { ACTIONS } from '../../src/adapters/slack/render-card-blocks.ts';
import { type RunningSlackApp, startSlackApp } from '../../src/adapters/slack/slack-app.ts';
import { createSlackReviewChannel } from '../../src/adapters/slack/slack-review-channel.ts';
import type { Config } from '../../src/config/schema.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { createOfflineClassifier } from '../../src/triage/offline-classifier.ts';
import { watchServiceLevels } from '../../src/review/watch-service-levels.ts';
import { drainPipeline } from '../../src/worker/pipeline.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack-server.ts';
import { buildMention } from '../helpers/build-mention.ts';
import { buildTestDeps, defaultConfig } from '../helpers/test-deps.ts';
import { createTestStore, postgresAvailable, STORE_KINDS } from '../helpers/test-stores.ts';

const SECRET = 'test-signing-secret-1234';

function slackConfig(): Config {
  const config = defaultConfig();
  config.review.reviewers = ['S_CARE'];
  config.review.routes = [{ category: 'billing', channel: 'billing-care' }];
  config.review.escalation_channel = 'C_ESCALATIONS';
  config.review.oncall_group = 'S_ONCALL';
  return config;
}

async function setup(store: Store, fake: FakeSlack, config = slackConfig()) {
  const client = createSlackClient('xoxb-test', { apiUrl: fake.apiUrl, ownRetries: true });
  const review = createSlackReviewChannel({
    client,
    getConfig: () => config,
    now: () => new Date(),
  });
  const built = buildTestDeps(store, {
    review,
    getConfig: () => config,
    classifier: createOfflineClassifier(() => config),
    clock: systemClock,
  });
  const app = await startSlackApp({
    deps: built.deps,
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    port: 0,
    apiUrl: fake.apiUrl,
  });
  return { ...built, app, config };
}

async function complaint(
  store: Store,
  text: string,
  postId = `p${Math.random().toString(36).slice(2)}`,
) {
  const mention = buildMention({ postId, text, postedAt: new Date().toISOString() });
  await ingestMentions(store.db, {
    mentions: [mention],
    sourceKey: 'test',
    cursor: null,
    now: new Date(),
  });
  return mention;
}

/** Sends an interactivity payload to the real Bolt HTTP receiver, signed as Slack signs it. */
async function send(
  app: RunningSlackApp,
  payload: unknown,
  options: { secret?: string; age?: number } = {},
) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = Math.floor(Date.now() / 1000) - (options.age ?? 0);
  const signature = `v0=${createHmac('sha256', options.secret ?? SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${app.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function click(user: string, actionId: string, value: string, channel = 'social-care') {
  const action =
    actionId === ACTIONS.dismiss
      ? {
          action_id: actionId,
          block_id: 'b',
          type: 'static_select',
          selected_option: { value },
          action_ts: '1',
        }
      : { action_id: actionId, block_id: 'b', type: 'button', value, action_ts: '1' };
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    team: { id: 'T1', domain: 'acme' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trigger-${Math.random()}`,
    channel: { id: channel, name: channel },
    container: { type: 'message', channel_id: channel, message_ts: '1.1' },
    message: { ts: '1.1', text: 'card' },
    actions: [action],
  };
}

function submitEdit(user: string, mentionId: string, text: string) {
  return {
    type: 'view_submission',
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    team: { id: 'T1', domain: 'acme' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trigger-edit',
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: 'cr_edit_submit',
      private_metadata: JSON.stringify({ mentionId, channel: 'social-care' }),
      state: { values: { reply: { reply_text: { type: 'plain_text_input', value: text } } } },
      hash: 'h',
    },
  };
}

for (const kind of STORE_KINDS) {
  describe(`Slack review against the fake Slack on ${kind}`, async () => {
    const available = kind === 'sqlite' || (await postgresAvailable());
    let store: Store | undefined;
    let fake: FakeSlack;
    let app: RunningSlackApp | undefined;
    beforeEach(async () => {
      fake = await startFakeSlack();
    });
    afterEach(async () => {
      await app?.stop();
      app = undefined;
      await store?.close();
      await fake.close();
    });

    it.skipIf(!available)(
      'posts exactly one card to the routed channel, and Approve publishes one reply and closes the card',
      async () => {
        store = await createTestStore(kind);
        const s = await setup(store, fake);
        app = s.app;
        const m = await complaint(
          store,
          '@acme you charged me twice for my subscription, I want a refund',
        );
        await drainPipeline(s.deps);
        await drainPipeline(s.deps);
        const cards = fake.messages.filter((msg) => !msg.threadTs);
        expect(cards).toHaveLength(1);
        expect(cards[0]?.channel).toBe('billing-care');
        expect(JSON.stringify(cards[0]?.blocks)).toContain(ACTIONS.approve);

        const res = await send(app, click('U_ALICE', ACTIONS.approve, m.id, 'billing-care'));
        expect(res.status).toBe(200);
        expect(s.publisher.sent).toEqual([{ mentionId: m.id, text: expect.any(String) }]);
        const card = fake.messages.find((msg) => msg.ts === cards[0]?.ts);
        expect(card?.edits).toBeGreaterThan(0);
        const blocks = JSON.stringify(card?.blocks);
        expect(blocks).not.toContain(ACTIONS.approve);
        expect(blocks).toContain('Approved by <@U_ALICE>');

        // A second click (another reviewer, same moment) changes nothing and is told who acted.
        await send(app, click('U_BOB', ACTIONS.approve, m.id, 'billing-care'));
        expect(s.publisher.sent).toHaveLength(1);
        expect(fake.ephemerals.at(-1)).toMatchObject({ user: 'U_BOB' });
        expect(fake.ephemerals.at(-1)?.text).toContain('U_ALICE');
      },
    );

    it.skipIf(!available)(
      'refuses a 300-character edit in the modal and publishes a 200-character one, keeping both versions',
      async () => {
        store = await createTestStore(kind);
        const s = await setup(store, fake);
        app = s.app;
        const m = await complaint(store, '@acme my parcel is late again and nobody answers');
        await drainPipeline(s.deps);
        const handle = m.author.handle;
        const tooLong = `@${handle} ${'Sorry about this. '.repeat(17)}`.slice(0, 300);
        const refused = await send(app, submitEdit('U_ALICE', m.id, tooLong));
        expect(refused.status).toBe(200);
        expect(JSON.parse(refused.text)).toMatchObject({
          response_action: 'errors',
          errors: { reply: expect.stringContaining('280') },
        });
        expect(s.publisher.sent).toHaveLength(0);

        const good =
          `@${handle} We're sorry your parcel is late again. Please DM us your order number and we'll chase it with the courier today.`
            .padEnd(200, ' ')
            .trim();
        const accepted = await send(app, submitEdit('U_ALICE', m.id, good));
        expect(accepted.status).toBe(200);
        expect(s.publisher.sent.map((x) => x.text)).toEqual([good]);
        const audit = await store.db
          .selectFrom('decisions')
          .select(['action', 'text_before', 'text_after', 'reviewer'])
          .where('mention_id', '=', m.id)
          .orderBy('created_at')
          .execute();
        expect(audit[0]).toMatchObject({ action: 'edit', text_after: good, reviewer: 'U_ALICE' });
        expect(audit[0]?.text_before).not.toBe(good);
      },
    );

    it.skipIf(!available)(
      'lets no one else act, and rejects requests with a bad signature or an old timestamp',
      async () => {
        store = await createTestStore(kind);
        const s = await setup(store, fake);
        app = s.app;
        const m = await complaint(store, '@acme the app keeps crashing, third time today');
        await drainPipeline(s.deps);
        await send(app, click('U_EVE', ACTIONS.dismiss, `spam|${m.id}`));
        expect(fake.ephemerals.at(-1)).toMatchObject({ user: 'U_EVE' });
        expect(fake.ephemerals.at(-1)?.text).toContain('not one');
        const bad = await send(app, click('U_ALICE', ACTIONS.approve, m.id), {
          secret: 'wrong-secret',
        });
        const stale = await send(app, click('U_ALICE', ACTIONS.approve, m.id), { age: 10 * 60 });
        expect([bad.status, stale.status]).toEqual([401, 401]);
        const row = await store.db
          .selectFrom('mentions')
          .select('state')
          .where('id', '=', m.id)
          .executeTakeFirstOrThrow();
        expect(row.state).toBe('in_review');
        expect(s.publisher.sent).toHaveLength(0);
        expect(await store.db.selectFrom('decisions').selectAll().execute()).toEqual([]);
      },
    );

    it.skipIf(!available)(
      'gives an overdue card exactly one reminder and one escalation, also with two workers',
      async () => {
        store = await createTestStore(kind);
        const s = await setup(store, fake);
        app = s.app;
        const m = await complaint(store, '@acme still no refund after three weeks');
        await drainPipeline(s.deps);
        const card = await store.db
          .selectFrom('cards')
          .selectAll()
          .where('mention_id', '=', m.id)
          .executeTakeFirstOrThrow();
        const due = Date.parse(card.due_at);
        const posted = Date.parse(m.postedAt);
        const at = (t: number) => ({ ...s.deps, clock: { now: () => new Date(t) } });
        expect(await watchServiceLevels(at(posted + (due - posted) * 0.5))).toEqual({
          reminded: 0,
          breached: 0,
        });
        const reminders = await Promise.all([
          watchServiceLevels(at(posted + (due - posted) * 0.8)),
          watchServiceLevels(at(posted + (due - posted) * 0.8)),
        ]);
        expect(reminders.reduce((n, r) => n + r.reminded, 0)).toBe(1);
        const escalations = await Promise.all([
          watchServiceLevels(at(due + 60_000)),
          watchServiceLevels(at(due + 60_000)),
        ]);
        expect(escalations.reduce((n, r) => n + r.breached, 0)).toBe(1);
        await watchServiceLevels(at(due + 3_600_000));
        const thread = fake.messages.filter((msg) => msg.threadTs === card.message_ref);
        expect(thread).toHaveLength(2);
        expect(thread[0]?.text).toMatch(/^⏳ Reminder:/);
        expect(thread[1]?.text).toMatch(/^🚨 Service level breached/);
        expect(fake.messages.filter((msg) => msg.channel === 'C_ESCALATIONS')).toHaveLength(1);
        expect(thread[1]?.text).toContain('<!subteam^S_ONCALL>');
      },
    );
  });
}

describe('Slack answering 429 for ten seconds', async () => {
  let store: Store | undefined;
  let fake: FakeSlack;
  afterEach(async () => {
    await store?.close();
    await fake.close();
  });

  it('still delivers every card exactly once and in order', async () => {
    fake = await startFakeSlack();
    store = await createTestStore('sqlite');
    const config = slackConfig();
    const client = createSlackClient('xoxb-test', { apiUrl: fake.apiUrl, ownRetries: true });
    const review = createSlackReviewChannel({
      client,
      getConfig: () => config,
      now: () => new Date(),
    });
    const { deps } = buildTestDeps(store, { review, getConfig: () => config, clock: systemClock });
    const texts = Array.from({ length: 6 }, (_, i) => `@acme order ${i} is late again, no answer`);
    const base = Date.now() - 60_000;
    for (const [i, text] of texts.entries())
      await ingestMentions(store.db, {
        mentions: [
          buildMention({
            postId: `order${i}`,
            text,
            postedAt: new Date(base + i * 1000).toISOString(),
          }),
        ],
        sourceKey: 'test',
        cursor: null,
        now: new Date(),
      });
    fake.failFor('chat.postMessage', 10_000, 2);
    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline) {
      await drainPipeline(deps);
      if (fake.messages.length >= texts.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(
      texts.length,
    );
    expect(fake.messages.map((msg) => msg.text.match(/order (\d)/)?.[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    const states = await store.db.selectFrom('mentions').select('state').execute();
    expect(states.every((r) => r.state === 'in_review')).toBe(true);
  }, 40_000);
});
