// The sandbox's DaemonSet controller against kube-controller-manager 1.20's, each with its
// scheduler and node stand-in: on two labelled workers and a tainted one, the same nodes get a
// pod, each pod is pinned by the same node affinity, carries the same added tolerations and
// labels, and the DaemonSet's status and defaults come out alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { both, startPair, type Pair } from './servers';
import { send, type Server } from './http';
import { until } from '../support/until';

const NS = 'diff-ds';
const ROLE = 'diff-ds-role';
let pair: Pair;

const worker = (name: string, taints: object[] = [], cordoned = false) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { [ROLE]: 'agent', 'kubernetes.io/hostname': name } },
  spec: { ...(taints.length ? { taints } : {}), ...(cordoned ? { unschedulable: true } : {}) },
  status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' }, allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
});

const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: {
        nodeSelector: { [ROLE]: 'agent' },
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'agent', image: 'fluent-bit:3.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      },
    },
  },
};

interface Seen {
  nodes: string[];
  names: string[];
  affinity: unknown[];
  tolerations: unknown[];
  labelKeys: string[][];
  generation: string[];
  spec: unknown;
  status: Record<string, unknown>;
}

async function observe(server: Server): Promise<Seen> {
  for (const n of NODES.slice(0, 2)) await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker(n) });
  await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker('diff-ds-tainted', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]) });
  // Cordoned: the scheduler lets a pod that tolerates the unschedulable taint through.
  await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker('diff-ds-cordoned', [], true) });
  await send(server, { method: 'POST', path: `/apis/apps/v1/namespaces/${NS}/daemonsets`, body: daemonSet });
  return settled(server, 'fluent-bit:3.0');
}

/** The pods and the DaemonSet once three pods run `image` and the status says so. */
async function settled(server: Server, image: string): Promise<Seen> {
  const pods = await until(`${server.name}: three running agent pods of ${image}`, async () => {
    const res = await send(server, { path: `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dagent` });
    const items = res.json?.items ?? [];
    const done = (p: { metadata: { deletionTimestamp?: string }; status: { phase: string }; spec: { containers: { image: string }[] } }) =>
      p.status.phase === 'Running' && !p.metadata.deletionTimestamp && p.spec.containers[0].image === image;
    return items.length === 3 && items.every(done) ? items : undefined;
  }, 90_000);
  const ds = await until(`${server.name}: status with three updated and available`, async () => {
    const res = await send(server, { path: `/apis/apps/v1/namespaces/${NS}/daemonsets/agent` });
    const st = res.json?.status;
    return st?.numberAvailable === 3 && st?.updatedNumberScheduled === 3 && st?.observedGeneration === res.json.metadata.generation ? res.json : undefined;
  }, 60_000);
  type P = { metadata: { name: string; labels: Record<string, string> }; spec: { nodeName: string; affinity: unknown; tolerations: unknown[] } };
  const sorted = (pods as P[]).sort((a, b) => a.spec.nodeName.localeCompare(b.spec.nodeName));
  // The pin names the pod's own node: compare it with the node replaced by a placeholder.
  const pinShape = (p: P) => JSON.parse(JSON.stringify(p.spec.affinity).split(JSON.stringify(p.spec.nodeName)).join('"<node>"'));
  return {
    nodes: sorted.map((p) => p.spec.nodeName),
    names: sorted.map((p) => p.metadata.name.replace(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/, 'agent-<5>')),
    affinity: sorted.map(pinShape),
    tolerations: sorted.map((p) => p.spec.tolerations),
    labelKeys: sorted.map((p) => Object.keys(p.metadata.labels).sort()),
    generation: sorted.map((p) => p.metadata.labels['pod-template-generation']),
    spec: { updateStrategy: ds.spec.updateStrategy, revisionHistoryLimit: ds.spec.revisionHistoryLimit },
    status: ds.status,
  };
}

beforeAll(async () => {
  pair = await startPair();
  await both(pair, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
}, 120_000);

const NODES = ['diff-ds-1', 'diff-ds-2', 'diff-ds-tainted', 'diff-ds-cordoned'];

afterAll(async () => {
  // The real control plane is shared by the files after this one: leave no tainted or cordoned
  // node behind (the scheduler's "0/N nodes are available" counts them).
  if (pair) {
    for (const n of NODES) await both(pair, { method: 'DELETE', path: `/api/v1/nodes/${n}` });
    await both(pair, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` });
  }
  await pair?.stop();
});

describe('DaemonSet controller, sandbox vs kube-controller-manager 1.20', () => {
  it('places, pins, tolerates, labels and reports alike', async () => {
    const [real, sandbox] = await Promise.all([observe(pair.real), observe(pair.sandbox)]);
    expect(real.nodes).toEqual(['diff-ds-1', 'diff-ds-2', 'diff-ds-cordoned']);
    expect(sandbox.nodes).toEqual(real.nodes);
    expect(sandbox.names).toEqual(real.names);
    expect(sandbox.affinity).toEqual(real.affinity);
    expect(sandbox.tolerations).toEqual(real.tolerations);
    expect(sandbox.labelKeys).toEqual(real.labelKeys);
    expect(sandbox.generation).toEqual(real.generation);
    // maxSurge is defaulted (to 0) from 1.22 on, when the surge feature went beta; 1.20 leaves it
    // out. The sandbox speaks 1.32.
    const { maxSurge, ...rest } = (sandbox.spec as { updateStrategy: { rollingUpdate: { maxSurge?: number } } }).updateStrategy.rollingUpdate;
    expect(maxSurge).toBe(0);
    expect({ ...(sandbox.spec as object), updateStrategy: { type: 'RollingUpdate', rollingUpdate: rest } }).toEqual(real.spec);
    expect(sandbox.status).toEqual(real.status);
  }, 180_000);

  it('a new image rolls every node to it, and the status and labels end alike', async () => {
    const patch = { method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/daemonsets/agent`, contentType: 'application/strategic-merge-patch+json' };
    const body = { spec: { template: { spec: { containers: [{ name: 'agent', image: 'fluent-bit:3.1' }] } } } };
    const [real, sandbox] = await Promise.all(
      [pair.real, pair.sandbox].map(async (server) => {
        const res = await send(server, { ...patch, body });
        expect(res.status).toBe(200);
        return settled(server, 'fluent-bit:3.1');
      }),
    );
    expect(real.generation).toEqual(['2', '2', '2']);
    expect(sandbox.nodes).toEqual(real.nodes);
    expect(sandbox.generation).toEqual(real.generation);
    expect(sandbox.labelKeys).toEqual(real.labelKeys);
    expect(sandbox.status).toEqual(real.status);
  }, 180_000);
});
