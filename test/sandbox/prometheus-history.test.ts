// The review's history kept in a real Prometheus (Debian's `prometheus`, installed by npm test):
// Prometheus scrapes the dashboard's /api/metrics once a second while the sandbox launches a node
// for new pods; the review route then draws exactly what a PromQL range query over the same range
// returns, and still does after the dashboard restarts. The dashboard is a separate process
// serving the app's metrics and review routes (test/support/dashboard-routes-main.ts, plain Node
// rather than `next start`, which needs a build): the restart stops that process and starts a new
// one on the same port, with no informer, sample or metric of the old one. The sandbox cluster and
// Prometheus keep running, as they would in a cluster.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as reviewRoute } from '@/app/api/clusters/[cluster]/review/route';
import { GET as poolHistoryRoute } from '@/app/api/clusters/[cluster]/pool-history/route';
import { poolHistoryQuery } from '@/lib/server/prometheus/pool-history';
import { samplesFromLines, type HistorySample, type QueryRange } from '@/lib/domain/review-history';
import { callRoute } from '../support/route-call';
import { rawDeployment } from '../support/objects';
import { until } from '../support/until';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { startDashboardProcess, type DashboardProcess } from '../support/dashboard-process';

const POOL = 'general-purpose';
let env: RouteSandbox;
let dashboard: DashboardProcess | undefined;
let dashboardPort = 0;
let prometheus: ChildProcess | undefined;
let promUrl = '';
let tmp = '';
const saved = { HOSTNAME: process.env.HOSTNAME, NODELANES_PROMETHEUS_URL: process.env.NODELANES_PROMETHEUS_URL };

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function promQuery(pathAndQuery: string, form: Record<string, string>) {
  const res = await fetch(`${promUrl}${pathAndQuery}`, { method: 'POST', body: new URLSearchParams(form) });
  const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }> } };
  expect(body.status).toBe('success');
  return body.data.result;
}

type History = { origin: { kind: string; window: string; range: QueryRange }; samples: HistorySample[] };

/** The chart's history as the dashboard process answers it (the API the review page reads). */
async function review(d: DashboardProcess): Promise<History> {
  const res = await fetch(`${d.url}/api/clusters/sandbox/review?window=1h`);
  expect(res.status, d.output()).toBe(200);
  return ((await res.json()) as { history: History }).history;
}

/** The same range asked of Prometheus directly, as the chart's samples. */
async function directly(range: QueryRange): Promise<HistorySample[]> {
  const matrix = async (metric: 'nodelanes_pool_nodes' | 'nodelanes_pool_cost_dollars_per_hour') =>
    (await promQuery('/api/v1/query_range', { query: poolHistoryQuery(metric, 'sandbox'), start: String(range.start), end: String(range.end), step: String(range.step) })).map((r) => ({
      pool: r.metric.pool,
      values: r.values ?? [],
    }));
  return samplesFromLines(await matrix('nodelanes_pool_nodes'), await matrix('nodelanes_pool_cost_dollars_per_hour'));
}

const poolNodesNow = async () => Number((await promQuery('/api/v1/query', { query: poolHistoryQuery('nodelanes_pool_nodes', 'sandbox') })).find((r) => r.metric.pool === POOL)?.value?.[1] ?? NaN);

