// The probes and the metrics through the route wrapper against a running sandbox: liveness without
// a session, readiness before and after the default cluster's sync (and while it is unreachable),
// what a scrape shows after a topology read, a stream and actions, the optional scrape token, and
// request ids handed back to the client.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { GET as healthz } from '@/app/api/healthz/route';
import { GET as readyz } from '@/app/api/readyz/route';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { GET as topology } from '@/app/api/clusters/[cluster]/topology/route';
import { GET as stream } from '@/app/api/clusters/[cluster]/topology/stream/route';
import { POST as restart } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/restart/route';
import { GET as reviewRoute } from '@/app/api/clusters/[cluster]/review/route';
import { stopTopology } from '@/lib/server/topology-hub';
import { readiness, resetReadiness } from '@/lib/server/metrics/readiness';
import { countWrite, drainEnded } from '@/lib/server/metrics/registry';
import { spawnSync } from 'node:child_process';
import { proxy } from '@/proxy';
import { callRoute } from '../support/route-call';
import { sampleValue } from '../support/prom-text';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
});

afterAll(async () => {
  await env?.stop();
});

/** Runs `fn` with some variables set, putting them back afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

const SIGN_IN_ON = { NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/', NEXTAUTH_SECRET: undefined };

/** A scrape from this machine: the server listens on loopback only, as npm start's does. */
const scrape = async (headers: Record<string, string> = {}) => {
  const res = await withEnv({ HOSTNAME: '127.0.0.1' }, () => callRoute(metricsRoute, {}, { path: '/api/metrics', headers }));
  expect(res.status).toBe(200);
  return res.body as string;
};

describe('GET /api/healthz', () => {
  it('answers 200 {status: ok} without a session, where other routes want sign-in', async () => {
    await withEnv(SIGN_IN_ON, async () => {
      const health = await callRoute(healthz, {}, { path: '/api/healthz' });
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      expect((await callRoute(topology, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology' })).status).toBe(401);
    });
  });

  it('proxy.ts lets the probes and the scrape through without a session; pages still go to sign-in', async () => {
    // Listening on loopback, as npm start does, so that `localhost` is a name the server answers.
    await withEnv({ ...SIGN_IN_ON, HOSTNAME: '127.0.0.1' }, async () => {
      for (const path of ['/api/healthz', '/api/readyz', '/api/metrics']) {
        const res = await proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { host: 'localhost:3000' } }));
        expect(res.status, path).toBe(200);
        expect(res.headers.get('location'), path).toBeNull();
      }
      const page = await proxy(new NextRequest('http://localhost:3000/clusters/sandbox/lanes', { headers: { host: 'localhost:3000' } }));
      expect(page.status).toBe(307);
      expect(page.headers.get('location')).toContain('/signin');
    });
  });
});

