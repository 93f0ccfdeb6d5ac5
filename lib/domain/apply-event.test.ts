import { describe, expect, it } from 'vitest';
import { eventInfo, nodeClaimInfo, nodeClassInfo, nodePoolInfo, pdbInfo } from '@/test/support/model';
import { applyEvent, applyEvents } from './apply-event';
import type { DeploymentInfo, NodeInfo, PodInfo, TopologySnapshot } from './model';

const node = (name: string, ready = true): NodeInfo => ({
  name,
  uid: `uid-${name}`,
  labels: {},
  pool: { source: 'karpenter-nodepool', key: 'karpenter.sh/nodepool', name: 'general-purpose' },
  ready,
  unschedulable: false,
  terminating: false,
  taints: [],
  allocatable: { cpuMillis: 2000, memoryBytes: 2 ** 32, pods: 110 },
  capacity: { cpuMillis: 2000, memoryBytes: 2 ** 32, pods: 110 },
  createdAt: '2025-01-01T00:00:00Z',
});

const pod = (namespace: string, name: string, nodeName?: string): PodInfo => ({
  namespace,
  name,
  uid: `uid-${namespace}-${name}`,
  nodeName,
  phase: nodeName ? 'Running' : 'Pending',
  ready: Boolean(nodeName),
  terminating: false,
  status: nodeName ? 'Running' : 'Pending',
  requests: { cpuMillis: 100, memoryBytes: 2 ** 27, pods: 1 },
  doNotDisrupt: false,
  createdAt: '2025-01-01T00:00:00Z',
});

const deployment = (name: string, replicas: number): DeploymentInfo => ({
  namespace: 'apps',
  name,
  uid: `uid-${name}`,
  replicas,
  readyReplicas: replicas,
  updatedReplicas: replicas,
  availableReplicas: replicas,
  requests: { cpuMillis: 100, memoryBytes: 2 ** 27, pods: 1 },
  generation: 1,
  observedGeneration: 1,
});

function snapshot(): TopologySnapshot {
  return {
    cluster: 'sandbox',
    resourceVersion: '1000',
    nodes: [node('a'), node('b')],
    pods: [pod('apps', 'web-1', 'a'), pod('apps', 'web-2', 'b'), pod('kube-system', 'web-1', 'a')],
    deployments: [deployment('web', 2)],
    nodePools: [nodePoolInfo('general-purpose', { builtIn: true })],
    nodeClasses: [nodeClassInfo('default')],
    nodeClaims: [nodeClaimInfo('general-purpose-abc', { nodeName: 'a' })],
    pdbs: [pdbInfo('apps', 'web')],
    events: [eventInfo('apps', 'web-1.1')],
    stale: false,
    generatedAt: '2025-01-01T00:00:00Z',
  };
}

const names = (pods: PodInfo[]) => pods.map((p) => `${p.namespace}/${p.name}`).sort();

