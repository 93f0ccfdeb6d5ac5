import { describe, expect, it } from 'vitest';
import { buildLanes, createLaneCache, nodeSelectorWarnings, poolOf, wrongNodeClassKey } from './lanes';
import type { NodeInfo, PodInfo } from './model';

const GI = 2 ** 30;

function node(name: string, labels: Record<string, string>, extra: Partial<NodeInfo> = {}): NodeInfo {
  return {
    name,
    uid: `uid-${name}`,
    labels,
    pool: poolOf(labels),
    instanceType: labels['node.kubernetes.io/instance-type'],
    nodeClass: labels['eks.amazonaws.com/nodeclass'],
    ready: true,
    unschedulable: false,
    terminating: false,
    taints: [],
    allocatable: { cpuMillis: 2000, memoryBytes: 4 * GI, pods: 10 },
    capacity: { cpuMillis: 2000, memoryBytes: 4 * GI, pods: 10 },
    createdAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

function pod(name: string, nodeName: string | undefined, cpuMillis: number, memoryBytes: number, extra: Partial<PodInfo> = {}): PodInfo {
  return {
    namespace: 'apps',
    name,
    uid: `uid-${name}`,
    nodeName,
    phase: nodeName ? 'Running' : 'Pending',
    ready: Boolean(nodeName),
    terminating: false,
    status: nodeName ? 'Running' : 'Pending',
    requests: { cpuMillis, memoryBytes, pods: 1 },
    doNotDisrupt: false,
    createdAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

describe('poolOf', () => {
  it('follows the priority order of EKS.md', () => {
    expect(poolOf({ 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodegroup': 'ng' })).toEqual({
      source: 'karpenter-nodepool',
      key: 'karpenter.sh/nodepool',
      name: 'general-purpose',
    });
    expect(poolOf({ 'eks.amazonaws.com/nodegroup': 'general-pool', 'alpha.eksctl.io/nodegroup-name': 'x' }).source).toBe('eks-nodegroup');
    expect(poolOf({ 'alpha.eksctl.io/nodegroup-name': 'legacy' }).name).toBe('legacy');
    expect(poolOf({ 'cloud.google.com/gke-nodepool': 'default-pool' }).source).toBe('gke-nodepool');
    expect(poolOf({ 'kubernetes.azure.com/agentpool': 'sys', agentpool: 'old' })).toEqual({
      source: 'aks-agentpool',
      key: 'kubernetes.azure.com/agentpool',
      name: 'sys',
    });
    expect(poolOf({ agentpool: 'old' })).toEqual({ source: 'aks-agentpool', key: 'agentpool', name: 'old' });
  });

  it('consults the custom key only after the known ones, and falls back to unpooled', () => {
    expect(poolOf({ workload: 'cpu' }, 'workload')).toEqual({ source: 'custom-label', key: 'workload', name: 'cpu' });
    expect(poolOf({ workload: 'cpu', 'karpenter.sh/nodepool': 'p' }, 'workload').source).toBe('karpenter-nodepool');
    expect(poolOf({ workload: 'cpu' })).toEqual({ source: 'none', key: '', name: '' });
    expect(poolOf(undefined)).toEqual({ source: 'none', key: '', name: '' });
    expect(poolOf({ 'karpenter.sh/nodepool': '' }).source).toBe('none');
  });
});

describe('buildLanes', () => {
  const nodes = [
    node('ip-10-0-1-20', { 'karpenter.sh/nodepool': 'system', 'eks.amazonaws.com/nodeclass': 'default', 'node.kubernetes.io/instance-type': 'c6a.large' }),
    node('ip-10-0-1-10', { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'node.kubernetes.io/instance-type': 'm5.large', workload: 'cpu' }),
    node('ip-10-0-1-9', { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'node.kubernetes.io/instance-type': 'm5.xlarge' }, {
      allocatable: { cpuMillis: 4000, memoryBytes: 8 * GI, pods: 20 },
    }),
    node('ng-a', { 'eks.amazonaws.com/nodegroup': 'general-pool', 'node.kubernetes.io/instance-type': 't3.medium', workload: 'cpu' }),
    node('loose', {}),
  ];
  const pods = [
    pod('frontend-1', 'ip-10-0-1-10', 500, GI),
    pod('backend-1', 'ip-10-0-1-10', 1000, 2 * GI),
    pod('job-done', 'ip-10-0-1-10', 1000, GI, { phase: 'Succeeded', status: 'Completed' }),
    pod('image-proctoring-1', 'ip-10-0-1-9', 2000, 4 * GI),
    pod('coredns-1', 'ip-10-0-1-20', 100, 70 * 2 ** 20, { namespace: 'kube-system' }),
    pod('pending-1', undefined, 250, GI),
    pod('ghost', 'gone-node', 100, GI),
  ];

  it('groups nodes into pools with workload pools first, system next, unpooled last', () => {
    const layout = buildLanes({ nodes, pods });
    expect(layout.lanes.map((l) => l.id)).toEqual([
      'eks.amazonaws.com/nodegroup=general-pool',
      'karpenter.sh/nodepool=general-purpose',
      'karpenter.sh/nodepool=system',
      'unpooled',
    ]);
    expect(layout.lanes.map((l) => l.system)).toEqual([false, false, true, false]);
  });

  it('sorts nodes numerically by name and puts each pod on its node', () => {
    const gp = buildLanes({ nodes, pods }).lanes[1];
    expect(gp.nodes.map((n) => n.node.name)).toEqual(['ip-10-0-1-9', 'ip-10-0-1-10']);
    expect(gp.nodes[1].pods.map((p) => p.name)).toEqual(['backend-1', 'frontend-1', 'job-done']);
    expect(gp.nodeClass).toBe('default');
    expect(gp.instanceTypes).toEqual(['m5.large', 'm5.xlarge']);
  });

  it('computes utilization from requests over allocatable, ignoring finished pods', () => {
    const gp = buildLanes({ nodes, pods }).lanes[1];
    const small = gp.nodes[1];
    expect(small.requested).toEqual({ cpuMillis: 1500, memoryBytes: 3 * GI, pods: 2 });
    expect(small.utilization).toEqual({ cpu: 0.75, memory: 0.75, pods: 0.2 });
    expect(gp.nodes[0].utilization).toEqual({ cpu: 0.5, memory: 0.5, pods: 0.05 });
    expect(gp.totals).toMatchObject({
      nodes: 2,
      pods: 4,
      allocatable: { cpuMillis: 6000, memoryBytes: 12 * GI, pods: 30 },
      requested: { cpuMillis: 3500, memoryBytes: 7 * GI, pods: 3 },
      unpricedNodes: 2,
    });
    expect(gp.totals.utilization.cpu).toBeCloseTo(3500 / 6000);
    expect(gp.totals.hourlyCost).toBeUndefined();
  });

  it('keeps pending and orphaned pods apart from the lanes', () => {
    const layout = buildLanes({ nodes, pods });
    expect(layout.unscheduled.map((p) => p.name)).toEqual(['pending-1']);
    expect(layout.orphaned.map((p) => p.name)).toEqual(['ghost']);
    expect(layout.totals.nodes).toBe(5);
    expect(layout.totals.pods).toBe(5);
  });

  it('adds hourly costs from a price function and counts the nodes it cannot price', () => {
    const prices: Record<string, number> = { 'm5.large': 0.096, 'm5.xlarge': 0.192, 't3.medium': 0.0416 };
    const layout = buildLanes({ nodes, pods }, { priceOf: (n) => (n.instanceType ? prices[n.instanceType] : undefined) });
    expect(layout.lanes[1].totals.hourlyCost).toBeCloseTo(0.288);
    expect(layout.lanes[1].nodes[0].hourlyCost).toBe(0.192);
    expect(layout.lanes[0].totals.hourlyCost).toBe(0.0416);
    expect(layout.lanes[2].totals).toMatchObject({ unpricedNodes: 1 });
    expect(layout.lanes[2].totals.hourlyCost).toBeUndefined();
    expect(layout.totals.hourlyCost).toBeCloseTo(0.3296);
    expect(layout.totals.unpricedNodes).toBe(2);
  });

  it('groups strictly by a user-chosen label when asked', () => {
    const layout = buildLanes({ nodes, pods }, { groupBy: 'workload' });
    expect(layout.lanes.map((l) => [l.id, l.nodes.length])).toEqual([
      ['workload=cpu', 2],
      ['workload=', 3],
    ]);
    expect(layout.lanes[0]).toMatchObject({ source: 'custom-label', key: 'workload', name: 'cpu' });
  });

  it('treats AKS system-mode and CriticalAddonsOnly-tainted pools as system pools', () => {
    const layout = buildLanes({
      nodes: [
        node('aks-1', { 'kubernetes.azure.com/agentpool': 'sys', 'kubernetes.azure.com/mode': 'system' }),
        node('c-1', { 'karpenter.sh/nodepool': 'addons' }, { taints: [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }] }),
        node('b-1', { 'karpenter.sh/nodepool': 'zeta' }),
      ],
      pods: [],
    });
    expect(layout.lanes.map((l) => [l.name, l.system])).toEqual([
      ['zeta', false],
      ['addons', true],
      ['sys', true],
    ]);
  });

  it('is stable: the same input in another order gives the same layout', () => {
    const a = buildLanes({ nodes, pods });
    const b = buildLanes({ nodes: [...nodes].reverse(), pods: [...pods].reverse() });
    expect(b).toEqual(a);
  });
});

describe('selector mistakes', () => {
  it('flags eks.amazonaws.com/node-class and suggests the real key', () => {
    expect(wrongNodeClassKey({ 'eks.amazonaws.com/node-class': 'ai-ml-node-class' })).toEqual({
      code: 'wrong-node-selector-key',
      key: 'eks.amazonaws.com/node-class',
      value: 'ai-ml-node-class',
      suggestedKey: 'eks.amazonaws.com/nodeclass',
      message: expect.stringContaining('eks.amazonaws.com/nodeclass: ai-ml-node-class'),
    });
  });

  it('is quiet for correct selectors and absent ones', () => {
    expect(wrongNodeClassKey({ 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' })).toBeUndefined();
    expect(wrongNodeClassKey(undefined)).toBeUndefined();
    expect(nodeSelectorWarnings({ 'karpenter.sh/nodepool': 'ai-ml' })).toEqual([]);
  });

  it('also catches misspelled pool keys', () => {
    expect(nodeSelectorWarnings({ 'karpenter.sh/node-pool': 'ai-ml', 'kubernetes.io/os': 'linux' }).map((w) => w.suggestedKey)).toEqual([
      'karpenter.sh/nodepool',
    ]);
  });
});

describe('buildLanes with a cache (a batch of deltas lays out only what changed)', () => {
  const NP = 'karpenter.sh/nodepool';
  const priceOf = (n: NodeInfo) => (n.name.endsWith('1') ? 0.1 : 0.2);
  const start = () => ({
    nodes: [node('a-1', { [NP]: 'a' }), node('a-2', { [NP]: 'a' }), node('b-1', { [NP]: 'b' })],
    pods: [pod('p2', 'a-1', 100, GI), pod('p1', 'a-1', 200, GI), pod('q1', 'a-2', 300, GI), pod('r1', 'b-1', 400, GI), pod('pending', undefined, 50, GI)],
  });

  it('gives what a fresh layout gives, and the same lane objects when nothing changed', () => {
    const cache = createLaneCache();
    const snapshot = start();
    const first = buildLanes(snapshot, { priceOf, cache });
    expect(first).toEqual(buildLanes(snapshot, { priceOf }));
    const again = buildLanes({ nodes: [...snapshot.nodes], pods: [...snapshot.pods] }, { priceOf, cache });
    expect(again.lanes[0]).toBe(first.lanes[0]);
    expect(again.lanes[1]).toBe(first.lanes[1]);
    expect(again).toEqual(first);
  });

  it('lays out again only the node whose pod changed, and only its lane is a new object', () => {
    const cache = createLaneCache();
    const snapshot = start();
    const first = buildLanes(snapshot, { priceOf, cache });
    // As the reducer does: a new object for the changed pod, the same objects for the rest.
    const pods = snapshot.pods.map((p) => (p.name === 'q1' ? { ...p, requests: { ...p.requests, cpuMillis: 900 } } : p));
    const next = buildLanes({ nodes: snapshot.nodes, pods }, { priceOf, cache });
    expect(next).toEqual(buildLanes({ nodes: snapshot.nodes, pods }, { priceOf }));
    const [laneA, laneB] = next.lanes;
    expect(laneA).not.toBe(first.lanes[0]);
    expect(laneA.totals.requested.cpuMillis).toBe(100 + 200 + 900);
    expect(laneA.nodes[0]).toBe(first.lanes[0].nodes[0]); // a-1: same node, same pods
    expect(laneA.nodes[1]).not.toBe(first.lanes[0].nodes[1]);
    expect(laneB).toBe(first.lanes[1]);
  });

  it('follows a changed node, a pod moving between nodes, a node leaving, and a new price function', () => {
    const cache = createLaneCache();
    const snapshot = start();
    buildLanes(snapshot, { priceOf, cache });
    const cordoned = snapshot.nodes.map((n) => (n.name === 'b-1' ? { ...n, unschedulable: true } : n));
    const moved = snapshot.pods.map((p) => (p.name === 'p1' ? { ...p, nodeName: 'a-2' } : p));
    let next = buildLanes({ nodes: cordoned, pods: moved }, { priceOf, cache });
    expect(next).toEqual(buildLanes({ nodes: cordoned, pods: moved }, { priceOf }));
    expect(next.lanes[1].nodes[0].node.unschedulable).toBe(true);
    expect(next.lanes[0].nodes.map((n) => n.pods.map((p) => p.name))).toEqual([['p2'], ['p1', 'q1']]);

    const fewer = cordoned.filter((n) => n.name !== 'a-2');
    next = buildLanes({ nodes: fewer, pods: moved }, { priceOf, cache });
    expect(next).toEqual(buildLanes({ nodes: fewer, pods: moved }, { priceOf }));
    expect(next.orphaned.map((p) => p.name)).toEqual(['p1', 'q1']);

    const dearer = () => 1;
    next = buildLanes({ nodes: fewer, pods: moved }, { priceOf: dearer, cache });
    expect(next.totals.hourlyCost).toBe(2);
  });
});
