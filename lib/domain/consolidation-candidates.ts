// The one place consolidation candidates are built (Karpenter's NewCandidate): from the compact
// model, each node with its pool, its pods, the PodDisruptionBudgets covering them, the
// do-not-disrupt marks, its NodeClaim and when its pods last changed. The sandbox's consolidation
// and the review page both judge what this builds with consolidationVerdicts, so the dashboard
// explains exactly what the simulated cluster does.
//
// Decisions made here rather than in the verdicts:
// - a node is managed by Auto Mode only when a NodeClaim names it; a node merely labelled with a
//   pool (a synthetic or hand-made node) is not consolidated, as Karpenter would not;
// - a PodDisruptionBudget blocks when the pods it covers, as the model holds them now, leave no
//   disruption to spare. Counting from the pods rather than reading status.disruptionsAllowed
//   keeps the answer current when the disruption controller has not caught up yet;
// - only pods that hold resources count (bound, not Succeeded or Failed; terminating pods still
//   do, their resources are reserved until they are gone).

import type { CandidateNode, CandidatePod, PoolPolicy } from './consolidation';
import { typeHourly, type PriceTable } from './pricing';
import { isSpot } from './capacity-type';
import { matchesLabelSelector } from './label-selector';
import type { NodeClaimInfo, NodeInfo, NodePoolInfo, PdbInfo, PodInfo, Resources } from './model';
import { disruptionsAllowed } from './pdb';
import { replacementOffers } from './replacement';
import { holdsResources } from './holds-resources';

export interface CandidateModel {
  nodes: readonly NodeInfo[];
  pods: readonly PodInfo[];
  pdbs: readonly PdbInfo[];
  nodeClaims: readonly NodeClaimInfo[];
  nodePools: readonly NodePoolInfo[];
}

export interface CandidateOptions {
  /**
   * When pods last arrived on or left a node, for a caller that watches pods itself. Otherwise
   * the NodeClaim's status.lastPodEventTime (Karpenter keeps it), and failing that the newest
   * pod's creation or the node's, which cannot see pods that left.
   */
  lastPodChange?: (node: string) => Date | undefined;
  /** What a node costs (the built-in us-east-1 list when absent): the savings a removal shows. */
  prices?: PriceTable;
  /**
   * Whether a node may be replaced by a cheaper one (a Replace verdict); default true. The
   * sandbox, which cannot launch a chosen type to hand the pods over yet, turns it off.
   */
  replacements?: boolean;
}

export interface Candidates {
  nodes: CandidateNode[];
  pools: Record<string, PoolPolicy>;
}

export const podKeyOf = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

export function poolPolicy(pool: NodePoolInfo): PoolPolicy {
  return {
    name: pool.name,
    consolidationPolicy: pool.disruption.consolidationPolicy,
    consolidateAfter: pool.disruption.consolidateAfter,
    budgets: pool.disruption.budgets,
  };
}

/**
 * Pods whose eviction a PodDisruptionBudget forbids right now, mapped to `namespace/pdb`: the
 * healthy pods it covers (Ready, not terminating) minus what it must keep is zero or less.
 */
export function pdbBlockedPods(pods: readonly PodInfo[], pdbs: readonly PdbInfo[]): Map<string, string> {
  const out = new Map<string, string>();
  if (pdbs.length === 0) return out;
  const byNamespace = new Map<string, PodInfo[]>();
  for (const p of pods) {
    if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    const list = byNamespace.get(p.namespace) ?? [];
    list.push(p);
    byNamespace.set(p.namespace, list);
  }
  for (const pdb of pdbs) {
    const covered = (byNamespace.get(pdb.namespace) ?? []).filter((p) => matchesLabelSelector(pdb.selector, p.labels));
    const healthy = covered.filter((p) => p.ready && !p.terminating).length;
    if (disruptionsAllowed(pdb, covered.length, healthy) > 0) continue;
    for (const p of covered) out.set(podKeyOf(p), `${pdb.namespace}/${pdb.name}`);
  }
  return out;
}

function candidatePod(p: PodInfo, blocked: Map<string, string>): CandidatePod {
  const pod: CandidatePod = {
    key: podKeyOf(p),
    namespace: p.namespace,
    requests: p.requests,
    daemonSet: p.owner?.kind === 'DaemonSet',
    doNotDisrupt: p.doNotDisrupt,
  };
  if (p.nodeSelector) pod.nodeSelector = p.nodeSelector;
  if (p.affinity) pod.affinityTerms = p.affinity;
  if (p.tolerations) pod.tolerations = p.tolerations;
  if (p.labels) pod.labels = p.labels;
  if (p.podRules) pod.podRules = p.podRules;
  const pdb = blocked.get(pod.key);
  if (pdb) pod.pdbBlocked = pdb;
  return pod;
}

const parseTime = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
};

export function buildCandidates(model: CandidateModel, options: CandidateOptions = {}): Candidates {
  const pools: Record<string, PoolPolicy> = {};
  const offers = options.replacements === false ? [] : replacementOffers(options.prices);
  for (const pool of model.nodePools) pools[pool.name] = { ...poolPolicy(pool), requirements: pool.requirements, offers };

  const claimOf = new Map<string, NodeClaimInfo>();
  for (const c of model.nodeClaims) if (c.nodeName) claimOf.set(c.nodeName, c);

  const onNode = new Map<string, PodInfo[]>();
  for (const p of model.pods) {
    if (!holdsResources(p)) continue;
    const list = onNode.get(p.nodeName!) ?? [];
    list.push(p);
    onNode.set(p.nodeName!, list);
  }
  const blocked = pdbBlockedPods(model.pods, model.pdbs);

  const nodes = model.nodes.map((node): CandidateNode => {
    const pods = onNode.get(node.name) ?? [];
    const claim = claimOf.get(node.name);
    const pool = claim ? node.labels['karpenter.sh/nodepool'] ?? claim.nodePool : undefined;
    const used: Resources = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    // creationTimestamps are RFC 3339 in UTC with whole seconds, so the newest sorts last as text.
    let newest = node.createdAt;
    for (const p of pods) {
      used.cpuMillis += p.requests.cpuMillis;
      used.memoryBytes += p.requests.memoryBytes;
      used.pods += 1;
      if (p.createdAt > newest) newest = p.createdAt;
    }
    const candidate: CandidateNode = {
      name: node.name,
      labels: node.labels,
      taints: node.taints,
      allocatable: node.allocatable,
      used,
      schedulable: !node.unschedulable && node.ready && !node.terminating,
      pool,
      pods: pods.map((p) => candidatePod(p, blocked)),
      lastPodChange: options.lastPodChange?.(node.name) ?? new Date(parseTime(claim?.lastPodEventTime ?? newest)),
      doNotDisrupt: node.doNotDisrupt === true,
      disrupting: node.terminating,
      hourlyPrice: typeHourly(node.instanceType, { autoMode: Boolean(pool), spot: isSpot(node.capacityType) }, options.prices),
    };
    if (claim) {
      candidate.nodeClaim = claim.name;
      candidate.initialized = claim.stage === 'Initialized';
      if (claim.drifted) candidate.drift = claim.driftReason ?? 'its NodePool or NodeClass changed';
    }
    if (!node.ready) candidate.ready = false;
    return candidate;
  });
  return { nodes, pools };
}
