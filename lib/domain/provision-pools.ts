// NodePools and instance types as the pure provisioning planner sees them, built from the
// compact model, so the what-if plan asks exactly the question the sandbox's provisioner asks.

import { INSTANCE_TYPES, allocatableOf, capacityOf, instanceLabels, instanceSpec } from './instance-types';
import type { NodeClaimInfo, NodeInfo, NodePoolInfo } from './model';
import type { InstanceOffering, ProvisionPool } from './provisioning';
import { daemonOverhead, type DaemonShape } from './daemon-overhead';

export const DEFAULT_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** Every instance type of the catalog, offered in `zones`, on-demand and spot. */
export function offeringCatalog(zones: readonly string[] = DEFAULT_ZONES): InstanceOffering[] {
  return INSTANCE_TYPES.map((s) => ({
    type: s.type,
    labels: instanceLabels(s),
    allocatable: allocatableOf(s),
    capacity: capacityOf(s),
    price: s.price,
    zones: [...zones],
    capacityTypes: ['on-demand', 'spot'],
  }));
}

/** The labels every node of the pool carries whatever its instance type. */
export function poolNodeLabels(pool: Pick<NodePoolInfo, 'name' | 'labels' | 'nodeClassRef'>): Record<string, string> {
  return {
    ...pool.labels,
    'karpenter.sh/nodepool': pool.name,
    'eks.amazonaws.com/nodeclass': pool.nodeClassRef.name,
    'eks.amazonaws.com/compute-type': 'auto',
  };
}

/**
 * The pool for planning: its usage counted from its nodes and the claims still launching (a
 * claim that already has a node is counted once, through the node), and the room the DaemonSets
 * that would run on its new nodes take there.
 */
export function provisionPoolOf(pool: NodePoolInfo, nodes: readonly NodeInfo[], claims: readonly NodeClaimInfo[], daemons: readonly DaemonShape[] = []): ProvisionPool {
  const usage = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  const add = (type: string | undefined) => {
    const s = instanceSpec(type);
    if (!s) return;
    const cap = capacityOf(s);
    usage.cpuMillis += cap.cpuMillis;
    usage.memoryBytes += cap.memoryBytes;
    usage.pods += cap.pods;
  };
  const counted = new Set<string>();
  for (const n of nodes) {
    if (n.labels['karpenter.sh/nodepool'] !== pool.name) continue;
    counted.add(n.name);
    add(n.instanceType);
  }
  for (const c of claims) if (c.nodePool === pool.name && !(c.nodeName && counted.has(c.nodeName))) add(c.instanceType);
  const shape = { name: pool.name, labels: poolNodeLabels(pool), requirements: pool.requirements, taints: pool.taints };
  return { ...shape, weight: pool.weight, limits: pool.limits, usage, daemonOverhead: daemonOverhead(shape, daemons) };
}
