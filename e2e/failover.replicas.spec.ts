// Two replicas of the dashboard (separate `next start` processes, nothing shared but the cluster)
// behind a proxy the test switches, as a load balancer without sticky sessions would when a
// replica goes away: the page's stream resumes on the other replica from a fresh snapshot, and a
// kubectl change then shows on the page; an action recorded through one replica is found by the
// other (the record lives on the cluster's objects, not in a process).
import { expect, test } from './fixtures';
import { CLUSTERS_PORTS } from '../playwright.clusters.config';
import { startSwitchProxy, type SwitchProxy } from '../test/support/switch-proxy';

const STREAM = '/api/clusters/sandbox/topology/stream';
let proxy: SwitchProxy;

test.beforeEach(async () => {
  proxy = await startSwitchProxy(CLUSTERS_PORTS.proxy, CLUSTERS_PORTS.replicaA);
});
test.afterEach(async () => {
  await proxy.close();
});

test('the stream moves to the other replica and the page keeps following the cluster', async ({ lanes, kubectl }) => {
  await lanes.open('sandbox');
  expect(proxy.count(CLUSTERS_PORTS.replicaA, STREAM)).toBeGreaterThan(0);
  const onA = proxy.count(CLUSTERS_PORTS.replicaA, STREAM);

  proxy.switchTo(CLUSTERS_PORTS.replicaB);
  // The browser's EventSource reconnects by itself, through the proxy, to B: a new snapshot.
  await expect.poll(() => proxy.count(CLUSTERS_PORTS.replicaB, STREAM), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(lanes.live).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  const pods = await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=frontend']);
  const victim = pods.items[0].metadata.name;
  await expect(lanes.pod(`apps/${victim}`)).toHaveCount(1);
  await kubectl.ok(['delete', 'pod', victim, '-n', 'apps', '--wait=false']);
  await expect(lanes.pod(`apps/${victim}`)).toHaveCount(0);
  await expect(lanes.podsOf('frontend')).toHaveCount(pods.items.length);
  // Only B served it: A saw no stream request since the switch.
  expect(proxy.count(CLUSTERS_PORTS.replicaA, STREAM)).toBe(onA);
});

test('an action taken through one replica is found by the other', async ({ page, kubectl }) => {
  const nodes = await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=general-pool']);
  const node = nodes.items[0].metadata.name;
  await page.goto('/clusters/sandbox/review');
  const cordon = await page.evaluate(async (name) => {
    const res = await fetch(`/api/clusters/sandbox/nodes/${name}/cordon`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { activityId?: string } };
  }, node);
  expect(cordon.status).toBe(200);
  expect(proxy.count(CLUSTERS_PORTS.replicaA, `/api/clusters/sandbox/nodes/${node}/cordon`)).toBe(1);
  try {
    proxy.switchTo(CLUSTERS_PORTS.replicaB);
    const activity = await page.request.get(`/api/clusters/sandbox/activity/${cordon.body.activityId}`);
    expect(activity.status()).toBe(200);
    expect(await activity.json()).toMatchObject({ id: cordon.body.activityId, objects: [{ kind: 'Node', name: node }] });
    expect(proxy.count(CLUSTERS_PORTS.replicaB, '/api/clusters/sandbox/activity/')).toBe(1);
    await page.goto(`/clusters/sandbox/activity/${cordon.body.activityId}`);
    await expect(page.getByText(node).first()).toBeVisible();
  } finally {
    await kubectl.ok(['uncordon', node]);
  }
});
