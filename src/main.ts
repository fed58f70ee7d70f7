#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=10
/**
 * complaint-radar: the composition root. Reading top-down:
 *   1. load the environment and the config,
 *   2. open the store and migrate it,
 *   3. build one adapter per port (real service when configured, local stand-in otherwise),
 *   4. hand them to the worker or to a CLI command.
 * Only this file builds real clients; every stage receives ports.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { createLogger } from './adapters/create-logger.ts';
import { createRedactor, redactingStream, secretValues } from './adapters/redact-secrets.ts';
import type { LlmClient } from './adapters/openai/llm-client.ts';
import { migrateStore, openStore, type Store } from './adapters/store/open-store.ts';
import { recordLlmUsage } from './adapters/store/record-llm-usage.ts';
import { runCli } from './cli/run-cli.ts';
import { type ConfigHolder, createConfigHolder } from './config/config-holder.ts';
import { type Env, loadEnv } from './config/env.ts';
import { configFiles } from './config/load-config.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import type { Drafter } from './drafting/drafter.ts';
import { createLlmDrafter } from './drafting/llm-drafter.ts';
import { createFileDigestPoster, type DigestPoster } from './digest/digest-poster.ts';
import { createTemplateDrafter } from './drafting/template-drafter.ts';
import { createOutboxPublisher } from './publishing/outbox-publisher.ts';
import { createTerminalReviewChannel } from './review/terminal-review-channel.ts';
import { createMetrics } from './ops/metrics.ts';
import { createSourceStatusBoard } from './ops/source-status.ts';
import type { MentionSource, MentionStream } from './sources/mention-source.ts';
import { createXClients, hasXCredentials } from './adapters/x/create-x-client.ts';
import { createXFilteredStream } from './adapters/x/x-filtered-stream.ts';
import { createXReplyPublisher } from './adapters/x/x-reply-publisher.ts';
import { createXTimelineSource } from './adapters/x/x-timeline-source.ts';
import { createReplaySource } from './sources/replay-source.ts';
import { createLlmClassifier } from './triage/llm-classifier.ts';
import { createOfflineClassifier } from './triage/offline-classifier.ts';
import type { WorkerDeps } from './worker/worker-deps.ts';

/** One line of the start banner: what each part is, and how to make it real. */
export type PartStatus = { part: string; real: boolean; what: string; toSwitch?: string };

export type App = {
  deps: WorkerDeps;
  /** The model, when OPENAI_API_KEY is set. */
  llm: LlmClient | null;
  /** Where the daily digest goes: Slack when configured, else files. */
  digestPoster: DigestPoster;
  /** What `start` needs to run the Slack app, when SLACK_BOT_TOKEN is set. */
  slack: { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string } | null;
  config: ConfigHolder;
  env: Env;
  parts: PartStatus[];
  close(): Promise<void>;
};

export type OpenAppOptions = {
  /** Extra config files (`--config`). */
  configFiles?: string[];
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  log?: Logger;
  /** Where the terminal review stand-in prints cards. */
  out?: NodeJS.WritableStream;
  /** Skip migrations (the `db migrate` command runs them itself). */
  migrate?: boolean;
  /** Show what would be published instead of publishing. */
  dryRun?: boolean;
};

