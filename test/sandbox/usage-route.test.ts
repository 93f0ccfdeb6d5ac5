// GET topology/usage against a running sandbox: node usage always, pod usage when asked (every
// namespace or one), from the server's shared read of metrics.k8s.io (lib/server/usage-hub.ts) —
// the numbers kubectl sees — and bad queries refused as JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as usage } from '@/app/api/clusters/[cluster]/topology/usage/route';
import { podMetricsUsage } from '@/lib/domain/usage';
import { callRoute } from '../support/route-call';
import { eventually } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
});

afterAll(async () => {
  await env?.stop();
});

const get = (search = '') => callRoute(usage, { cluster: 'sandbox' }, { path: `/api/clusters/sandbox/topology/usage${search}` });

describe('GET topology/usage', () => {
  it('answers nodes only unless pods are asked for', async () => {
    // Nodes have a sample once Ready, a moment after the sandbox starts.
    await eventually('a node sample', async () => Object.keys((await get()).body.nodes).length > 0, 30_000);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(true);
    expect(Object.keys(res.body.nodes).length).toBeGreaterThan(0);
    expect(res.body.pods).toBeUndefined();
  });

  it('gives every running pod its usage with pods=all, the same numbers as metrics.k8s.io', async () => {
    await eventually('a running frontend pod with a sample', async () => (await get('?pods=all')).body.pods?.usage[`apps/${await firstFrontend()}`] !== undefined, 30_000);
    const res = await get('?pods=all');
    expect(res.status).toBe(200);
    expect(res.body.pods).toMatchObject({ scope: 'all', available: true });
    const raw = JSON.parse(await env.kubectl.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/pods']));
    const keys = raw.items.map((i: { metadata: { namespace: string; name: string } }) => `${i.metadata.namespace}/${i.metadata.name}`).sort();
    expect(Object.keys(res.body.pods.usage).sort()).toEqual(keys);
    expect(keys.some((k: string) => k.startsWith('kube-system/'))).toBe(true);
    // One sample window (30 simulated s) is 3 s here: compare against a read of the same window.
    const item = raw.items.find((i: { metadata: { namespace: string } }) => i.metadata.namespace === 'apps');
    const again = await get('?pods=all');
    const key = `${item.metadata.namespace}/${item.metadata.name}`;
    const expected = podMetricsUsage(item);
    const ours = again.body.pods.usage[key];
    expect(ours.memoryBytes).toBeGreaterThan(0);
    expect(Math.abs(ours.memoryBytes - expected.memoryBytes) / expected.memoryBytes).toBeLessThan(0.1);
  });

  it('reads one namespace with pods=<namespace>', async () => {
    const res = await get('?pods=apps');
    expect(res.status).toBe(200);
    expect(res.body.pods.scope).toBe('apps');
    const keys = Object.keys(res.body.pods.usage);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('apps/'))).toBe(true);
  });

  it('refuses a bad pods value and unknown parameters with a JSON 400', async () => {
    for (const search of ['?pods=Not_A_Namespace', '?pods=', '?pods=a/b', '?node=x']) {
      const res = await get(search);
      expect(res.status, search).toBe(400);
      expect(res.body.error.code, search).toBe('invalid_request');
    }
  });
});

async function firstFrontend(): Promise<string> {
  const pods = await env.kubectl.json<{ items: Array<{ metadata: { name: string }; status: { phase: string } }> }>(['get', 'pods', '-n', 'apps', '-l', 'app=frontend']);
  return pods.items.find((p) => p.status.phase === 'Running')?.metadata.name ?? '';
}
