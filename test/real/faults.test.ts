// Faults only a real control plane has, on each one test-real.sh started (strict: watch cache off,
// 5 s compaction; defaults: the API server's own, watch cache on): API-server restarts with
// changes made the moment it is back, and a deletion the dashboard's watch never saw. The
// dashboard's informers run as in production (backoff, timeouts), following the server through a
// proxy the test can cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTopology, topologyInformerStats } from '@/lib/server/topology-hub';
import { controlPlanesFromEnv, compactEtcd, restartApiServer, type ControlPlane } from '../support/convergence/control-plane';
import { CONVERGENCE_BOUND_MS, dashboardThroughProxy, must, type ProxiedDashboard } from '../support/convergence/run';
import { rawDeployment, rawNode } from '../support/objects';
import { until } from '../support/until';
import { send } from './http';

const NS = 'faults';
/** Enough restarts in a row for a backoff that never starts over to reach its 30 s cap. */
const ROUNDS = 6;
const merge = 'application/merge-patch+json';

async function podNames(plane: ControlPlane): Promise<string[]> {
  const list = (await must(plane, { path: `/api/v1/namespaces/${NS}/pods` })) as { items: Array<{ metadata: { name: string } }> };
  return list.items.map((p) => p.metadata.name).sort();
}

async function shownPods(): Promise<string[]> {
  return (await getTopology('real')).pods.filter((p) => p.namespace === NS).map((p) => p.name).sort();
}

/** The web deployment's wanted replicas and its pods, on the server and as the dashboard shows them. */
async function serverState(plane: ControlPlane): Promise<string> {
  const web = (await must(plane, { path: `/apis/apps/v1/namespaces/${NS}/deployments/web` })) as { spec: { replicas: number } };
  return `${web.spec.replicas} wanted: ${(await podNames(plane)).join(' ')}`;
}

async function shownState(): Promise<string> {
  const web = (await getTopology('real')).deployments.find((d) => d.namespace === NS && d.name === 'web');
  return `${web?.replicas} wanted: ${(await shownPods()).join(' ')}`;
}

function podStats() {
  const informer = topologyInformerStats().find((c) => c.cluster === 'real')?.informers.find((i) => i.resource === 'pods');
  if (!informer) throw new Error('no pods informer for cluster real');
  return { expired: informer.relists.expired ?? 0, vanished: informer.vanished };
}

/**
 * How long the dashboard trailed the server: polls both until the server's state is `done` and the
 * dashboard shows the same, and returns the time from the server's last change to that moment.
 */
