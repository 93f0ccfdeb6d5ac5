// Controllers, where the sandbox simulates them: a rollout restart ends in the same replica
// counts and conditions, and an unschedulable pod gets the same kind of FailedScheduling event.
import { expect, it } from 'vitest';
import { send, type Server } from './http';
import { NS, deploymentsPath, workerNode } from './fixtures';
import type { Pair } from './servers';
import { until } from '../support/until';

const STRATEGIC = 'application/strategic-merge-patch+json';


const rolling = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: name } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        nodeSelector: { 'diff-role': 'worker' },
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      },
    },
  },
});

/** kubectl rollout status's own test, ending in "successfully rolled out". */
const rolledOut = (d: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
  d.status?.observedGeneration >= d.metadata.generation &&
  d.status?.updatedReplicas === d.spec.replicas &&
  d.status?.replicas === d.status?.updatedReplicas &&
  d.status?.availableReplicas === d.status?.updatedReplicas;

async function rollout(server: Server, name: string) {
  for (const n of ['diff-worker-1', 'diff-worker-2']) await send(server, { method: 'POST', path: '/api/v1/nodes', body: workerNode(n) });
  await send(server, { method: 'POST', path: deploymentsPath, body: rolling(name) });
  const get = async () => (await send(server, { path: `${deploymentsPath}/${name}` })).json;
  await until(`${server.name}: ${name} available`, async () => ((d) => (rolledOut(d) && d.status.availableReplicas === 3 ? d : undefined))(await get()));
  await send(server, {
    method: 'PATCH',
    path: `${deploymentsPath}/${name}?fieldManager=kubectl-rollout`,
    contentType: STRATEGIC,
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-25T00:00:00Z' } } } } },
  });
  const done = await until(`${server.name}: ${name} restarted`, async () => ((d) => (d.metadata.generation === 2 && rolledOut(d) ? d : undefined))(await get()));
  const rs = (await send(server, { path: `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3D${name}` })).json.items;
  return {
    status: {
      observedGeneration: done.status.observedGeneration,
      replicas: done.status.replicas,
      updatedReplicas: done.status.updatedReplicas,
      readyReplicas: done.status.readyReplicas,
      availableReplicas: done.status.availableReplicas,
    },
    conditions: (done.status.conditions ?? [])
      .map((c: { type: string; status: string; reason: string }) => `${c.type}=${c.status}:${c.reason}`)
      .sort(),
    replicaSets: rs.map((r: { spec: { replicas: number } }) => r.spec.replicas).sort(),
  };
}

async function failedScheduling(server: Server, name: string): Promise<{ type: string; reason: string; message: string }> {
  await send(server, {
    method: 'POST',
    path: `/api/v1/namespaces/${NS}/pods`,
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        nodeSelector: { 'eks.amazonaws.com/node-class': 'ai-ml-node-class' },
        containers: [{ name: 'app', image: 'nginx:1.27' }],
      },
    },
  });
  return until(`${server.name}: FailedScheduling for ${name}`, async () => {
    const res = await send(server, {
      path: `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name},reason=FailedScheduling`)}`,
    });
    const e = res.json?.items?.[0];
    return e ? { type: e.type, reason: e.reason, message: e.message } : undefined;
  });
}

export function controllerCases(pair: () => Pair) {
  it('rollout restart (maxSurge 1, maxUnavailable 0) ends in the same replica counts and conditions', async () => {
    const [real, sandbox] = await Promise.all([rollout(pair().real, 'restarted'), rollout(pair().sandbox, 'restarted')]);
    expect(real.status).toEqual({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(real.replicaSets).toEqual([0, 3]);
    expect(sandbox).toEqual(real);
  }, 120_000);

  it('an unschedulable pod gets a FailedScheduling event of the same kind', async () => {
    const [real, sandbox] = await Promise.all([failedScheduling(pair().real, 'wrong-key'), failedScheduling(pair().sandbox, 'wrong-key')]);
    expect(real.type).toBe('Warning');
    // 1.20 says "didn't match Pod's node affinity.", 1.32 (what the sandbox reports) says
    // "didn't match Pod's node affinity/selector." and adds a preemption clause: same kind of
    // message, newer words.
    const shape = /^0\/\d+ nodes are available: \d+ node\(s\) didn't match Pod's node affinity(\/selector)?\./;
    expect(real.message).toMatch(shape);
    expect(sandbox.type).toBe(real.type);
    expect(sandbox.reason).toBe(real.reason);
    expect(sandbox.message).toMatch(shape);
    // Each server counts all of its own nodes.
    const count = (m: string) => Number(m.match(/^0\/(\d+) nodes/)?.[1]);
    const nodes = async (server: Server) => (await send(server, { path: '/api/v1/nodes' })).json.items.length;
    expect(count(real.message)).toBe(await nodes(pair().real));
    expect(count(sandbox.message)).toBe(await nodes(pair().sandbox));
  }, 90_000);
}
