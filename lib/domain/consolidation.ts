// Consolidation verdicts: for each node, would EKS Auto Mode / Karpenter remove it now, later, or
// never, and why. The candidates come from one builder (consolidation-candidates.ts); the
// sandbox's consolidation controller acts on these verdicts and the review page shows them, so
// what the dashboard explains is what the simulated cluster does.
//
// Karpenter's rules, as modelled here:
// - only nodes launched for a NodePool are candidates (managed node groups are not consolidated);
// - Empty: no pods other than DaemonSet pods (policies WhenEmpty and WhenEmptyOrUnderutilized);
// - Underutilized: every pod fits on the other nodes (WhenEmptyOrUnderutilized only);
// - a node becomes a candidate only `consolidateAfter` after its pods last changed; `Never` turns
//   consolidation off;
// - `karpenter.sh/do-not-disrupt: "true"` on a pod, or on the node, blocks it;
// - a PodDisruptionBudget that allows no disruption blocks it;
// - the pool's disruption budgets cap how many nodes go at once.

import type { Resources } from './model';
import { allowedDisruptions, parseDuration, type Budget, type DisruptionReason } from './disruption-budgets';
import { describeMisfits, pack, type FitNode, type FitPod } from './fit';

export interface PoolPolicy {
  name: string;
  consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
  /** Go duration or `Never`. */
  consolidateAfter: string;
  budgets?: Budget[];
}

export interface CandidatePod extends FitPod {
  daemonSet: boolean;
  doNotDisrupt: boolean;
  /** A PodDisruptionBudget covering the pod allows no disruption right now. */
  pdbBlocked?: string;
}

export interface CandidateNode extends FitNode {
  /** The NodePool that launched it; undefined for managed node groups and other nodes. */
  pool?: string;
  pods: CandidatePod[];
  /** When pods were last scheduled onto or removed from the node (or its creation time). */
  lastPodChange: Date;
  doNotDisrupt: boolean;
  /** Already being removed (tainted karpenter.sh/disrupted or deleting). */
  disrupting: boolean;
  hourlyPrice?: number;
  /** The NodeClaim the node was launched for (what Events about its disruption name). */
  nodeClaim?: string;
}

export type VerdictState = 'consolidate' | 'waiting' | 'blocked' | 'keep' | 'disrupting' | 'unmanaged';

export interface Verdict {
  node: string;
  pool?: string;
  state: VerdictState;
  reason?: DisruptionReason;
  /** One sentence for events and the review page. */
  message: string;
  /** For `waiting`: when the stabilization period ends. */
  eligibleAt?: string;
  /** For `consolidate` (underutilized): where each pod would go. */
  destinations?: Record<string, string>;
  hourlySavings?: number;
}

