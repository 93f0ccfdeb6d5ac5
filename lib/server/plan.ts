// Planning a pin as the signed-in user: the deployments are read with the user's rights (a user
// who may not read them gets the API server's 403), the cluster's layout comes from the shared
// watch cache, managed node groups from the EKS API; the decision itself is lib/domain/what-if.

import type { V1Deployment } from '@kubernetes/client-node';
import type { NodegroupInfo, TopologySnapshot } from '@/lib/domain/model';
import { pinCommand, type PinTarget, type PodPlacement } from '@/lib/domain/pin';
import { podRequests } from '@/lib/domain/pod-requests';
import { requiredAffinity } from '@/lib/domain/transform';
import { planPin, targetKind, targetTaints, type WhatIfPlan, type WorkloadTemplate } from '@/lib/domain/what-if';
import { listNodegroups } from './eks/client';
import { eksFor } from './eks/for-cluster';
import type { UserApis } from './k8s/impersonation';
import { placementOf } from './k8s/mutations/pin';
import { log } from './log';
import { interPodRulesOf } from '@/lib/domain/pod-placement';
import { visibleTopology } from './visible-topology';
import type { SessionUser } from './auth';
import { AppError } from './errors';
import { serverPriceTable } from './prices';

export function workloadTemplateOf(d: V1Deployment): WorkloadTemplate {
  const spec = d.spec?.template?.spec;
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    replicas: d.spec?.replicas ?? 1,
    requests: podRequests(spec as Parameters<typeof podRequests>[0]),
    ...placementOf(d),
    affinityTerms: requiredAffinity(spec?.affinity),
    labels: d.spec?.template?.metadata?.labels,
    podRules: interPodRulesOf(spec),
  };
}

async function nodegroupsFor(clusterId: string, target: PinTarget): Promise<NodegroupInfo[] | undefined> {
  if (targetKind(target) !== 'nodegroup') return undefined;
  const eks = eksFor(clusterId);
  if (!eks) return undefined;
  try {
    return await listNodegroups(eks.client, eks.clusterName);
  } catch (err) {
    // The plan still stands on the nodes the cluster shows; it just cannot say what the group adds.
    log('warn', 'EKS node groups unavailable for planning', { cluster: clusterId, error: (err as Error).message });
    return undefined;
  }
}

export interface DeploymentPlan {
  plan: WhatIfPlan;
  deployments: Array<{ namespace: string; name: string; generation: number; replicas: number; before: PodPlacement; kubectl: string }>;
}

export async function planForDeployments(
  clusterId: string,
  apis: Pick<UserApis, 'apps'>,
  refs: Array<{ namespace: string; name: string }>,
  target: PinTarget,
  user: SessionUser,
): Promise<DeploymentPlan> {
  const deployments = await Promise.all(refs.map((r) => apis.apps.readNamespacedDeployment({ namespace: r.namespace, name: r.name })));
  const [{ snapshot: visible, scope, full }, nodegroups] = await Promise.all([visibleTopology(clusterId, user), nodegroupsFor(clusterId, target)]);
  // A plan names nodes and pools; someone the cluster does not let list nodes gets no plan
  // rather than a view of them through the back door.
  if (!scope.nodes) throw new AppError(403, 'forbidden', `Planning a move shows the cluster's nodes, and the cluster's RBAC does not let ${user.name} list nodes.`);
  // Other namespaces' pods still take room on the nodes: count them, without showing them.
  const snapshot = { ...visible, pods: full.pods };
  const plan = planPin({
    nodes: snapshot.nodes,
    pods: snapshot.pods,
    nodePools: snapshot.nodePools,
    nodeClaims: snapshot.nodeClaims,
    nodegroups,
    workloads: deployments.map(workloadTemplateOf),
    target,
    prices: serverPriceTable(),
  });
  return {
    plan,
    deployments: deployments.map((d) => {
      const namespace = d.metadata?.namespace ?? '';
      const name = d.metadata?.name ?? '';
      const before = placementOf(d);
      return { namespace, name, generation: d.metadata?.generation ?? 0, replicas: d.spec?.replicas ?? 1, before, kubectl: pinCommand(namespace, name, before, plan.placementsAfter[`${namespace}/${name}`]) };
    }),
  };
}

/** The taints a pin must tolerate, from the same sources as the plan (the caller's snapshot of the cache). */
export async function taintsForTarget(clusterId: string, target: PinTarget, snapshot: Pick<TopologySnapshot, 'nodes' | 'nodePools'>) {
  const nodegroups = await nodegroupsFor(clusterId, target);
  return targetTaints(target, { nodes: snapshot.nodes, nodePools: snapshot.nodePools, nodegroups });
}