async function dashboardLag(what: string, server: () => Promise<string>, shown: () => Promise<string>, done: (server: string) => boolean, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  let changedAt = Date.now();
  for (;;) {
    const now = await server();
    if (now !== last) {
      last = now;
      changedAt = Date.now();
    }
    const seen = await shown();
    if (done(now) && seen === now) return Date.now() - changedAt;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server: ${now}; dashboard: ${seen}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(controlPlanesFromEnv().map((p) => [p.name, p] as const))('faults on the %s control plane', (_, plane) => {
  let dashboard: ProxiedDashboard;

  beforeAll(async () => {
    dashboard = await dashboardThroughProxy(plane);
    await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` }, [404]);
    await until(`namespace ${NS} gone`, async () => (await send(plane.server, { path: `/api/v1/namespaces/${NS}` })).status === 404, 120_000);
    await must(plane, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    await must(plane, { method: 'POST', path: '/api/v1/nodes', body: rawNode('faults-node', {}, { cpu: '8', memory: '16Gi', pods: '50' }) }, [409]);
    await must(plane, { method: 'POST', path: `/apis/apps/v1/namespaces/${NS}/deployments`, body: rawDeployment('web', 3) });
    await until('three running web pods in the snapshot', async () => (await getTopology('real')).pods.filter((p) => p.namespace === NS && p.phase === 'Running').length === 3, 90_000);
  });

  afterAll(async () => {
    await dashboard?.close();
    // Other files list this server's nodes and namespaces: leave nothing behind.
    await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` }, [404]);
    await must(plane, { method: 'DELETE', path: '/api/v1/nodes/faults-node' }, [404]);
  });

  it('drops a pod deleted right after each of six API-server restarts (killed and stopped), and shows the scaled deployment', async () => {
    const recovered: number[] = [];
    const lags: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A pod of its own, bound to the node (no scheduler, no controller), that the dashboard shows.
      const victim = `victim-${round}`;
      await must(plane, {
        method: 'POST',
        path: `/api/v1/namespaces/${NS}/pods`,
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: victim }, spec: { nodeName: 'faults-node', containers: [{ name: 'c', image: 'busybox' }] } },
      });
      await until(`${victim} in the snapshot`, async () => (await shownPods()).includes(victim), CONVERGENCE_BOUND_MS);
      // Killed, not stopped, every other time: a stopped server ends its watches cleanly, a killed one cuts them.
      restartApiServer(plane, round % 2 === 1 ? 'kill' : 'stop');
      const backAt = Date.now();
      // `kubectl delete pod --wait=false`: a graceful delete; the node stand-in finishes it.
      await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}/pods/${victim}` });
      const replicas = round % 2 === 1 ? 5 : 3;
      await must(plane, { method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`, contentType: merge, body: { spec: { replicas } } });
      // The deletion is finished by the node stand-in and the new replicas wanted are the
      // deployment's own field: neither waits for the real controllers, which can take minutes to
      // act again after a restart (their pods are compared whenever they come).
      const lag = await dashboardLag(
        `round ${round}: ${victim} gone and ${replicas} replicas wanted, on the server and in the snapshot`,
        () => serverState(plane),
        shownState,
        (server) => !server.includes(victim) && server.startsWith(`${replicas} wanted:`),
      );
      lags.push(lag);
      recovered.push(Date.now() - backAt);
    }
    console.log(
      `[faults ${plane.name}] after each restart, the server showed the change ${recovered.map((ms) => `${ms} ms`).join(', ')} after it was back; the snapshot agreed ${lags.map((ms) => `${ms} ms`).join(', ')} after the server's last change`,
    );
    // The real controllers take their own time after a restart; the dashboard must not add its own.
    for (const ms of lags) expect(ms).toBeLessThan(CONVERGENCE_BOUND_MS);
  }, 300_000);

  it('catches a deletion its watch never saw, and counts it when only a relist could', async () => {
    const before = podStats();
    const victim = (await podNames(plane))[0];
    // The dashboard is cut off; meanwhile the pod goes and etcd forgets the history.
    dashboard.proxy.hold();
    dashboard.proxy.cut();
    await must(plane, { method: 'DELETE', path: `/api/v1/namespaces/${NS}/pods/${victim}`, body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 } });
    await new Promise((r) => setTimeout(r, 500));
    await compactEtcd(plane);
    dashboard.proxy.release();
    const reconnectedAt = Date.now();
    await until(`${victim} gone from the snapshot`, async () => !(await shownPods()).includes(victim), CONVERGENCE_BOUND_MS);
    const after = podStats();
    console.log(`[faults ${plane.name}] missed deletion caught ${Date.now() - reconnectedAt} ms after the network was back; pods relisted ${after.expired - before.expired}×, vanished +${after.vanished - before.vanished}`);
    if (after.expired > before.expired) {
      // Only the relist could know: it found the pod gone and counted it, and the page is told why.
      expect(after.vanished).toBeGreaterThan(before.vanished);
      const note = (await getTopology('real')).sync?.find((n) => n.resource === 'pods');
      expect(note?.relisted).toMatchObject({ reason: 'expired' });
      expect(note?.relisted?.vanished).toBeGreaterThanOrEqual(1);
    } else {
      // The watch resumed from history (the watch cache kept it) and delivered the DELETED event.
      expect(after.vanished).toBe(before.vanished);
    }
  }, 120_000);
});
