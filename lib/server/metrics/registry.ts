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
import { boundedTemplates } from './route-template';

export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  requestErrors: Counter<'method' | 'route' | 'status'>;
  actions: Counter<'action' | 'outcome' | 'dry_run'>;
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
  return { registry, ...requests, template: boundedTemplates() };
}

/** What the server itself records as requests, writes and streams happen. */
function requestMetrics(registers: Registry[]): Omit<Metrics, 'registry' | 'template'> {
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
  const actions = new Counter({
    name: 'nodelanes_actions_total',
    help: 'Writes (actions on a cluster) by audit name and outcome: ok, refused (4xx) or failed (5xx).',
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
  return { requestDuration, requestErrors, actions, sseClients, snapshotBytes };
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

/** One write, by its audit name (`deployment.restart`). */
export function countAction(action: string, status: number, dryRun: boolean): void {
  metrics().actions.inc({ action, outcome: outcomeOf(status), dry_run: String(dryRun) });
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
