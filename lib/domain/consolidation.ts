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
// - the pool's disruption budgets cap how many nodes go at once;
// - only Ready, initialized nodes are candidates (Karpenter skips nodes still launching);
// - a Drifted node is replaced whatever the consolidation policy says (drift is its own method,
//   judged before consolidation), still subject to do-not-disrupt, PDBs and the Drifted budget.
//
// Every verdict carries a closed reason code beside its words, so the review page, the CSV and
// the sandbox's Events branch on data rather than on sentences.

import type { Resources } from './model';
import { allowedDisruptions, budgetOpensAt, parseDuration, type Budget, type DisruptionReason } from './disruption-budgets';
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
  /** False while the node is not Ready (absent: Ready). */
  ready?: boolean;
  /** False while its NodeClaim has not reached Initialized (absent: initialized). */
  initialized?: boolean;
  /** Set when its NodeClaim is Drifted: what drifted, in words (e.g. the NodePool field). */
  drift?: string;
}

/** Why a node is (or is not) going, as data: one code per rule above. */
export type VerdictCode =
  | 'Empty'
  | 'Underutilized'
  | 'Drifted'
  | 'DoNotDisrupt'
  | 'PDB'
  | 'Budget'
  | 'PolicyWhenEmpty'
  | 'ConsolidateNever'
  | 'ManagedNodeGroup'
  | 'NotManaged'
  | 'NoNodePool'
  | 'NotReady'
  | 'Initializing'
  | 'Receiving'
  | 'DoesNotFit'
  | 'Disrupting';

export interface VerdictBlocker {
  /** `namespace/name` of the pod carrying do-not-disrupt or covered by the PDB. */
  pod?: string;
  /** The node itself carries do-not-disrupt. */
  node?: string;
  /** `namespace/name` of the PodDisruptionBudget. */
  pdb?: string;
  budget?: Budget;
  /** When the blocking budget next allows a disruption; absent when it never opens by itself. */
  opensAt?: string;
}

/** `replace`: drifted; Auto Mode launches a replacement first, then drains the node. */
export type VerdictState = 'consolidate' | 'replace' | 'waiting' | 'blocked' | 'keep' | 'disrupting' | 'unmanaged';

export interface Verdict {
  node: string;
  pool?: string;
  state: VerdictState;
  code: VerdictCode;
  reason?: DisruptionReason;
  blockedBy?: VerdictBlocker;
  /** For Drifted: what drifted. */
  drift?: string;
  /** For ManagedNodeGroup: the group. */
  nodeGroup?: string;
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
    if (node.disrupting) return { ...base, state: 'disrupting', code: 'Disrupting', message: 'Being removed: pods are being evicted and the node will terminate.' };
    if (!node.pool) {
      const group = node.labels['eks.amazonaws.com/nodegroup'] ?? node.labels['alpha.eksctl.io/nodegroup-name'];
      if (group) {
        return {
          ...base,
          state: 'unmanaged',
          code: 'ManagedNodeGroup',
          nodeGroup: group,
          message: `Belongs to managed node group ${group}: it scales only through the node group (its min size), Auto Mode does not consolidate it.`,
        };
      }
      return { ...base, state: 'unmanaged', code: 'NotManaged', message: 'Not launched by a NodePool: Auto Mode does not consolidate it.' };
    }
    const policy = pools[node.pool];
    if (!policy) return { ...base, state: 'unmanaged', code: 'NoNodePool', message: `NodePool ${node.pool} no longer exists.` };
    if (node.ready === false) return { ...base, state: 'keep', code: 'NotReady', message: 'The node is not Ready: Auto Mode does not disrupt it until it is.' };
    if (node.initialized === false) return { ...base, state: 'keep', code: 'Initializing', message: 'Its NodeClaim has not finished initializing: not a candidate yet.' };

    const pods = workloadPods(node);
    const drifted = node.drift !== undefined;
    const reason: DisruptionReason | undefined = drifted
      ? 'Drifted'
      : pods.length === 0
        ? 'Empty'
        : policy.consolidationPolicy === 'WhenEmptyOrUnderutilized'
          ? 'Underutilized'
          : undefined;
    if (!drifted && policy.consolidateAfter === 'Never') return { ...base, state: 'keep', code: 'ConsolidateNever', message: `NodePool ${policy.name} has consolidateAfter: Never.` };