export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const env = loadEnv(options.env ?? process.env);
  const config = createConfigHolder(
    configFiles(options.configFiles ?? [], options.env ?? process.env),
  );
  const redact = createRedactor(secretValues(options.env ?? process.env));
  const log = options.log ?? createLogger(env.LOG_LEVEL ?? config.get().log.level, redact);
  const clock = options.clock ?? systemClock;
  const out = (options.out ?? process.stdout) as NodeJS.WritableStream &
    import('node:stream').Writable;

  const store = openStore({
    databaseUrl: env.DATABASE_URL,
    sqlitePath: config.get().store.sqlite_path,
  });
  if (options.migrate !== false) await migrateStore(store);

  const parts: PartStatus[] = [describeStore(store)];
  const llm = await buildLlm(env, config, store, clock);
  const x = buildX(env, config, clock, log, parts);
  const sources = [...x.sources, ...buildReplay(config, clock, parts, x.sources.length > 0)];
  const offline = createOfflineClassifier(config.get);
  const classifier = llm
    ? createLlmClassifier({
        llm,
        offline,
        getConfig: config.get,
        db: store.db,
        log,
        now: () => clock.now(),
      })
    : offline;
  parts.push(
    llm
      ? { part: 'triage', real: true, what: `rules first, ${llm.model} for unclear posts` }
      : {
          part: 'triage',
          real: false,
          what: 'offline rules from config',
          toSwitch: 'OPENAI_API_KEY for model triage',
        },
  );
  const drafter = buildDrafter(llm, config, log, parts);
  const review = env.SLACK_BOT_TOKEN
    ? await buildSlackChannel(env, config, clock)
    : createTerminalReviewChannel(out, clock);
  parts.push({
    part: 'review',
    real: !review.isLocal,
    what: review.describe(),
    toSwitch: review.isLocal
      ? 'SLACK_BOT_TOKEN and SLACK_APP_TOKEN (see README: Connecting Slack)'
      : undefined,
  });
  const publisher =
    x.publisher ?? createOutboxPublisher(config.get().publishing.outbox_file, clock);
  parts.push({
    part: 'publish',
    real: !publisher.isLocal,
    what: publisher.describe(),
    toSwitch: publisher.isLocal
      ? 'X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET'
      : undefined,
  });

  const deps: WorkerDeps = {
    store,
    getConfig: config.get,
    clock,
    log,
    sources,
    streams: x.streams,
    classifier,
    drafter,
    review,
    publisher,
    workerId: env.WORKER_ID ?? `${hostname()}:${process.pid}`,
    dryRun: options.dryRun ?? false,
    metrics: createMetrics(store.db, () => clock.now()),
    sourceStatus: createSourceStatusBoard(),
  };
  const digestPoster = await buildDigestPoster(env, config);
  parts.push({
    part: 'digest',
    real: Boolean(env.SLACK_BOT_TOKEN),
    what: `daily at ${config.get().digest.time} ${config.get().brand.timezone} to ${digestPoster.describe()}`,
  });
  return {
    deps,
    llm,
    digestPoster,
    slack: env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          appToken: env.SLACK_APP_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          apiUrl: env.SLACK_API_URL,
        }
      : null,
    config,
    env,
    parts,
    close: async () => {
      config.close();
      await store.close();
    },
  };
}

function buildDrafter(
  llm: LlmClient | null,
  config: ConfigHolder,
  log: Logger,
  parts: PartStatus[],
): Drafter {
  if (!llm) {
    parts.push({
      part: 'drafts',
      real: false,
      what: 'reviewed templates from config, with guardrails',
      toSwitch: 'OPENAI_API_KEY for model drafts',
    });
    return createTemplateDrafter(config.get);
  }
  parts.push({
    part: 'drafts',
    real: true,
    what: `${llm.model} (prompts/draft.md) with guardrails; templates when a draft fails twice`,
  });
  return createLlmDrafter({ llm, getConfig: config.get, log });
}

/** X sources, stream and publisher when X credentials are set; nothing otherwise. */
function buildX(env: Env, config: ConfigHolder, clock: Clock, log: Logger, parts: PartStatus[]) {
  const credentials = {
    bearerToken: env.X_BEARER_TOKEN,
    apiKey: env.X_API_KEY,
    apiSecret: env.X_API_SECRET,
    accessToken: env.X_ACCESS_TOKEN,
    accessSecret: env.X_ACCESS_SECRET,
    baseUrl: env.X_API_BASE_URL,
  };
  const none = { sources: [] as MentionSource[], streams: [] as MentionStream[], publisher: null };
  if (!hasXCredentials(credentials)) return none;
  const clients = createXClients(credentials);
  const c = config.get();
  const brand = c.brand.handles[0] ?? 'acme';
  const normalise = {
    brandHandles: new Set(c.brand.handles.map((h) => h.toLowerCase())),
    ignoredHandles: new Set(c.triage.ignore.authors.map((h) => h.toLowerCase())),
  };
  const timeline = (endpoint: 'mentions' | 'search', target: string) =>
    createXTimelineSource({
      client: clients.read,
      endpoint,
      target,
      normalise,
      lookbackMinutes: c.sources.x.first_lookback_minutes,
      pageSize: c.sources.x.page_size,
      now: () => clock.now(),
    });
  const sources = [
    ...(c.sources.x.mentions ? [timeline('mentions', brand)] : []),
    ...c.sources.x.search_queries.map((q) => timeline('search', q)),
  ];
  const streams = c.sources.x.stream.enabled
    ? [
        createXFilteredStream({
          client: clients.read,
          rules: c.sources.x.stream.rules,
          normalise,
          log,
          keepAliveTimeoutMs: c.sources.x.stream.keepalive_timeout_seconds * 1000,
        }),
      ]
    : [];
  const where = env.X_API_BASE_URL ? ` at ${env.X_API_BASE_URL}` : '';
  parts.push({
    part: 'sources',
    real: true,
    what: `X${where}: ${[...sources, ...streams].map((s) => s.describe()).join(', ') || 'nothing enabled in sources.x'}`,
  });
  const publisher = clients.write ? createXReplyPublisher(clients.write, brand) : null;
  return { sources, streams, publisher };
}

