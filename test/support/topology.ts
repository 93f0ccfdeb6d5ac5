// Node and pod factories of the compact model for unit tests, sized like real instance types so
// plans and verdicts read like the cluster they describe.
import { allocatableOf, capacityOf, instanceSpec } from '@/lib/domain/instance-types';
import { poolOf } from '@/lib/domain/lanes';
import type { NodeInfo, PodInfo } from '@/lib/domain/model';

const GI = 1024 ** 3;

export function nodeInfo(name: string, instanceType: string, labels: Record<string, string>, overrides: Partial<NodeInfo> = {}): NodeInfo {
  const spec = instanceSpec(instanceType);
  if (!spec) throw new Error(`unknown instance type ${instanceType}`);
  const all: Record<string, string> = { 'node.kubernetes.io/instance-type': instanceType, 'topology.kubernetes.io/zone': 'us-east-1a', ...labels };
  return {
    name,
    uid: `uid-${name}`,
    labels: all,
    pool: poolOf(all),
    nodeClass: all['eks.amazonaws.com/nodeclass'],
    instanceType,
    capacityType: 'on-demand',
    zone: all['topology.kubernetes.io/zone'],
    ready: true,
    unschedulable: false,
    terminating: false,
    taints: [],
    allocatable: allocatableOf(spec),
    capacity: capacityOf(spec),
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A running pod of a Deployment, with requests in millicores and GiB. */
export function podInfo(namespace: string, name: string, nodeName: string | undefined, cpuMillis: number, memoryGiB: number, overrides: Partial<PodInfo> = {}): PodInfo {
  return {
    namespace,
    name,
    uid: `uid-${namespace}-${name}`,
    nodeName,
    phase: nodeName ? 'Running' : 'Pending',
    ready: Boolean(nodeName),
    terminating: false,
    status: nodeName ? 'Running' : 'Pending',
    owner: { kind: 'Deployment', name: name.replace(/-[a-z0-9]+-[a-z0-9]+$/, '') },
    requests: { cpuMillis, memoryBytes: Math.round(memoryGiB * GI), pods: 1 },
    doNotDisrupt: false,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}
