// The server's Prometheus metrics, one set per process. They live on globalThis like the topology
// hub: Next's dev server re-evaluates modules on every edit, and a production build may load this
// module from more than one bundle (route handlers, instrumentation); a module-level registry
// would then count in several places and show one of them.
//
// Labels are bounded: routes by template (route-template.ts), actions by their audit name, clusters
// and kinds by what the server is configured with. Informer figures are read from the hub when
// Prometheus scrapes, so they cost nothing between scrapes.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerInformerMetrics } from './informer-metrics';
import { registerPoolMetrics } from './pool-metrics';
import { ACTION_OUTCOMES, actionKindOf, drainOutcome, writeEnd } from '@/lib/domain/action-kind';
import { actionMetrics, recordFinished, type ActionMetrics } from './action-metrics';
import { boundedTemplates } from './route-template';

export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  requestErrors: Counter<'method' | 'route' | 'status'>;
  writes: Counter<'action' | 'outcome' | 'dry_run'>;
  actions: ActionMetrics;
  sseClients: Gauge<'cluster'>;
  snapshotBytes: Gauge<'cluster' | 'encoding'>;
  template: (template: string) => string;
}

const globalKey = Symbol.for('nodelanes.metrics');
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: Metrics };

export function metrics(): Metrics {
  const g = globalThis as GlobalWithMetrics;
  g[globalKey] ??= createMetrics();
  return g[globalKey];
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names three gauges `_total`, which Prometheus keeps for counters (promtool check
  // metrics refuses them); each is the sum of its per-type gauge of the same name without it.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const registers = [registry];
  const requests = requestMetrics(registers);
  registerInformerMetrics(registers);
  registerPoolMetrics(registers);
  return { registry, ...requests, actions: actionMetrics(registers), template: boundedTemplates() };
}

/** What the server itself records as requests, writes and streams happen. */
function requestMetrics(registers: Registry[]): Omit<Metrics, 'registry' | 'template' | 'actions'> {
  const requestDuration = new Histogram({
    name: 'nodelanes_http_request_duration_seconds',
    help: 'API request latency until the response starts (an SSE stream counts until its headers), by route template.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const requestErrors = new Counter({
    name: 'nodelanes_http_errors_total',
    help: 'API responses with a 4xx or 5xx status, by route template.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const writes = new Counter({
    name: 'nodelanes_write_requests_total',
    help: 'Write requests (dry runs and refusals included) by audit name and outcome: ok, refused (4xx) or failed (5xx).',
    labelNames: ['action', 'outcome', 'dry_run'] as const,
    registers,
  });
  const sseClients = new Gauge({
    name: 'nodelanes_sse_clients',
    help: 'Topology streams (browser tabs) open now.',
    labelNames: ['cluster'] as const,
    registers,
  });
  const snapshotBytes = new Gauge({
    name: 'nodelanes_snapshot_bytes',
    help: 'Size of the last topology snapshot sent on a stream: raw JSON and, when the browser asked for it, gzipped.',
    labelNames: ['cluster', 'encoding'] as const,
    registers,
  });
  return { requestDuration, requestErrors, writes, sseClients, snapshotBytes };
}

export type ActionOutcome = 'ok' | 'refused' | 'failed';

export const outcomeOf = (status: number): ActionOutcome => (status < 400 ? 'ok' : status < 500 ? 'refused' : 'failed');

/** One API request, as the route wrapper saw it. */
export function observeRequest(method: string, template: string, status: number, seconds: number): void {
  const m = metrics();
  const labels = { method, route: m.template(template), status: String(status) };
  m.requestDuration.observe(labels, seconds);
  if (status >= 400) m.requestErrors.inc(labels);
}

/**
 * One write request, by its audit name (`deployment.restart`), and the action it ran: finished
 * with its answer, or (a drain) started, to be finished by `drainEnded`.
 */
export function countWrite(write: { action: string | undefined; cluster: string | undefined; status: number; dryRun: boolean; seconds: number }): void {
  const m = metrics();
  m.writes.inc({ action: write.action ?? 'unnamed', outcome: outcomeOf(write.status), dry_run: String(write.dryRun) });
  const kind = actionKindOf(write.action);
  if (!kind || !write.cluster) return;
  const end = writeEnd(kind, write.status, write.dryRun);
  if ('finished' in end) recordFinished(m.actions, write.cluster, kind, end.finished, write.seconds);
  if ('ran' in end) return;
  for (const outcome of ACTION_OUTCOMES) m.actions.finished.inc({ cluster: write.cluster, kind, outcome }, 0);
}

/** A drain's run ended on this replica, `seconds` after it started. */
export function drainEnded(cluster: string, end: 'drained' | 'cancelled' | 'failed' | 'let-go', seconds: number): void {
  // A runner that let go did not end the drain: the replica that takes it over counts it.
  if (end === 'let-go') return;
  recordFinished(metrics().actions, cluster, 'drain', drainOutcome(end), seconds);
}

/** A topology stream opened; the returned function closes it (once, however often it is called). */
export function sseClientOpened(cluster: string): () => void {
  const gauge = metrics().sseClients;
  gauge.inc({ cluster });
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    gauge.dec({ cluster });
  };
}

export function snapshotSent(cluster: string, rawBytes: number, gzipBytes?: number): void {
  const gauge = metrics().snapshotBytes;
  gauge.set({ cluster, encoding: 'raw' }, rawBytes);
  if (gzipBytes !== undefined) gauge.set({ cluster, encoding: 'gzip' }, gzipBytes);
}