describe('applyEvent', () => {
  it('takes the stale flag and the sync notes behind it from a stale event, and keeps the notes when one has none', () => {
    const sync = [{ resource: 'pods', stale: 'connect ECONNREFUSED 10.0.0.1:443' }];
    const stale = applyEvent(snapshot(), { type: 'stale', stale: true, sync });
    expect(stale).toMatchObject({ stale: true, sync });
    const relisted = [{ resource: 'pods', relisted: { reason: 'expired' as const, at: '2026-12-06T10:00:00.000Z', vanished: 1 } }];
    const fresh = applyEvent(stale, { type: 'stale', stale: false, resourceVersion: '42', sync: relisted });
    expect(fresh).toMatchObject({ stale: false, sync: relisted, resourceVersion: '42' });
    // An older server's stale event carries no notes: the last ones stand.
    expect(applyEvent(fresh, { type: 'stale', stale: true }).sync).toBe(relisted);
    // Nothing new: the very same snapshot.
    expect(applyEvent(fresh, { type: 'stale', stale: false, sync: fresh.sync })).toBe(fresh);
  });

  it('adds a new pod without touching the old snapshot or the other arrays', () => {
    const before = snapshot();
    const frozen = structuredClone(before);
    const after = applyEvent(before, { type: 'pod-upserted', pod: pod('apps', 'web-3') });
    expect(names(after.pods)).toEqual(['apps/web-1', 'apps/web-2', 'apps/web-3', 'kube-system/web-1']);
    expect(before).toEqual(frozen);
    expect(after.nodes).toBe(before.nodes);
    expect(after.deployments).toBe(before.deployments);
    expect(after.pods).not.toBe(before.pods);
  });

  it('replaces a pod in place, keyed by namespace and name', () => {
    const before = snapshot();
    const moved = pod('kube-system', 'web-1', 'b');
    const after = applyEvent(before, { type: 'pod-upserted', pod: moved });
    expect(after.pods).toHaveLength(3);
    expect(after.pods[2]).toBe(moved);
    expect(after.pods[0].nodeName).toBe('a');
    expect(before.pods[2].nodeName).toBe('a');
  });

  it('deletes pods, nodes and deployments', () => {
    let s = snapshot();
    s = applyEvent(s, { type: 'pod-deleted', namespace: 'apps', name: 'web-1' });
    expect(names(s.pods)).toEqual(['apps/web-2', 'kube-system/web-1']);
    s = applyEvent(s, { type: 'node-deleted', name: 'a' });
    expect(s.nodes.map((n) => n.name)).toEqual(['b']);
    s = applyEvent(s, { type: 'deployment-deleted', namespace: 'apps', name: 'web' });
    expect(s.deployments).toEqual([]);
  });

  it('returns the same snapshot for deletes of unknown objects and no-op upserts', () => {
    const before = snapshot();
    expect(applyEvent(before, { type: 'pod-deleted', namespace: 'apps', name: 'nope' })).toBe(before);
    expect(applyEvent(before, { type: 'node-upserted', node: before.nodes[0] })).toBe(before);
    expect(applyEvent(before, { type: 'stale', stale: false })).toBe(before);
  });

  it('keeps its index right across a chain of swaps and removals', () => {
    let s = snapshot();
    s = applyEvent(s, { type: 'pod-deleted', namespace: 'apps', name: 'web-1' }); // last moves into slot 0
    s = applyEvent(s, { type: 'pod-upserted', pod: { ...pod('kube-system', 'web-1', 'b'), ready: false } });
    s = applyEvent(s, { type: 'pod-upserted', pod: pod('apps', 'web-1', 'b') });
    s = applyEvent(s, { type: 'pod-deleted', namespace: 'apps', name: 'web-2' });
    expect(names(s.pods)).toEqual(['apps/web-1', 'kube-system/web-1']);
    expect(s.pods.find((p) => p.namespace === 'kube-system')).toMatchObject({ nodeName: 'b', ready: false });
  });

  it('still works when an older snapshot is reduced again (its index is rebuilt)', () => {
    const base = snapshot();
    const a = applyEvent(base, { type: 'pod-deleted', namespace: 'apps', name: 'web-1' });
    const b = applyEvent(base, { type: 'pod-deleted', namespace: 'apps', name: 'web-2' });
    expect(names(a.pods)).toEqual(['apps/web-2', 'kube-system/web-1']);
    expect(names(b.pods)).toEqual(['apps/web-1', 'kube-system/web-1']);
  });

  it('updates deployments and nodes', () => {
    const s = applyEvents(snapshot(), [
      { type: 'deployment-upserted', deployment: deployment('web', 5) },
      { type: 'node-upserted', node: node('b', false) },
      { type: 'node-upserted', node: node('c') },
    ]);
    expect(s.deployments).toEqual([deployment('web', 5)]);
    expect(s.nodes.map((n) => [n.name, n.ready])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });

  it('tracks staleness and the resourceVersion it comes with', () => {
    const stale = applyEvent(snapshot(), { type: 'stale', stale: true, resourceVersion: '1200' });
    expect(stale).toMatchObject({ stale: true, resourceVersion: '1200' });
    expect(applyEvent(stale, { type: 'stale', stale: false })).toMatchObject({ stale: false, resourceVersion: '1200' });
  });

  it('ignores event types it does not know', () => {
    const before = snapshot();
    expect(applyEvent(before, { type: 'volume-upserted', volume: {} } as never)).toBe(before);
  });

  it('applies a batch with one copy per array and the same result as one by one', () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ type: 'pod-upserted' as const, pod: pod('load', `p-${i}`, 'a') }));
    const batched = applyEvents(snapshot(), [...events, { type: 'pod-deleted', namespace: 'load', name: 'p-7' }]);
    let single = snapshot();
    for (const e of events) single = applyEvent(single, e);
    single = applyEvent(single, { type: 'pod-deleted', namespace: 'load', name: 'p-7' });
    expect(names(batched.pods)).toEqual(names(single.pods));
    expect(batched.pods).toHaveLength(52);
  });

  it('stays fast on a 150k-pod snapshot', () => {
    const big: TopologySnapshot = { ...snapshot(), pods: Array.from({ length: 150_000 }, (_, i) => pod(`ns-${i % 100}`, `p-${i}`, 'a')) };
    let s = applyEvent(big, { type: 'pod-upserted', pod: pod('ns-1', 'p-1', 'b') }); // builds the index once
    const started = performance.now();
    for (let i = 0; i < 100; i++) s = applyEvent(s, { type: 'pod-upserted', pod: pod('ns-3', `p-${i * 100 + 3}`, 'b') });
    const perEvent = (performance.now() - started) / 100;
    expect(s.pods).toHaveLength(150_000);
    expect(perEvent).toBeLessThan(20);
  });

  it('upserts and deletes NodePools, NodeClasses, NodeClaims, PDBs and Events, each keyed like the API', () => {
    const before = snapshot();
    const after = applyEvents(before, [
      { type: 'nodepool-upserted', nodePool: nodePoolInfo('ai-ml') },
      { type: 'nodepool-upserted', nodePool: nodePoolInfo('general-purpose', { builtIn: true, ready: false }) },
      { type: 'nodeclass-upserted', nodeClass: nodeClassInfo('ai-ml-node-class', { ready: false }) },
      { type: 'nodeclass-deleted', name: 'default' },
      { type: 'nodeclaim-upserted', nodeClaim: nodeClaimInfo('ai-ml-xyz', { stage: 'Launched' }) },
      { type: 'nodeclaim-deleted', name: 'general-purpose-abc' },
      { type: 'pdb-upserted', pdb: pdbInfo('apps', 'web', { disruptionsAllowed: 0 }) },
      { type: 'pdb-upserted', pdb: pdbInfo('kube-system', 'web') },
      { type: 'event-upserted', event: eventInfo('apps', 'web-1.2') },
      { type: 'event-deleted', namespace: 'apps', name: 'web-1.1' },
    ]);
    expect(after.nodePools.map((p) => [p.name, p.ready])).toEqual([
      ['general-purpose', false],
      ['ai-ml', true],
    ]);
    expect(after.nodeClasses.map((c) => c.name)).toEqual(['ai-ml-node-class']);
    expect(after.nodeClaims.map((c) => [c.name, c.stage])).toEqual([['ai-ml-xyz', 'Launched']]);
    expect(after.pdbs.map((p) => `${p.namespace}/${p.name}:${p.disruptionsAllowed}`)).toEqual(['apps/web:0', 'kube-system/web:1']);
    expect(after.events.map((e) => e.name)).toEqual(['web-1.2']);
    expect(after.nodes).toBe(before.nodes);
    expect(after.pods).toBe(before.pods);
    expect(before.nodeClasses.map((c) => c.name)).toEqual(['default']);
    // Deleting what is not there changes nothing.
    expect(applyEvent(after, { type: 'pdb-deleted', namespace: 'apps', name: 'nope' })).toBe(after);
  });

  it('accepts a snapshot from a server that predates the new kinds', () => {
    const { nodePools: _p, nodeClasses: _c, nodeClaims: _n, pdbs: _d, events: _e, ...old } = snapshot();
    const after = applyEvent(old as TopologySnapshot, { type: 'nodepool-upserted', nodePool: nodePoolInfo('ai-ml') });
    expect(after.nodePools.map((p) => p.name)).toEqual(['ai-ml']);
    expect(after.pdbs).toEqual([]);
  });
});