export function consolidationVerdicts(nodes: readonly CandidateNode[], pools: Record<string, PoolPolicy>, now: Date): Verdict[] {
  const removed = new Set(nodes.filter((n) => n.disrupting).map((n) => n.name));
  // Budgets are spent per pool and reason as verdicts are handed out.
  const spent = new Map<string, number>();
  const poolSize = new Map<string, number>();
  for (const n of nodes) if (n.pool) poolSize.set(n.pool, (poolSize.get(n.pool) ?? 0) + 1);
  const disruptingInPool = new Map<string, number>();
  for (const n of nodes) if (n.pool && n.disrupting) disruptingInPool.set(n.pool, (disruptingInPool.get(n.pool) ?? 0) + 1);
  // Reusable capacity changes as candidates are accepted: usage of other nodes is tracked here.
  let capacity: FitNode[] = nodes.map((n) => ({ ...n, used: { ...n.used } }));

  // Nodes that will receive pods from an accepted candidate must stay.
  const receiving = new Map<string, string>();
  const verdicts = new Map<string, Verdict>();
  // Cheapest to disrupt first: empty nodes, then the fewest pods, as Karpenter orders candidates.
  const order = [...nodes].sort((a, b) => workloadPods(a).length - workloadPods(b).length || a.name.localeCompare(b.name));
  for (const node of order) {
    const v = judge(node);
    verdicts.set(node.name, v);
  }
  return nodes.map((n) => verdicts.get(n.name)!);

  function judge(node: CandidateNode): Verdict {
    const base = { node: node.name, pool: node.pool };
    if (node.disrupting) return { ...base, state: 'disrupting', message: 'Being removed: pods are being evicted and the node will terminate.' };
    if (!node.pool) return { ...base, state: 'unmanaged', message: 'Not launched by a NodePool (e.g. a managed node group): Auto Mode does not consolidate it.' };
    const policy = pools[node.pool];
    if (!policy) return { ...base, state: 'unmanaged', message: `NodePool ${node.pool} no longer exists.` };
    if (policy.consolidateAfter === 'Never') return { ...base, state: 'keep', message: `NodePool ${policy.name} has consolidateAfter: Never.` };

    const source = receiving.get(node.name);
    if (source) return { ...base, state: 'keep', message: `Receives pods from ${source}, which is being consolidated.` };

    const pods = workloadPods(node);
    const reason: DisruptionReason | undefined =
      pods.length === 0 ? 'Empty' : policy.consolidationPolicy === 'WhenEmptyOrUnderutilized' ? 'Underutilized' : undefined;
    if (!reason) return { ...base, state: 'keep', message: `Has ${pods.length} pod(s) and NodePool ${policy.name} only consolidates empty nodes (WhenEmpty).` };

    if (node.doNotDisrupt) return { ...base, state: 'blocked', reason, message: 'The node is annotated karpenter.sh/do-not-disrupt: "true".' };
    const pinned = pods.find((p) => p.doNotDisrupt);
    if (pinned) return { ...base, state: 'blocked', reason, message: `Pod ${pinned.key} has karpenter.sh/do-not-disrupt: "true".` };
    const guarded = pods.find((p) => p.pdbBlocked);
    if (guarded) return { ...base, state: 'blocked', reason, message: `Pod ${guarded.key} is protected by PodDisruptionBudget ${guarded.pdbBlocked}, which allows no disruption now.` };

    let destinations: Record<string, string> | undefined;
    let after: FitNode[] | undefined;
    if (reason === 'Underutilized') {
      const others = capacity.filter((n) => n.name !== node.name && !removed.has(n.name));
      const packing = pack(pods, others);
      if (packing.unplaced.length > 0) {
        const first = packing.unplaced[0];
        return {
          ...base,
          state: 'keep',
          message: `Not underutilized enough: ${first.pod.key} would not fit elsewhere (${describeMisfits(others.length, first.reasons)})`,
        };
      }
      destinations = Object.fromEntries(packing.placed);
      after = packing.nodes;
    }

    const stableSince = node.lastPodChange.getTime();
    const waitMs = safeDuration(policy.consolidateAfter);
    if (now.getTime() < stableSince + waitMs) {
      return {
        ...base,
        state: 'waiting',
        reason,
        eligibleAt: new Date(stableSince + waitMs).toISOString(),
        message: `${reason === 'Empty' ? 'Empty' : 'Underutilized'}; eligible for consolidation once its pods have been stable for ${policy.consolidateAfter}.`,
        destinations,
      };
    }

    const key = `${node.pool}/${reason}`;
    const { allowed, limitedBy } = allowedDisruptions(policy.budgets, {
      total: poolSize.get(node.pool) ?? 0,
      disrupting: (disruptingInPool.get(node.pool) ?? 0) + (spent.get(key) ?? 0),
      reason,
      now,
    });
    if (allowed <= 0) {
      return {
        ...base,
        state: 'blocked',
        reason,
        message: `Disruption budget of NodePool ${node.pool} allows no more ${reason} disruptions now${limitedBy ? ` (nodes: ${limitedBy.nodes}${limitedBy.schedule ? `, schedule "${limitedBy.schedule}" for ${limitedBy.duration}` : ''})` : ''}.`,
      };
    }
    spent.set(key, (spent.get(key) ?? 0) + 1);
    removed.add(node.name);
    if (after) {
      // Later candidates must not count on the room these pods now take.
      const byName = new Map(after.map((n) => [n.name, n]));
      capacity = capacity.map((n) => byName.get(n.name) ?? n);
      for (const target of Object.values(destinations ?? {})) receiving.set(target, node.name);
    }
    return {
      ...base,
      state: 'consolidate',
      reason,
      message:
        reason === 'Empty'
          ? 'Empty: no workload pods; Auto Mode will remove it.'
          : `Underutilized: its ${pods.length} pod(s) fit on other nodes; Auto Mode will move them and remove it.`,
      destinations,
      hourlySavings: node.hourlyPrice,
    };
  }
}

function workloadPods(n: CandidateNode): CandidatePod[] {
  return n.pods.filter((p) => !p.daemonSet);
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}

export const ZERO: Resources = Object.freeze({ cpuMillis: 0, memoryBytes: 0, pods: 0 }) as Resources;
