// EKS API shapes → the domain model. The SDK gives Dates and optional-everything; the views want
// plain strings and numbers with defaults settled here once.

import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';
import type { EksClusterInfo, NodegroupInfo } from '@/lib/domain/model';

const iso = (d: Date | undefined) => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined);

export function toClusterInfo(cluster: Cluster): EksClusterInfo {
  const info: EksClusterInfo = {
    name: cluster.name ?? '',
    status: cluster.status ?? 'UNKNOWN',
    autoMode: cluster.computeConfig?.enabled === true,
    builtInNodePools: [...(cluster.computeConfig?.nodePools ?? [])],
  };
  if (cluster.version) info.version = cluster.version;
  if (cluster.endpoint) info.endpoint = cluster.endpoint;
  if (cluster.computeConfig?.nodeRoleArn) info.nodeRoleArn = cluster.computeConfig.nodeRoleArn;
  return info;
}

export function toNodegroupInfo(group: Nodegroup): NodegroupInfo {
  const info: NodegroupInfo = {
    name: group.nodegroupName ?? '',
    status: group.status ?? 'UNKNOWN',
    instanceTypes: [...(group.instanceTypes ?? [])],
    scaling: {
      minSize: group.scalingConfig?.minSize ?? 0,
      maxSize: group.scalingConfig?.maxSize ?? 0,
      desiredSize: group.scalingConfig?.desiredSize ?? 0,
    },
    labels: { ...(group.labels ?? {}) },
    taints: (group.taints ?? []).map((t) => (t.value ? { key: t.key ?? '', value: t.value, effect: t.effect ?? 'NO_SCHEDULE' } : { key: t.key ?? '', effect: t.effect ?? 'NO_SCHEDULE' })),
  };
  if (group.capacityType) info.capacityType = group.capacityType;
  if (group.nodeRole) info.nodeRole = group.nodeRole;
  if (group.amiType) info.amiType = group.amiType;
  if (group.diskSize !== undefined) info.diskSize = group.diskSize;
  if (group.version) info.version = group.version;
  const created = iso(group.createdAt);
  if (created) info.createdAt = created;
  return info;
}
