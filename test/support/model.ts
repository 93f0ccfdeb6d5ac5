// Compact-model factories (lib/domain/model.ts) for unit tests: sensible defaults, override what
// the test is about.
import type { EventInfo, NodeClaimInfo, NodeClassInfo, NodePoolInfo, PdbInfo, TopologySnapshot } from '@/lib/domain/model';

export function nodePoolInfo(name: string, overrides: Partial<NodePoolInfo> = {}): NodePoolInfo {
  return {
    name,
    uid: `np-${name}`,
    nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
    requirements: [],
    labels: {},
    taints: [],
    weight: 0,
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '10%' }] },
    resources: { cpuMillis: 0, memoryBytes: 0, pods: 0, nodes: 0 },
    ready: true,
    builtIn: false,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function nodeClassInfo(name: string, overrides: Partial<NodeClassInfo> = {}): NodeClassInfo {
  return { name, uid: `nc-${name}`, role: 'AmazonEKSAutoNodeRole', ready: true, createdAt: '2026-01-01T00:00:00Z', ...overrides };
}

export function nodeClaimInfo(name: string, overrides: Partial<NodeClaimInfo> = {}): NodeClaimInfo {
  return {
    name,
    uid: `claim-${name}`,
    nodePool: 'general-purpose',
    nodeClass: 'default',
    instanceType: 'm6a.large',
    capacityType: 'on-demand',
    zone: 'us-east-1a',
    stage: 'Initialized',
    drifted: false,
    empty: false,
    consolidationAllowed: false,
    terminating: false,
    requests: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function pdbInfo(namespace: string, name: string, overrides: Partial<PdbInfo> = {}): PdbInfo {
  return {
    namespace,
    name,
    uid: `pdb-${namespace}-${name}`,
    selector: { requirements: [{ key: 'app', operator: 'in', values: [name] }] },
    minAvailable: 1,
    currentHealthy: 2,
    desiredHealthy: 1,
    disruptionsAllowed: 1,
    expectedPods: 2,
    ...overrides,
  };
}

export function eventInfo(namespace: string, name: string, overrides: Partial<EventInfo> = {}): EventInfo {
  return {
    namespace,
    name,
    involved: { kind: 'Pod', namespace, name: name.split('.')[0] },
    reason: 'Scheduled',
    message: 'Successfully assigned',
    type: 'Normal',
    count: 1,
    lastTimestamp: '2026-01-01T00:00:00Z',
    source: 'default-scheduler',
    ...overrides,
  };
}

/** An empty snapshot; spread the arrays a test needs over it. */
export function emptySnapshot(overrides: Partial<TopologySnapshot> = {}): TopologySnapshot {
  return {
    cluster: 'sandbox',
    resourceVersion: '1',
    nodes: [],
    pods: [],
    deployments: [],
    nodePools: [],
    nodeClasses: [],
    nodeClaims: [],
    pdbs: [],
    events: [],
    stale: false,
    generatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}