    const source = receiving.get(node.name);
    if (source) return { ...base, state: 'keep', code: 'Receiving', message: `Receives pods from ${source}, which is being consolidated.` };

    if (!reason) {
      return { ...base, state: 'keep', code: 'PolicyWhenEmpty', message: `Has ${pods.length} pod(s) and NodePool ${policy.name} only consolidates empty nodes (WhenEmpty).` };
    }
    const driftWords = drifted ? { drift: node.drift } : {};

    if (node.doNotDisrupt) {
      return { ...base, ...driftWords, state: 'blocked', code: 'DoNotDisrupt', reason, blockedBy: { node: node.name }, message: `The node ${node.name} is annotated karpenter.sh/do-not-disrupt: "true".` };
    }
    const pinned = pods.find((p) => p.doNotDisrupt);
    if (pinned) {
      return { ...base, ...driftWords, state: 'blocked', code: 'DoNotDisrupt', reason, blockedBy: { pod: pinned.key }, message: `Pod ${pinned.key} has karpenter.sh/do-not-disrupt: "true".` };
    }
    const guarded = pods.find((p) => p.pdbBlocked);
    if (guarded) {
      return {
        ...base,
        ...driftWords,
        state: 'blocked',
        code: 'PDB',
        reason,
        blockedBy: { pod: guarded.key, pdb: guarded.pdbBlocked },
        message: `Pod ${guarded.key} is protected by PodDisruptionBudget ${guarded.pdbBlocked}, which allows no disruption now.`,
      };
    }

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
          code: 'DoesNotFit',
          message: `Not underutilized enough: ${first.pod.key} would not fit elsewhere (${describeMisfits(others.length, first.reasons)})`,
        };
      }
      destinations = Object.fromEntries(packing.placed);
      after = packing.nodes;
    }

    // Drift does not wait for pods to settle: the node no longer matches what its pool asks for.
    if (!drifted) {
      const stableSince = node.lastPodChange.getTime();
      const waitMs = safeDuration(policy.consolidateAfter);
      if (now.getTime() < stableSince + waitMs) {
        return {
          ...base,
          state: 'waiting',
          code: reason === 'Empty' ? 'Empty' : 'Underutilized',
          reason,
          eligibleAt: new Date(stableSince + waitMs).toISOString(),
          message: `${reason === 'Empty' ? 'Empty' : 'Underutilized'}; eligible for consolidation once its pods have been stable for ${policy.consolidateAfter}.`,
          destinations,
        };
      }
    }

    const key = `${node.pool}/${reason}`;
    const total = poolSize.get(node.pool) ?? 0;
    const alreadyGoing = (disruptingInPool.get(node.pool) ?? 0) + (spent.get(key) ?? 0);
    const { allowed, limitedBy } = allowedDisruptions(policy.budgets, { total, disrupting: alreadyGoing, reason, now });
    if (allowed <= 0) {
      const opensAt = budgetOpensAt(policy.budgets, { total, disrupting: alreadyGoing, reason, now });
      return {
        ...base,
        ...driftWords,
        state: 'blocked',
        code: 'Budget',
        reason,
        blockedBy: { ...(limitedBy ? { budget: limitedBy } : {}), ...(opensAt ? { opensAt: opensAt.toISOString() } : {}) },
        message: `Disruption budget of NodePool ${node.pool} allows no more ${reason} disruptions now${limitedBy ? ` (nodes: ${limitedBy.nodes}${limitedBy.schedule ? `, schedule "${limitedBy.schedule}" for ${limitedBy.duration}` : ''})` : ''}.`,
      };
    }
    spent.set(key, (spent.get(key) ?? 0) + 1);
    removed.add(node.name);
    if (drifted) {
      return {
        ...base,
        state: 'replace',
        code: 'Drifted',
        reason,
        drift: node.drift,
        message: `Drifted (${node.drift}): Auto Mode launches a replacement, then drains and removes it.`,
        hourlySavings: 0,
      };
    }
    if (after) {
      // Later candidates must not count on the room these pods now take.
      const byName = new Map(after.map((n) => [n.name, n]));
      capacity = capacity.map((n) => byName.get(n.name) ?? n);
      for (const target of Object.values(destinations ?? {})) receiving.set(target, node.name);
    }
    return {
      ...base,
      state: 'consolidate',
      code: reason === 'Empty' ? 'Empty' : 'Underutilized',
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
