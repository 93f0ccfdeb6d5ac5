// Placement by inter-pod rules, where the sandbox's scheduler must decide as kube-scheduler does:
// hostname anti-affinity puts one replica per node and leaves the rest Pending with a
// FailedScheduling event that names the rule; a zone spread with maxSkew 1 ends evenly spread.
// Each case brings its own worker nodes (the node stand-in / kubelet stand-in makes them Ready)
// under its own role label, so the cases never share a node with each other or with the rest.
import { expect, it } from 'vitest';
import { send, type Server } from './http';
import { NS } from './fixtures';
import type { Pair } from './servers';
import { until } from '../support/until';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const deployPath = `/apis/apps/v1/namespaces/${NS}/deployments`;

const worker = (name: string, role: string, zone?: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'diff-role': role, [HOST]: name, ...(zone ? { [ZONE]: zone } : {}) } },
  status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' }, allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
});

const placed = (name: string, replicas: number, role: string, rules: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        nodeSelector: { 'diff-role': role },
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
        ...rules,
      },
    },
  },
});

interface PodView {
  name: string;
  node?: string;
  phase: string;
}

async function podsOf(server: Server, app: string): Promise<PodView[]> {
  const res = await send(server, { path: `/api/v1/namespaces/${NS}/pods?labelSelector=app%3D${app}` });
  return (res.json?.items ?? [])
    .filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp)
    .map((p: { metadata: { name: string }; spec: { nodeName?: string }; status: { phase: string } }) => ({ name: p.metadata.name, node: p.spec.nodeName, phase: p.status.phase }));
}

async function oneReplicaPerNode(server: Server) {
  for (const n of ['diff-anti-1', 'diff-anti-2']) await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker(n, 'anti') });
  const anti = {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'one-per-node' } }, topologyKey: HOST }] } },
  };
  await send(server, { method: 'POST', path: deployPath, body: placed('one-per-node', 3, 'anti', anti) });
  const pods = await until(`${server.name}: two running, one pending`, async () => {
    const list = await podsOf(server, 'one-per-node');
    const running = list.filter((p) => p.node && p.phase === 'Running');
    return list.length === 3 && running.length === 2 ? list : undefined;
  });
  const pending = pods.find((p) => !p.node)!;
  const event = await until(`${server.name}: FailedScheduling for ${pending.name}`, async () => {
    const res = await send(server, {
      path: `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${pending.name},reason=FailedScheduling`)}`,
    });
    const e = res.json?.items?.[0];
    return e ? { type: e.type as string, reason: e.reason as string, message: e.message as string } : undefined;
  });
  return {
    nodes: pods.map((p) => p.node).filter(Boolean).sort(),
    pending: pods.filter((p) => !p.node).map((p) => p.phase),
    event,
  };
}

async function zoneSpread(server: Server) {
  for (const [n, zone] of [['diff-zone-a1', 'diff-zone-a'], ['diff-zone-a2', 'diff-zone-a'], ['diff-zone-b1', 'diff-zone-b']]) {
    await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker(n, 'zone', zone) });
  }
  const spread = {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'zone-spread' } } }],
  };
  await send(server, { method: 'POST', path: deployPath, body: placed('zone-spread', 4, 'zone', spread) });
  const pods = await until(`${server.name}: four running`, async () => {
    const list = await podsOf(server, 'zone-spread');
    return list.length === 4 && list.every((p) => p.node && p.phase === 'Running') ? list : undefined;
  });
  const perZone: Record<string, number> = {};
  for (const p of pods) {
    const zone = p.node!.startsWith('diff-zone-a') ? 'diff-zone-a' : 'diff-zone-b';
    perZone[zone] = (perZone[zone] ?? 0) + 1;
  }
  return perZone;
}

export function placementCases(pair: () => Pair) {
  it('hostname anti-affinity: one replica per node, the third Pending with a FailedScheduling event naming the rule', async () => {
    const [real, sandbox] = await Promise.all([oneReplicaPerNode(pair().real), oneReplicaPerNode(pair().sandbox)]);
    expect(real.nodes).toEqual(['diff-anti-1', 'diff-anti-2']);
    expect(real.pending).toEqual(['Pending']);
    expect(sandbox.nodes).toEqual(real.nodes);
    expect(sandbox.pending).toEqual(real.pending);
    expect(sandbox.event.type).toBe(real.event.type);
    expect(sandbox.event.reason).toBe(real.event.reason);
    // Both count the two workers as refused by the pod's anti-affinity; the rest of the message
    // counts each server's other nodes in its own version's words (1.20: "node selector", 1.32:
    // "Pod's node affinity/selector", plus a preemption clause).
    const rule = /^0\/\d+ nodes are available: .*\b2 node\(s\) didn't match pod anti-affinity rules\b/;
    expect(real.event.message).toMatch(rule);
    expect(sandbox.event.message).toMatch(rule);
  }, 120_000);

  it('topology spread by zone with maxSkew 1: four replicas end two per zone', async () => {
    const [real, sandbox] = await Promise.all([zoneSpread(pair().real), zoneSpread(pair().sandbox)]);
    expect(real).toEqual({ 'diff-zone-a': 2, 'diff-zone-b': 2 });
    expect(sandbox).toEqual(real);
  }, 120_000);
}