/** The dashboard's environment: the sandbox's cluster (set by startRouteSandbox) and this Prometheus. */
const dashboardEnv = () => ({ HOSTNAME: '127.0.0.1', NODELANES_PROMETHEUS_URL: promUrl, NODELANES_LOG_REQUESTS: '0' });

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
  // The scrape comes from this machine: the dashboard listens on loopback, so no token is needed.
  process.env.HOSTNAME = '127.0.0.1';
  // One port for every dashboard process: Prometheus scrapes the same target across the restart.
  dashboardPort = await freePort();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-prometheus-'));
  fs.writeFileSync(
    path.join(tmp, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: nodelanes\n    metrics_path: /api/metrics\n    static_configs:\n      - targets: ['127.0.0.1:${dashboardPort}']\n`,
  );
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn('prometheus', [`--config.file=${path.join(tmp, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(tmp, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  prometheus.stderr!.on('data', (d) => (stderr += String(d)));
  prometheus.on('error', (err) => (stderr += `\n${err.message} (Debian package prometheus must be installed: npm test installs it)`));
  await until('Prometheus ready', async () => (await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok === true, 30_000, async () => stderr);
  process.env.NODELANES_PROMETHEUS_URL = promUrl;
  dashboard = await startDashboardProcess(dashboardPort, dashboardEnv());
}, 120_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  await new Promise((r) => (prometheus && prometheus.exitCode === null ? prometheus.once('exit', r) : r(undefined)));
  await dashboard?.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await env?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the review history in Prometheus', () => {
  it('draws what a range query returns, through a node launch, and keeps it when the dashboard process restarts', async () => {
    const before = await until('the first scrape of the pool series', async () => {
      const n = await poolNodesNow();
      return Number.isFinite(n) ? n : undefined;
    }, 30_000);

    // New pods that fit on no general-purpose node: Auto Mode launches one.
    const big = rawDeployment('history-burst', 2, { cpu: '3', memory: '4Gi' });
    big.metadata.namespace = 'apps';
    big.spec.template.spec.nodeSelector = { 'karpenter.sh/nodepool': POOL };
    const created = await fetch(`${env.sandbox.url}/apis/apps/v1/namespaces/apps/deployments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(big) });
    expect(created.status, await created.text()).toBe(201);
    await until(`Prometheus seeing more than ${before} ${POOL} nodes`, async () => ((await poolNodesNow()) > before ? true : undefined), 90_000, async () => env.sandbox.store.list('nodes').map((n) => n.metadata.name));

    // A range ends on a whole step (15 s for the hour): let the step of the scrape that saw the new
    // node end, so the newest point includes it.
    await new Promise((r) => setTimeout(r, 16_000));
    const history = await review(dashboard!);
    expect(history.origin).toMatchObject({ kind: 'prometheus', window: '1h' });
    expect(history.origin.range.step).toBe(15);
    expect(history.samples).toEqual(await directly(history.origin.range));
    const counts = history.samples.map((s) => s.pools[POOL]?.nodes).filter((n) => n !== undefined);
    expect(counts.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts), JSON.stringify({ range: history.origin.range, now: Date.now() / 1000, last: history.samples.slice(-3) })).toBeGreaterThan(before);

    // The restart: the dashboard process ends (its informers, kept samples and metrics with it), a
    // new one starts on the same address. Its chart still has the points from before it started.
    const oldPid = dashboard!.pid;
    await dashboard!.stop();
    dashboard = await startDashboardProcess(dashboardPort, dashboardEnv());
    expect(dashboard.pid).not.toBe(oldPid);
    const after = await review(dashboard);
    expect(after.origin.kind).toBe('prometheus');
    expect(after.samples).toEqual(await directly(after.origin.range));
    const kept = new Map(after.samples.map((s) => [s.t, s.pools[POOL]?.nodes]));
    const shared = history.samples.filter((s) => kept.has(s.t));
    expect(shared.length).toBeGreaterThanOrEqual(Math.min(history.samples.length, 1));
    for (const s of shared) expect(kept.get(s.t), String(s.t)).toBe(s.pools[POOL]?.nodes);
    // Points from before the restart, the new node among them.
    expect(Math.max(...shared.map((s) => s.pools[POOL]?.nodes ?? 0))).toBeGreaterThan(before);
  }, 240_000);

  it('answers an activity’s pool history from its start with what a range query returns', async () => {
    const since = Date.now() - 5 * 60_000;
    const res = await callRoute(poolHistoryRoute, { cluster: 'sandbox' }, { path: `/api/clusters/sandbox/pool-history?since=${since}` });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('prometheus');
    const range = res.body.range as QueryRange;
    expect(range.start).toBeLessThanOrEqual(since / 1000);
    expect(res.body.samples.length).toBeGreaterThanOrEqual(1);
    expect(res.body.samples).toEqual(await directly(range));
  }, 60_000);

  it('falls back to what the server kept, saying why, when Prometheus does not answer', async () => {
    process.env.NODELANES_PROMETHEUS_URL = 'http://127.0.0.1:9/';
    try {
      const res = await callRoute(reviewRoute, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/review' });
      expect(res.status).toBe(200);
      expect(res.body.history.origin.kind).toBe('memory');
      expect(res.body.history.error).toMatch(/^Prometheus did not answer \(connection failed\); showing what this server kept since it started\.$/);
      const activity = await callRoute(poolHistoryRoute, { cluster: 'sandbox' }, { path: `/api/clusters/sandbox/pool-history?since=${Date.now() - 60_000}` });
      expect(activity.body).toEqual({ kind: 'unavailable', reason: 'Prometheus did not answer (connection failed)' });
    } finally {
      process.env.NODELANES_PROMETHEUS_URL = promUrl;
    }
  }, 60_000);
});