describe('GET /api/readyz', () => {
  it('stays ready while the default cluster cannot be reached, reporting it and naming no address', async () => {
    stopTopology();
    resetReadiness();
    await withEnv({ NODELANES_SANDBOX_KUBECONFIG: '/nonexistent/kubeconfig' }, async () => {
      const res = await callRoute(readyz, {}, { path: '/api/readyz' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ready', defaultCluster: 'unreachable' });
    });
  });

  it('is ready, reporting the cluster as syncing, once the first sync has taken longer than the wait', async () => {
    stopTopology();
    resetReadiness();
    const start = Date.now();
    expect(readiness(start)).toMatchObject({ ready: false, body: { reason: 'initial sync in progress', defaultCluster: 'syncing' } });
    expect(readiness(start + 119_000).ready).toBe(false);
    const late = readiness(start + 121_000);
    // Unless the sync finished meanwhile (then it is simply synced), the wait is over and the replica serves.
    expect(late.ready).toBe(true);
    expect(['syncing', 'synced']).toContain(late.body.defaultCluster);
    stopTopology();
    resetReadiness();
  });

  it('is 503 with per-kind progress until the first sync is done, then 200 — and asking starts the sync', async () => {
    // The scenario's controllers make ReplicaSets and pods a moment after start: wait for them,
    // so "listed > 0" below is about the sync, not about how soon this test ran.
    for (let i = 0; i < 100 && env.sandbox.store.list('pods').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(env.sandbox.store.list('pods').length).toBeGreaterThan(0);
    stopTopology();
    resetReadiness();
    const first = await callRoute(readyz, {}, { path: '/api/readyz' });
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 'not-ready', reason: 'initial sync in progress', defaultCluster: 'syncing' });
    expect(first.body.kinds.pods).toEqual({ listed: 0, done: false });
    expect(Object.keys(first.body.kinds)).toEqual(expect.arrayContaining(['nodes', 'pods', 'deployments', 'nodepools', 'events']));
    const text = JSON.stringify(first.body);
    expect(text).not.toMatch(/127\.0\.0\.1|sandbox|https?:/);

    let last = first;
    for (let i = 0; i < 100 && last.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await callRoute(readyz, {}, { path: '/api/readyz' });
    }
    expect(last.status).toBe(200);
    expect(last.body.status).toBe('ready');
    expect(last.body.defaultCluster).toBe('synced');
    expect(last.body.kinds.pods.done).toBe(true);
    expect(last.body.kinds.pods.listed, JSON.stringify(last.body)).toBeGreaterThan(0);
    expect(Object.values(last.body.kinds as Record<string, { done: boolean }>).every((k) => k.done)).toBe(true);
  });
});

describe('GET /api/metrics', () => {
  it('shows the series a topology read, a stream and actions leave, labelled by route template', async () => {
    const before = await scrape();
    const count = (text: string, labels: Record<string, string>) => sampleValue(text, 'nodelanes_write_requests_total', labels) ?? 0;

    expect((await callRoute(topology, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology' })).status).toBe(200);
    const restartPath = '/api/clusters/sandbox/deployments/apps/frontend/restart';
    expect((await callRoute(restart, { cluster: 'sandbox', namespace: 'apps', name: 'frontend' }, { path: restartPath, body: { dryRun: true } })).status).toBe(200);
    expect((await callRoute(restart, { cluster: 'sandbox', namespace: 'apps', name: 'frontend' }, { path: restartPath, body: { generation: 'one' } })).status).toBe(400);
    expect((await callRoute(restart, { cluster: 'sandbox', namespace: 'apps', name: 'no-such' }, { path: '/api/clusters/sandbox/deployments/apps/no-such/restart', body: {} })).status).toBe(404);

    // A stream: counted while open, and its snapshot's size recorded raw and gzipped.
    const response = await stream(new Request('http://localhost:3000/api/clusters/sandbox/topology/stream?encoding=gzip'), { params: Promise.resolve({ cluster: 'sandbox' }) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    while (!received.includes('event: snapshot-gzip')) received += new TextDecoder().decode((await reader.read()).value);
    const open = await scrape();
    expect(sampleValue(open, 'nodelanes_sse_clients', { cluster: 'sandbox' })).toBe(1);
    const raw = sampleValue(open, 'nodelanes_snapshot_bytes', { cluster: 'sandbox', encoding: 'raw' })!;
    const gzip = sampleValue(open, 'nodelanes_snapshot_bytes', { cluster: 'sandbox', encoding: 'gzip' })!;
    expect(raw).toBeGreaterThan(1_000);
    expect(gzip).toBeGreaterThan(0);
    expect(gzip).toBeLessThan(raw);
    await reader.cancel();

    const after = await scrape();
    expect(sampleValue(after, 'nodelanes_sse_clients', { cluster: 'sandbox' })).toBe(0);
    const topologyRoute = { method: 'GET', route: '/api/clusters/[cluster]/topology', status: '200' };
    expect(sampleValue(after, 'nodelanes_http_request_duration_seconds_count', topologyRoute)).toBe((sampleValue(before, 'nodelanes_http_request_duration_seconds_count', topologyRoute) ?? 0) + 1);
    const restartRoute = '/api/clusters/[cluster]/deployments/[namespace]/[name]/restart';
    expect(sampleValue(after, 'nodelanes_http_errors_total', { method: 'POST', route: restartRoute, status: '400' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, 'nodelanes_http_errors_total', { method: 'POST', route: restartRoute, status: '404' })).toBeGreaterThanOrEqual(1);
    const ok = { action: 'deployment.restart', outcome: 'ok', dry_run: 'true' };
    const refused = { action: 'deployment.restart', outcome: 'refused', dry_run: 'false' };
    expect(count(after, ok)).toBe(count(before, ok) + 1);
    expect(count(after, refused)).toBe(count(before, refused) + 2);
    // Informers of the synced cluster, per kind.
    expect(sampleValue(after, 'nodelanes_cluster_synced', { cluster: 'sandbox' })).toBe(1);
    expect(sampleValue(after, 'nodelanes_informer_stale', { cluster: 'sandbox', resource: 'pods' })).toBe(0);
    expect(sampleValue(after, 'nodelanes_informer_relists_total', { cluster: 'sandbox', resource: 'pods', reason: 'expired' })).toBe(0);
    expect(sampleValue(after, 'nodelanes_informer_relist_vanished_objects_total', { cluster: 'sandbox', resource: 'pods' })).toBe(0);
    expect(sampleValue(after, 'nodelanes_informer_watch_restarts_total', { cluster: 'sandbox', resource: 'pods' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(after, 'nodelanes_informer_last_event_age_seconds', { cluster: 'sandbox', resource: 'pods' })).toBeLessThan(60);
    expect(after).toContain('process_resident_memory_bytes');
    // No raw paths: names of deployments and namespaces never become labels.
    expect(after).not.toMatch(/route="[^"]*(frontend|no-such|\/apps\/)/);
  });

  it('keeps each pool’s figures as the review counts them, and passes promtool’s lint', async () => {
    const review = (await callRoute(reviewRoute, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/review' })).body as {
      pools: Array<{ pool: string; poolSource: string; nodes: number; hourly: number; requested: { cpuMillis: number; memoryBytes: number }; allocatable: { cpuMillis: number; memoryBytes: number } }>;
    };
    // Actions by kind as they end, so their counter and histogram are linted with samples too.
    countWrite({ action: 'node.cordon', cluster: 'sandbox', status: 200, dryRun: false, seconds: 0.05 });
    drainEnded('sandbox', 'failed', 42);
    const text = await scrape();
    expect(sampleValue(text, 'nodelanes_action_duration_seconds_count', { cluster: 'sandbox', kind: 'drain', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(review.pools.length).toBeGreaterThanOrEqual(3);
    for (const p of review.pools) {
      const labels = { cluster: 'sandbox', pool: p.pool, pool_source: p.poolSource };
      expect(sampleValue(text, 'nodelanes_pool_nodes', labels), p.pool).toBe(p.nodes);
      expect(sampleValue(text, 'nodelanes_pool_allocatable_cpu_cores', labels)).toBeCloseTo(p.allocatable.cpuMillis / 1000, 6);
      expect(sampleValue(text, 'nodelanes_pool_requested_memory_bytes', labels)).toBe(p.requested.memoryBytes);
      expect(sampleValue(text, 'nodelanes_pool_cost_dollars_per_hour', labels)).toBeCloseTo(p.hourly, 6);
      expect(sampleValue(text, 'nodelanes_pool_consolidation_candidates', labels)).toBeGreaterThanOrEqual(0);
    }
    for (const reason of ['FailedScheduling', 'Nominated', 'Unschedulable', 'Unknown']) expect(sampleValue(text, 'nodelanes_pending_pods', { cluster: 'sandbox', reason })).toBeGreaterThanOrEqual(0);

    // Prometheus' own linter: names, units, _total on counters, HELP on every family.
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(lint.error, 'promtool (Debian package prometheus) must be installed: npm test installs it').toBeUndefined();
    expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
    expect(lint.status).toBe(0);
  });

  it('refuses a server reachable from elsewhere without NODELANES_METRICS_TOKEN (403, JSON naming it)', async () => {
    await withEnv({ NODELANES_METRICS_TOKEN: undefined, HOSTNAME: '0.0.0.0' }, async () => {
      const res = await callRoute(metricsRoute, {}, { path: '/api/metrics' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('metrics_token_required');
      expect(res.body.error.message).toContain('NODELANES_METRICS_TOKEN');
    });
  });

  it('wants the bearer token when NODELANES_METRICS_TOKEN is set', async () => {
    await withEnv({ NODELANES_METRICS_TOKEN: 'scrape-token-0123456789', HOSTNAME: '0.0.0.0' }, async () => {
      const none = await callRoute(metricsRoute, {}, { path: '/api/metrics' });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthenticated');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await callRoute(metricsRoute, {}, { path: '/api/metrics', headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
      const ok = await callRoute(metricsRoute, {}, { path: '/api/metrics', headers: { authorization: 'Bearer scrape-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
      expect(ok.body).toContain('nodelanes_http_request_duration_seconds');
    });
  });
});

describe('X-Request-Id', () => {
  it('is on every answer; a sane incoming one is kept, anything else replaced', async () => {
    const fresh = await callRoute(healthz, {}, { path: '/api/healthz' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await callRoute(healthz, {}, { path: '/api/healthz', headers: { 'x-request-id': 'trace-abc.123_XYZ' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123_XYZ');
    for (const bad of ['has spaces; <script>', 'x'.repeat(65), 'short', 'ünïcode-request-id']) {
      const replaced = await callRoute(healthz, {}, { path: '/api/healthz', headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id'), bad).toMatch(/^[0-9a-f-]{36}$/);
    }
    const refused = await callRoute(restart, { cluster: 'sandbox', namespace: 'apps', name: 'frontend' }, { body: { bogus: 1 }, headers: { 'x-request-id': 'client-request-0001' } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('client-request-0001');
  });
});
