// Drift detection, as Karpenter does it: a NodeClaim whose node no longer matches what its
// NodePool (or that pool's NodeClass) asks for gets the condition Drifted=True, with the field
// that changed in its message, and an Event. Consolidation's verdicts then replace it within the
// pool's disruption budgets (consolidator.ts). Reverting the change clears the condition.
//
// What counts as drift here:
// - requirements: a node label the pool's requirements no longer allow (a key the node does not
//   carry at all is not judged: the sandbox's nodes carry the well-known labels, not every key a
//   pool may name, and Karpenter itself only compares what the NodeClaim recorded at launch);
// - nodeClassRef: the pool now points at another NodeClass;
// - the NodeClass's spec: any top-level field changed since the claim was first seen.

import { allows, describe, type Requirement } from '@/lib/domain/requirements';
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { ApiError } from '../errors';
import { upsertCondition } from '../conditions';
import { NODECLAIMS, NODECLASSES, NODEPOOLS } from './provisioner';

export interface Drift {
  reason: 'RequirementsDrifted' | 'NodeClassDrifted' | 'NodePoolDrifted';
  message: string;
}

/** Why a claim drifted from its pool and class, or undefined when it still matches. */
export function driftOf(claim: KObject, node: KObject | undefined, pool: KObject, nodeClass: KObject | undefined, classAtLaunch: Record<string, unknown> | undefined): Drift | undefined {
  const template = pool.spec?.template?.spec ?? {};
  const labels: Record<string, string> = { ...(claim.metadata.labels ?? {}), ...(node?.metadata.labels ?? {}) };
  for (const req of (template.requirements ?? []) as Requirement[]) {
    const value = labels[req.key];
    if (value === undefined) continue;
    if (!allows(req, value)) {
      return {
        reason: 'RequirementsDrifted',
        message: `NodePool ${pool.metadata.name} spec.template.spec.requirements: ${describe(req)} no longer allows ${value}`,
      };
    }
  }
  const wantClass = template.nodeClassRef?.name;
  const hadClass = claim.spec?.nodeClassRef?.name;
  if (wantClass && hadClass && wantClass !== hadClass) {
    return { reason: 'NodePoolDrifted', message: `NodePool ${pool.metadata.name} spec.template.spec.nodeClassRef changed: ${hadClass} → ${wantClass}` };
  }
  if (nodeClass && classAtLaunch) {
    const now = (nodeClass.spec ?? {}) as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(classAtLaunch), ...Object.keys(now)])].sort();
    const changed = fields.filter((f) => JSON.stringify(classAtLaunch[f]) !== JSON.stringify(now[f]));
    if (changed.length > 0) {
      return { reason: 'NodeClassDrifted', message: `NodeClass ${nodeClass.metadata.name} changed: ${changed.map((f) => `spec.${f}`).join(', ')}` };
    }
  }
  return undefined;
}

/** Marks and clears Drifted on every NodeClaim; called each consolidation pass. */
export function driftMarker(store: Store, record: RecordEvent) {
  // The NodeClass spec each claim launched with (first seen), to name the field that changed.
  const classAtLaunch = new Map<string, Record<string, unknown>>();
  return function markDrift() {
    const pools = new Map(store.list(NODEPOOLS).map((p) => [p.metadata.name, p]));
    const classes = new Map(store.list(NODECLASSES).map((c) => [c.metadata.name, c]));
    // Read in place: a pass over thousands of nodes must not copy each.
    const nodes = new Map([...store.peek('nodes')].map((n) => [n.metadata.name, n as KObject]));
    const live = new Set<string>();
    for (const claim of store.list(NODECLAIMS)) {
      const name = claim.metadata.name;
      live.add(name);
      if (claim.metadata.deletionTimestamp) continue;
      const pool = pools.get(claim.metadata.labels?.['karpenter.sh/nodepool'] ?? '');
      if (!pool) continue;
      const className = claim.spec?.nodeClassRef?.name;
      const nodeClass = classes.get(className);
      if (nodeClass && !classAtLaunch.has(name)) classAtLaunch.set(name, structuredClone(nodeClass.spec ?? {}));
      const drift = driftOf(claim, nodes.get(claim.status?.nodeName ?? ''), pool, nodeClass, classAtLaunch.get(name));
      const conditions: Array<{ type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }> = claim.status?.conditions ?? [];
      const current = conditions.find((c) => c.type === 'Drifted');
      if (drift) {
        if (current?.status === 'True' && current.message === drift.message) continue;
        write(claim, upsertCondition(conditions, { type: 'Drifted', status: 'True', reason: drift.reason, message: drift.message, lastTransitionTime: store.timestamp() }));
        record(claim, 'Normal', 'Drifted', `Drifted: ${drift.message}`);
      } else if (current) {
        write(claim, conditions.filter((c) => c.type !== 'Drifted'));
      }
    }
    for (const name of classAtLaunch.keys()) if (!live.has(name)) classAtLaunch.delete(name);
  };

  function write(claim: KObject, conditions: unknown[]) {
    try {
      store.update(NODECLAIMS, { ...claim, status: { ...claim.status, conditions } });
    } catch (err) {
      // Written concurrently (the provisioner moving it along); the next pass catches up.
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }
}
