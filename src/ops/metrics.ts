import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../adapters/store/database.ts';
import { MENTION_STATES } from '../domain/lifecycle.ts';

/**
 * The Prometheus metrics of one worker. Counters and histograms are fed by the
 * worker as it goes; gauges that describe the shared store (states, backlog,
 * breaches, tokens) are read from the database when scraped, so every worker
 * reports the same truth.
 */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(db: Db, now: () => Date) {
  const registry = new Registry();
  // The process's own: resident memory, heap, CPU, event-loop lag, open handles.
  collectDefaultMetrics({ register: registry });
  const stepSeconds = new Histogram({
    name: 'complaint_radar_step_seconds',
    help: 'Time one worker step took for a batch (model and API time included).',
    labelNames: ['step'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const stepItems = new Counter({
    name: 'complaint_radar_step_items_total',
    help: 'Items a step handled, by outcome (done, retried, failed).',
    labelNames: ['step', 'outcome'],
    registers: [registry],
  });
  const ingestToCardSeconds = new Histogram({
    name: 'complaint_radar_ingest_to_card_seconds',
    help: 'Time from ingesting a mention to its review card being posted.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const apiErrors = new Counter({
    name: 'complaint_radar_api_errors_total',
    help: 'Failed calls to outside services (x, slack, openai, store), by service.',
    labelNames: ['service'],
    registers: [registry],
  });
  new Gauge({
    name: 'complaint_radar_mentions',
    help: 'Mentions in the store, by lifecycle state.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('mentions')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      const counts = new Map(rows.map((r) => [r.state, Number(r.n)]));
      for (const state of MENTION_STATES) this.set({ state }, counts.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'complaint_radar_review_backlog',
    help: 'Items waiting for a person (in review or escalated).',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('mentions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', 'in', ['in_review', 'escalated'])
        .executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  new Gauge({
    name: 'complaint_radar_service_level_breaches',
    help: 'Items waiting for a person past their service-level due time.',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('cards')
        .innerJoin('mentions', 'mentions.id', 'cards.mention_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('mentions.state', 'in', ['in_review', 'escalated'])
        .where('cards.due_at', '<', now().toISOString())
        .executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  new Gauge({
    name: 'complaint_radar_llm_tokens_24h',
    help: 'LLM tokens used in the last 24 hours, by purpose and direction.',
    labelNames: ['purpose', 'direction'],
    registers: [registry],
    async collect() {
      const since = new Date(now().getTime() - 86_400_000).toISOString();
      const rows = await db
        .selectFrom('llm_usage')
        .select([
          'purpose',
          (eb) => eb.fn.sum<number>('input_tokens').as('input'),
          (eb) => eb.fn.sum<number>('output_tokens').as('output'),
        ])
        .where('at', '>=', since)
        .groupBy('purpose')
        .execute();
      this.reset();
      for (const r of rows) {
        this.set({ purpose: r.purpose, direction: 'input' }, Number(r.input ?? 0));
        this.set({ purpose: r.purpose, direction: 'output' }, Number(r.output ?? 0));
      }
    },
  });
  return { registry, stepSeconds, stepItems, ingestToCardSeconds, apiErrors };
}
