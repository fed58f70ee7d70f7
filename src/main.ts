#!/usr/bin/env -S node --max-semi-space-size=8 --optimize-for-size
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
import { createTemplateDrafter } from './drafting/template-drafter.ts';
import { createOutboxPublisher } from './publishing/outbox-publisher.ts';
import { createTerminalReviewChannel } from './review/terminal-review-channel.ts';
import { createMetrics } from './ops/metrics.ts';
import { createSourceStatusBoard } from './ops/source-status.ts';
import type { MentionSource } from './sources/mention-source.ts';
import { createReplaySource } from './sources/replay-source.ts';
import { createOfflineClassifier } from './triage/offline-classifier.ts';
import type { WorkerDeps } from './worker/worker-deps.ts';

/** One line of the start banner: what each part is, and how to make it real. */
export type PartStatus = { part: string; real: boolean; what: string; toSwitch?: string };

export type App = {
  deps: WorkerDeps;
  /** The model, when OPENAI_API_KEY is set. */
  llm: LlmClient | null;
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
  const sources = buildSources(config, clock, parts);
  const classifier = createOfflineClassifier(config.get);
  parts.push({ part: 'triage', real: false, what: 'offline rules from config' });
  const drafter = buildDrafter(llm, config, log, parts);
  const review = createTerminalReviewChannel(out, clock);
  parts.push({ part: 'review', real: false, what: review.describe() });
  const publisher = createOutboxPublisher(config.get().publishing.outbox_file, clock);
  parts.push({ part: 'publish', real: false, what: publisher.describe() });

  const deps: WorkerDeps = {
    store,
    getConfig: config.get,
    clock,
    log,
    sources,
    classifier,
    drafter,
    review,
    publisher,
    workerId: env.WORKER_ID ?? `${hostname()}:${process.pid}`,
    dryRun: options.dryRun ?? false,
    metrics: createMetrics(store.db, () => clock.now()),
    sourceStatus: createSourceStatusBoard(),
  };
  return {
    deps,
    llm,
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

function buildSources(config: ConfigHolder, clock: Clock, parts: PartStatus[]): MentionSource[] {
  const replayFile = config.get().sources.replay.file;
  if (!replayFile) return [];
  parts.push({ part: 'sources', real: false, what: `replay file ${replayFile} (sample mentions)` });
  return [createReplaySource(replayFile, clock)];
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
