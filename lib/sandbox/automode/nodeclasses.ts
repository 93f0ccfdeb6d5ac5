// NodeClass status, as EKS Auto Mode reports it: resolved subnets, security groups and instance
// profile, and the Ready / SubnetsReady / SecurityGroupsReady / InstanceProfileReady conditions.
import { equal, type KObject, type Store } from '../store';
import { SUBNETS } from '../eks/cluster';
import type { Iam } from './iam';
import { hasTrueCondition } from '../conditions';

const SECURITY_GROUPS = [{ id: 'sg-0a1b2c3d4e5f60000', name: 'eks-cluster-sg-sandbox' }];

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export function nodeClassStatus(nc: KObject, iam: Iam, now: string, previous: Condition[] = []) {
  const spec = nc.spec ?? {};
  const subnets = Object.entries(SUBNETS)
    .filter(([id]) => matchesTerms(spec.subnetSelectorTerms, id))
    .map(([id, zone]) => ({ id, zone, zoneID: `use1-az${zone.at(-1) === 'a' ? 1 : zone.at(-1) === 'b' ? 2 : 4}` }));
  const groups = SECURITY_GROUPS.filter((g) => matchesTerms(spec.securityGroupSelectorTerms, g.id));
  const role: string | undefined = spec.role;
  const roleOk = role ? iam.hasRole(role) : Boolean(spec.instanceProfile);
  const cond = (type: string, ok: boolean, reason: string, message: string): Condition => {
    const status = ok ? 'True' : 'False';
    const before = previous.find((c) => c.type === type);
    return {
      type,
      status,
      reason,
      message,
      lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
      observedGeneration: nc.metadata.generation,
    };
  };
  const conditions = [
    cond('SubnetsReady', subnets.length > 0, subnets.length ? 'SubnetsReady' : 'SubnetsNotFound', subnets.length ? '' : 'SubnetSelector did not match any subnets'),
    cond(
      'SecurityGroupsReady',
      groups.length > 0,
      groups.length ? 'SecurityGroupsReady' : 'SecurityGroupsNotFound',
      groups.length ? '' : 'SecurityGroupSelector did not match any security groups',
    ),
    cond(
      'InstanceProfileReady',
      roleOk,
      roleOk ? 'InstanceProfileReady' : 'InstanceProfileNotReady',
      roleOk ? '' : role ? `Failed to resolve role "${role}": the role does not exist (NoSuchEntity)` : 'Neither role nor instanceProfile is set',
    ),
  ];
  const notReady = conditions.filter((c) => c.status !== 'True');
  conditions.unshift(
    cond('Ready', notReady.length === 0, notReady.length ? 'UnhealthyDependents' : 'Ready', notReady.map((c) => `${c.type}=False: ${c.message}`).join('; ')),
  );
  return {
    conditions,
    subnets,
    securityGroups: groups,
    ...(roleOk ? { instanceProfile: role ? `eks-sandbox-${role}` : spec.instanceProfile } : {}),
  };
}

/** No terms means the cluster's defaults; `id` terms must name the resource; tag terms match all here. */
function matchesTerms(terms: { id?: string; tags?: Record<string, string> }[] | undefined, id: string): boolean {
  if (!Array.isArray(terms) || terms.length === 0) return true;
  return terms.some((t) => (t.id ? t.id === id : true));
}

export function isNodeClassReady(nc: KObject | undefined): boolean {
  return nc !== undefined && hasTrueCondition(nc, 'Ready');
}

/** Keeps every NodeClass's status current. Returns a function that re-evaluates all of them. */
export function reconcileNodeClasses(store: Store, iam: Iam): () => void {
  const KEY = 'eks.amazonaws.com/nodeclasses';
  const reconcile = () => {
    for (const nc of store.list(KEY)) {
      const status = nodeClassStatus(nc, iam, store.timestamp(), nc.status?.conditions);
      if (equal(status, nc.status)) continue;
      try {
        store.update(KEY, { ...nc, status });
      } catch {
        // Changed under us; the watch event brings us back.
      }
    }
  };
  store.watch(KEY, (e) => {
    if (e.type !== 'DELETED') queueMicrotask(reconcile);
  });
  reconcile();
  return reconcile;
}