/** Loaded only when used: the Slack client is a large module graph a terminal-only bot never needs. */
async function buildSlackChannel(env: Env, config: ConfigHolder, clock: Clock) {
  const { createSlackClient } = await import('./adapters/slack/create-slack-client.ts');
  const { createSlackReviewChannel } = await import('./adapters/slack/slack-review-channel.ts');
  // The worker owns retries: a rate-limited card waits in the store, in order.
  const client = createSlackClient(env.SLACK_BOT_TOKEN, {
    apiUrl: env.SLACK_API_URL,
    ownRetries: true,
  });
  return createSlackReviewChannel({ client, getConfig: config.get, now: () => clock.now() });
}

async function buildDigestPoster(env: Env, config: ConfigHolder): Promise<DigestPoster> {
  const { channel, folder } = config.get().digest;
  if (!env.SLACK_BOT_TOKEN) return createFileDigestPoster(folder);
  const { createSlackClient } = await import('./adapters/slack/create-slack-client.ts');
  const { createSlackDigestPoster } = await import('./adapters/slack/slack-digest-poster.ts');
  return createSlackDigestPoster(
    createSlackClient(env.SLACK_BOT_TOKEN, { apiUrl: env.SLACK_API_URL }),
    channel,
  );
}

function buildReplay(
  config: ConfigHolder,
  clock: Clock,
  parts: PartStatus[],
  xIsOn: boolean,
): MentionSource[] {
  const { file, always } = config.get().sources.replay;
  if (!file || (xIsOn && !always)) return [];
  parts.push({
    part: 'sources',
    real: false,
    what: `replay file ${file} (sample mentions)`,
    toSwitch: xIsOn ? undefined : 'X_BEARER_TOKEN (see .env.example)',
  });
  return [createReplaySource(file, clock)];
}

async function buildLlm(
  env: Env,
  config: ConfigHolder,
  store: Store,
  clock: Clock,
): Promise<LlmClient | null> {
  if (!env.OPENAI_API_KEY) return null;
  // Loaded only when used: the openai client is a large module graph a keyless bot never needs.
  const { createOpenAiLlm } = await import('./adapters/openai/create-openai-llm.ts');
  return createOpenAiLlm({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    config: config.get().llm,
    onUsage: (purpose, model, usage) =>
      recordLlmUsage(store.db, purpose, model, usage, clock.now()),
  });
}

function describeStore(store: Store): PartStatus {
  return store.kind === 'postgres'
    ? { part: 'store', real: true, what: `PostgreSQL ${store.location}` }
    : {
        part: 'store',
        real: true,
        what: `embedded SQLite ${store.location}`,
        toSwitch: 'DATABASE_URL for PostgreSQL',
      };
}

if (import.meta.main) {
  // Whatever a command prints passes the same redaction as the logs (secrets from .env included).
  try {
    loadEnv();
  } catch {
    // The command reports a bad environment itself.
  }
  const redact = createRedactor(secretValues(process.env));
  process.exitCode = await runCli(
    process.argv.slice(2),
    { openApp },
    {
      stdout: redactingStream(process.stdout, redact),
      stderr: redactingStream(process.stderr, redact),
    },
  );
}
