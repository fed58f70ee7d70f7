import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { describeError } from '../domain/errors.ts';
import type { WorkerDeps } from '../worker/worker-deps.ts';

export type Health = {
  live: boolean;
  ready: boolean;
  store: { ok: boolean; detail: string };
  sources: { key: string; ok: boolean; detail: string; waitUntil: string | null }[];
  review: { ok: boolean; detail: string };
};

/**
 * Liveness is "the store answers"; readiness adds "every source polled without
 * error and the review channel is connected". A rate-limit wait is healthy (the
 * bot is doing the right thing) and shown with its end time.
 */
export async function checkHealth(deps: WorkerDeps): Promise<Health> {
  let store: Health['store'];
  try {
    await sql`select 1`.execute(deps.store.db);
    store = { ok: true, detail: `${deps.store.kind} reachable` };
  } catch (error) {
    store = { ok: false, detail: describeError(error) };
  }
  const now = deps.clock.now();
  const sources = deps.sources.map((source) => {
    const status = deps.sourceStatus.get(source.key);
    const waitUntil = status?.waitUntil && status.waitUntil > now ? status.waitUntil : null;
    const detail = !status
      ? 'not polled yet'
      : status.lastError
        ? `last poll failed: ${status.lastError}`
        : waitUntil
          ? `rate limited until ${waitUntil.toISOString()}`
          : `ok, last poll ${status.lastOkAt?.toISOString()}`;
    return {
      key: source.key,
      ok: Boolean(status && !status.lastError),
      detail,
      waitUntil: waitUntil?.toISOString() ?? null,
    };
  });
  const review = deps.review.health
    ? await deps.review.health()
    : { ok: true, detail: deps.review.describe() };
  const ready = store.ok && review.ok && sources.every((s) => s.ok);
  return { live: store.ok, ready, store, sources, review };
}

export type OpsServer = { url: string; close(): Promise<void> };

/** Serves /healthz (liveness; `?ready` for readiness), /readyz and /metrics. */
export async function startOpsServer(
  deps: WorkerDeps,
  options: { port: number; host: string },
): Promise<OpsServer> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/metrics') {
        const body = await deps.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(body);
      } else if (url.pathname === '/healthz' || url.pathname === '/readyz') {
        const health = await checkHealth(deps);
        const wantReady = url.pathname === '/readyz' || url.searchParams.has('ready');
        const ok = wantReady ? health.ready : health.live;
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(`${JSON.stringify(health, null, 2)}\n`);
      } else {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end('Try /healthz, /readyz or /metrics.\n');
      }
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`${describeError(error)}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
