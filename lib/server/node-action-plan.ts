// A node action's plan on the server: the cluster's layout from the shared watch cache (every pod
// counts: other namespaces' pods take room and hold PDBs whether the user sees them or not; their
// names are replaced for a user who may not list them), the
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
import { visibleTopology } from './visible-topology';
import type { SessionUser } from './auth';
import { redactPlan } from '@/lib/domain/node-action-redaction';
import { namespaceFilter } from '@/lib/domain/visibility';

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

/** The plan, made on the whole cluster, with the names of what `user` may not list replaced. */
export async function nodeActionPlan(clusterId: string, user: SessionUser, node: string, action: NodeActionKind, options: NodeActionOptions = {}): Promise<NodeActionPlan> {
  const [{ full, scope }, nodegroups] = await Promise.all([visibleTopology(clusterId, user), action === 'drain' || action === 'drain-restart' ? nodegroupsOf(clusterId) : undefined]);
  const plan = planNodeAction({ ...full, node, action, options, nodegroups, prices: serverPriceTable() });
  return redactPlan(plan, namespaceFilter(scope));
}

/**
 * 409 with the plan (its refusals as codes, their words in the message) when it cannot complete.
 * A node the cache does not know is left to the API server, whose 404 says it in its own words.
 */
export function refuseUnlessPossible(plan: NodeActionPlan): void {
  if (plan.canProceed || plan.refusals.every((r) => r.code === 'node-not-found')) return;
  throw new AppError(409, 'plan_refused', planSummary(plan), { plan });
}
