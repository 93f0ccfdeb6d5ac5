// Usage is read from the API server once per cluster, however many topology streams are open: each
// stream gets the same samples as `usage` events, cut down to its user's scope. Counted on the
// sandbox's side (requests to metrics.k8s.io), with 1 stream and then with 10.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as stream } from '@/app/api/clusters/[cluster]/topology/stream/route';
import { GET as usage } from '@/app/api/clusters/[cluster]/topology/usage/route';
import { GET as topology } from '@/app/api/clusters/[cluster]/topology/route';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { UsageAnswer } from '@/lib/domain/usage-scope';
import { namespacesIn } from '@/lib/domain/visibility';
import { accessOf, clearAccessCache, type AccessReviewer } from '@/lib/server/access';
import { currentUser } from '@/lib/server/auth';
import { getCluster } from '@/lib/server/clusters';
import { followTopology } from '@/lib/server/topology-hub';
import { configureUsageHub, stopUsage } from '@/lib/server/usage-hub';
import { callRoute, TEST_ORIGIN } from '../support/route-call';
import { eventually } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

const INTERVAL_MS = 400;
const NODE_METRICS = '/apis/metrics.k8s.io/v1beta1/nodes';
const POD_METRICS = '/apis/metrics.k8s.io/v1beta1/pods';

let env: RouteSandbox;

beforeAll(async () => {
  configureUsageHub({ intervalMs: INTERVAL_MS });
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
}, 60_000);

afterAll(async () => {
  configureUsageHub({ intervalMs: 15_000 });
  await env?.stop();
});

/** An open topology stream and the usage events it delivered so far. */
async function openStream(): Promise<{ usage: UsageAnswer[]; close(): Promise<void> }> {
  const response = await stream(new Request(`${TEST_ORIGIN}/api/clusters/sandbox/topology/stream`), { params: Promise.resolve({ cluster: 'sandbox' }) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const usage: UsageAnswer[] = [];
  let text = '';
  let closed = false;
  const pump = (async () => {
    while (!closed) {
      const next = await reader.read();
      if (next.done) return;
      text += decoder.decode(next.value, { stream: true });
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        const m = /^event: usage\ndata: (.*)$/m.exec(frame);
        if (m) usage.push(JSON.parse(m[1]) as UsageAnswer);
      }
    }
  })();
  return {
    usage,
    async close() {
      closed = true;
      await reader.cancel();
      await pump.catch(() => undefined);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Requests to node metrics while `ms` pass. */
async function nodeReadsDuring(ms: number): Promise<number> {
  const before = env.sandbox.requestsTo(NODE_METRICS);
  await sleep(ms);
  return env.sandbox.requestsTo(NODE_METRICS) - before;
}

describe('usage read once per cluster and fanned out on the streams', () => {
  it('reads node metrics as often with 10 streams as with 1, and every stream gets the samples', { timeout: 60_000 }, async () => {
    const first = await openStream();
    await eventually('a usage event with node samples', async () => first.usage.some((u) => Object.keys(u.nodes).length > 0), 30_000);
    const one = await nodeReadsDuring(8 * INTERVAL_MS);
    const more = await Promise.all(Array.from({ length: 9 }, openStream));
    await eventually('every stream has a usage event', async () => more.every((s) => s.usage.length > 0), 10_000);
    const ten = await nodeReadsDuring(8 * INTERVAL_MS);
    // About one read per interval either way (timers drift under load); 10 streams polling
    // themselves would read ~10 times as often.
    expect(one).toBeGreaterThan(0);
    expect(ten).toBeLessThanOrEqual(one + 3);
    expect(ten).toBeLessThanOrEqual(8 + 3);
    expect(env.sandbox.requestsTo(POD_METRICS)).toBe(0);
    const [a, b] = [first.usage.at(-1)!, more[0].usage.at(-1)!];
    expect(Object.keys(a.nodes).sort()).toEqual(Object.keys(b.nodes).sort());
    await Promise.all([first, ...more].map((s) => s.close()));
  });

  it('serves GET topology/usage from the same sample: repeated requests do not reach the API server', { timeout: 60_000 }, async () => {
    stopUsage();
    const get = (search = '') => callRoute(usage, { cluster: 'sandbox' }, { path: `/api/clusters/sandbox/topology/usage${search}` });
    const before = env.sandbox.requestsTo(NODE_METRICS);
    const podsBefore = env.sandbox.requestsTo(POD_METRICS);
    const answers = await Promise.all(Array.from({ length: 10 }, () => get('?pods=all')));
    for (const a of answers) expect(Object.keys(a.body.pods.usage).length).toBeGreaterThan(0);
    expect(env.sandbox.requestsTo(NODE_METRICS) - before).toBe(1);
    expect(env.sandbox.requestsTo(POD_METRICS) - podsBefore).toBe(1);
  });

  it("gives a user who may list pods only in `apps` and no nodes neither node usage nor other namespaces' pods", { timeout: 60_000 }, async () => {
    const snapshot = (await callRoute(topology, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology' })).body as TopologySnapshot;
    const namespaces = namespacesIn(snapshot);
    expect(namespaces).toContain('kube-system');
    const user = (await currentUser(new Request(TEST_ORIGIN)))!;
    clearAccessCache();
    const appsOnly: AccessReviewer = async (attrs) => attrs.resource === 'pods' && attrs.namespace === 'apps';
    await accessOf(getCluster('sandbox')!, user, namespaces, appsOnly);
    try {
      const res = await callRoute(usage, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology/usage?pods=all' });
      expect(res.status).toBe(200);
      expect(res.body.nodes).toEqual({});
      const keys = Object.keys(res.body.pods.usage);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.startsWith('apps/'))).toBe(true);
      // The access answer is cached per namespace list, and a stream asks about the namespaces of
      // the snapshot it opens on (the hub's held one, which may be older than GET topology's):
      // give the same answer for that list too.
      const held = await followTopology('sandbox', () => undefined, () => undefined);
      held.unsubscribe();
      await accessOf(getCluster('sandbox')!, user, namespacesIn(held.snapshot), appsOnly);
      const s = await openStream();
      await eventually('a usage event', async () => s.usage.length > 0, 10_000);
      expect(s.usage.every((u) => Object.keys(u.nodes).length === 0 && u.pods === undefined), JSON.stringify(s.usage).slice(0, 600)).toBe(true);
      await s.close();
    } finally {
      clearAccessCache();
    }
  });
});
