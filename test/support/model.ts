// Compact-model factories (lib/domain/model.ts) for unit tests: sensible defaults, override what
// the test is about.
import { poolOf } from '@/lib/domain/lanes';
import type { DeploymentInfo, EventInfo, NodeClaimInfo, NodeClassInfo, NodeInfo, NodePoolInfo, PdbInfo, PodInfo, TopologySnapshot } from '@/lib/domain/model';

const GI = 1024 ** 3;

/** A Ready node; `labels` decide its pool (karpenter.sh/nodepool, eks.amazonaws.com/nodegroup…). */
export function nodeInfo(name: string, labels: Record<string, string> = {}, overrides: Partial<NodeInfo> = {}): NodeInfo {
  return {
    name,
    uid: `node-${name}`,
    labels: { 'node.kubernetes.io/instance-type': 'm6a.large', ...labels },
    pool: poolOf(labels),
    instanceType: labels['node.kubernetes.io/instance-type'] ?? 'm6a.large',
    ready: true,
    unschedulable: false,
    terminating: false,
    taints: [],
    allocatable: { cpuMillis: 1930, memoryBytes: 7 * GI, pods: 29 },
    capacity: { cpuMillis: 2000, memoryBytes: 8 * GI, pods: 29 },
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A running, Ready pod of a Deployment named after the pod's prefix (`web-1` → `web`). */
export function podInfo(namespace: string, name: string, nodeName: string | undefined, cpuMillis = 100, overrides: Partial<PodInfo> = {}): PodInfo {
  const app = name.replace(/-[^-]+$/, '');
  return {
    namespace,
    name,
    uid: `pod-${namespace}-${name}`,
    ...(nodeName ? { nodeName } : {}),
    phase: nodeName ? 'Running' : 'Pending',
    ready: Boolean(nodeName),
    terminating: false,
    status: nodeName ? 'Running' : 'Pending',
    owner: { kind: 'Deployment', name: app },
    requests: { cpuMillis, memoryBytes: 128 * 1024 ** 2, pods: 1 },
    labels: { app },
    doNotDisrupt: false,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

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

/** A Deployment whose pods all run and are ready; `strategy` absent is the API server's default (RollingUpdate 25%/25%). */
export function deploymentInfo(namespace: string, name: string, replicas: number, overrides: Partial<DeploymentInfo> = {}): DeploymentInfo {
  return {
    namespace,
    name,
    uid: `deploy-${namespace}-${name}`,
    replicas,
    readyReplicas: replicas,
    updatedReplicas: replicas,
    availableReplicas: replicas,
    requests: { cpuMillis: 100, memoryBytes: 128 * 1024 ** 2, pods: 1 },
    generation: 1,
    observedGeneration: 1,
    ...overrides,
  };
}
