// A node action's plan on the server: the cluster's layout from the shared watch cache (every pod
// counts: other namespaces' pods take room and hold PDBs whether the user sees them or not), the
// managed node groups from the EKS API when it answers, the decision itself lib/domain's. A real
// run the plan says cannot complete is refused here, before anything changes.

import type { NodegroupInfo } from '@/lib/domain/model';
import { planNodeAction, type NodeActionKind, type NodeActionOptions, type NodeActionPlan } from '@/lib/domain/node-action-plan';
import { planSummary } from '@/lib/domain/node-action-words';
import { listNodegroups } from './eks/client';
import { eksFor } from './eks/for-cluster';
import { AppError } from './errors';
import { log } from './log';
import { serverPriceTable } from './prices';
import { getTopology } from './topology-hub';

async function nodegroupsOf(clusterId: string): Promise<NodegroupInfo[] | undefined> {
  const eks = eksFor(clusterId);
  if (!eks) return undefined;
  try {
    return await listNodegroups(eks.client, eks.clusterName);
  } catch (err) {
    // The plan still stands on the nodes the cluster shows; it only cannot say a group is full.
    log('warn', 'EKS node groups unavailable for a node action plan', { cluster: clusterId, error: (err as Error).message });
    return undefined;
  }
}

export async function nodeActionPlan(clusterId: string, node: string, action: NodeActionKind, options: NodeActionOptions = {}): Promise<NodeActionPlan> {
  const [snapshot, nodegroups] = await Promise.all([getTopology(clusterId), action === 'drain' || action === 'drain-restart' ? nodegroupsOf(clusterId) : undefined]);
  return planNodeAction({ ...snapshot, node, action, options, nodegroups, prices: serverPriceTable() });
}

/**
 * 409 with the plan (its refusals as codes, their words in the message) when it cannot complete.
 * A node the cache does not know is left to the API server, whose 404 says it in its own words.
 */
export function refuseUnlessPossible(plan: NodeActionPlan): void {
  if (plan.canProceed || plan.refusals.every((r) => r.code === 'node-not-found')) return;
  throw new AppError(409, 'plan_refused', planSummary(plan), { plan });
}
