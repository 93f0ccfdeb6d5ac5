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
// Every verdict is data: a closed code and the facts behind it (verdict.ts); its words are
// rendered from those facts in verdict-words.ts, so the review page, the CSV and the sandbox's
// Events branch on data rather than on sentences.

import type { Resources } from './model';
import { consolidatableAt } from './consolidate-after';
import { allowedDisruptions, budgetOpensAt, type Budget, type DisruptionReason } from './disruption-budgets';
import { pack, type FitNode, type FitPod } from './fit';
import { cheaperReplacement, type ReplacementOffer } from './replacement';
import type { Requirement } from './requirements';
import type { Verdict, VerdictFacts } from './verdict';
import type { Replacement } from './replacement';
import { verdictMessage } from './verdict-words';

export type { Verdict, VerdictBlocker, VerdictCode, VerdictFacts, VerdictMisfit, VerdictState } from './verdict';

export interface PoolPolicy {
  name: string;
  consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
  /** Go duration or `Never`. */
  consolidateAfter: string;
  budgets?: Budget[];
  /** The pool's requirements and the priced instance types, for a replace verdict (absent: none). */
  requirements?: Requirement[];
  offers?: ReplacementOffer[];
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

/**
 * `placement: false` leaves out where a staying node's pods would go (a repack per node, the
 * pass's largest cost on a large cluster): the sandbox's consolidator acts on verdicts and never
 * shows placements.
 */
export function consolidationVerdicts(nodes: readonly CandidateNode[], pools: Record<string, PoolPolicy>, now: Date, opts: { placement?: boolean } = {}): Verdict[] {
  const round = new Round(nodes);
  const verdicts = new Map<string, Verdict>();
  // Nodes Auto Mode may disrupt now are judged before those still waiting out consolidateAfter,
  // so a forecast never takes room a candidate of this pass needs; within each, cheapest to
  // disrupt first (empty nodes, then the fewest pods), as Karpenter orders candidates.
  const waits = (n: CandidateNode) => (stillWaiting(n, pools, now) ? 1 : 0);
  const order = [...nodes].sort((a, b) => waits(a) - waits(b) || workloadPods(a).length - workloadPods(b).length || a.name.localeCompare(b.name));
  for (const node of order) {
    const facts = judge(node, pools, round, now);
    verdicts.set(node.name, { ...facts, message: verdictMessage(facts) });
  }
  // Once the pass is decided: where a staying node's pods would go, on the nodes that stay.
  if (opts.placement === false) return nodes.map((n) => verdicts.get(n.name)!);
  return nodes.map((n) => withPlacement(verdicts.get(n.name)!, n, round));
}

/** Verdicts that do not move pods say where they would go: any node can be asked "what if it went". */
function withPlacement(v: Verdict, node: CandidateNode, round: Round): Verdict {
  const pods = workloadPods(node);
  if (v.destinations || v.state === 'replace' || pods.length === 0) return v;
  const { packing } = round.repack(node, pods);
  const placement: Record<string, string | null> = Object.fromEntries(packing.placed);
  for (const { pod } of packing.unplaced) placement[pod.key] = null;
  return { ...v, placement };
}

/**
 * What one pass has decided so far: verdicts are handed out one node at a time, and each one
 * accepted changes what the next may do (room on the other nodes, nodes that must stay because
 * they receive pods, the pools' disruption budgets).
 */
class Round {
  /** Nodes already going: being disrupted, or accepted in this pass. */
  readonly removed: Set<string>;
  /** The other nodes' usage, as accepted candidates' pods move onto them. */
  capacity: FitNode[];
  /** Nodes receiving pods from an accepted or waiting candidate (→ that candidate): they must stay. */
  readonly receiving = new Map<string, { from: string; waiting: boolean }>();
  private readonly poolSize = new Map<string, number>();
  private readonly disruptingInPool = new Map<string, number>();
  /** Budget spent in this pass, per `pool/reason`. */
  private readonly spent = new Map<string, number>();

  constructor(nodes: readonly CandidateNode[]) {
    this.removed = new Set(nodes.filter((n) => n.disrupting).map((n) => n.name));
    this.capacity = nodes.map((n) => ({ ...n, used: { ...n.used } }));
    for (const n of nodes) {
      if (!n.pool) continue;
      this.poolSize.set(n.pool, (this.poolSize.get(n.pool) ?? 0) + 1);
      if (n.disrupting) this.disruptingInPool.set(n.pool, (this.disruptingInPool.get(n.pool) ?? 0) + 1);
    }
  }

  /** Where the node's pods would go on the nodes that stay. */
  repack(node: CandidateNode, pods: CandidatePod[]) {
    const others = this.capacity.filter((n) => n.name !== node.name && !this.removed.has(n.name));
    return { packing: pack(pods, others), others: others.length };
  }

  /** The pool's budget for `reason`, counting the nodes already going. */
  budget(pool: string, budgets: Budget[] | undefined, reason: DisruptionReason, now: Date) {
    const disrupting = (this.disruptingInPool.get(pool) ?? 0) + (this.spent.get(`${pool}/${reason}`) ?? 0);
    const ask = { total: this.poolSize.get(pool) ?? 0, disrupting, reason, now };
    const { allowed, limitedBy } = allowedDisruptions(budgets, ask);
    return { allowed, limitedBy, opensAt: () => budgetOpensAt(budgets, ask) };
  }

  /** The node goes: its budget is spent, and its pods take their room on their destinations. */
  accept(node: CandidateNode, pool: string, reason: DisruptionReason, move?: Move) {
    const key = `${pool}/${reason}`;
    this.spent.set(key, (this.spent.get(key) ?? 0) + 1);
    this.reserve(node, move);
  }

  /**
   * The node is expected to go (now, or once it has waited out consolidateAfter): no later node
   * may send pods to it, and its pods' room on their destinations is taken, so two half-empty
   * nodes never each count on the other and the savings count one node, not two.
   */
  reserve(node: CandidateNode, move?: Move, waiting = false) {
    this.removed.add(node.name);
    if (!move) return;
    // Later candidates must not count on the room these pods now take.
    const byName = new Map(move.after.map((n) => [n.name, n]));
    this.capacity = this.capacity.map((n) => byName.get(n.name) ?? n);
    for (const target of Object.values(move.destinations)) this.receiving.set(target, { from: node.name, waiting });
  }
}

/** An underutilized node's pods, placed on the nodes that stay. */
interface Move {
  destinations: Record<string, string>;
  /** The other nodes' usage with the pods placed. */
  after: FitNode[];
}

/** The rules in the order Karpenter applies them; the first that decides gives the verdict. */
function judge(node: CandidateNode, pools: Record<string, PoolPolicy>, round: Round, now: Date): VerdictFacts {
  const base = { node: node.name, pool: node.pool };
  const outside = notACandidate(node, pools);
  if (outside) return outside;
  const policy = pools[node.pool!];
  const pods = workloadPods(node);
  const reason = disruptionReason(node, policy, pods.length);
  if (reason !== 'Drifted' && policy.consolidateAfter === 'Never') return { ...base, state: 'keep', code: 'ConsolidateNever' };
  const source = round.receiving.get(node.name);
  if (source) return { ...base, state: 'keep', code: 'Receiving', receivingFrom: source.from, ...(source.waiting ? { receivingLater: true } : {}) };
  if (!reason) return { ...base, state: 'keep', code: 'PolicyWhenEmpty', pods: pods.length };

  const going = { ...base, reason, ...(node.drift !== undefined ? { drift: node.drift } : {}) };
  const blocked = blockedByAnnotationOrPdb(node, pods);
  if (blocked) return { ...going, ...blocked };

  let move: Move | undefined;
  let replacement: Replacement | undefined;
  if (reason === 'Underutilized') {
    const { packing, others } = round.repack(node, pods);
    const first = packing.unplaced[0];
    if (first) {
      // Not onto the others: perhaps onto one cheaper node of a type the pool allows.
      replacement = cheaperReplacement(node, { workload: pods, daemonSet: node.pods.filter((p) => p.daemonSet) }, { requirements: policy.requirements ?? [], offers: policy.offers ?? [] });
      if (!replacement) return { ...base, state: 'keep', code: 'DoesNotFit', misfit: { pod: first.pod.key, nodes: others, reasons: first.reasons } };
    } else move = { destinations: Object.fromEntries(packing.placed), after: packing.nodes };
  }
  const swap = replacement ? { code: 'Replace' as const, replacement, hourlySavings: node.hourlyPrice! - replacement.hourly } : undefined;

  // Drift does not wait for pods to settle: the node no longer matches what its pool asks for.
  const eligibleAt = reason === 'Drifted' ? undefined : consolidatableAt(policy.consolidateAfter, node.lastPodChange);
  if (eligibleAt && now.getTime() < eligibleAt.getTime()) {
    round.reserve(node, move, true);
    return { ...base, state: 'waiting', code: codeOf(reason), reason, pods: pods.length, eligibleAt: eligibleAt.toISOString(), consolidateAfter: policy.consolidateAfter, destinations: move?.destinations, ...swap };
  }

  const budget = round.budget(node.pool!, policy.budgets, reason, now);
  if (budget.allowed <= 0) {
    const opensAt = budget.opensAt();
    const blockedBy = { ...(budget.limitedBy ? { budget: budget.limitedBy } : {}), ...(opensAt ? { opensAt: opensAt.toISOString() } : {}) };
    return { ...going, state: 'blocked', code: 'Budget', blockedBy };
  }
  round.accept(node, node.pool!, reason, move);
  if (reason === 'Drifted') return { ...going, state: 'replace', code: 'Drifted', hourlySavings: 0 };
  if (swap) return { ...base, state: 'replace', reason, pods: pods.length, ...swap };
  return { ...base, state: 'consolidate', code: codeOf(reason), reason, pods: pods.length, destinations: move?.destinations, hourlySavings: node.hourlyPrice };
}

/** Nodes consolidation does not weigh at all: going already, not a NodePool's, or not settled yet. */
function notACandidate(node: CandidateNode, pools: Record<string, PoolPolicy>): VerdictFacts | undefined {
  const base = { node: node.name, pool: node.pool };
  if (node.disrupting) return { ...base, state: 'disrupting', code: 'Disrupting' };
  if (!node.pool) {
    const group = node.labels['eks.amazonaws.com/nodegroup'] ?? node.labels['alpha.eksctl.io/nodegroup-name'];
    return group ? { ...base, state: 'unmanaged', code: 'ManagedNodeGroup', nodeGroup: group } : { ...base, state: 'unmanaged', code: 'NotManaged' };
  }
  if (!pools[node.pool]) return { ...base, state: 'unmanaged', code: 'NoNodePool' };
  if (node.ready === false) return { ...base, state: 'keep', code: 'NotReady' };
  if (node.initialized === false) return { ...base, state: 'keep', code: 'Initializing' };
  return undefined;
}

/** Drift first (whatever the policy), then empty, then underutilized where the policy allows it. */
function disruptionReason(node: CandidateNode, policy: PoolPolicy, workloadPodCount: number): DisruptionReason | undefined {
  if (node.drift !== undefined) return 'Drifted';
  if (workloadPodCount === 0) return 'Empty';
  return policy.consolidationPolicy === 'WhenEmptyOrUnderutilized' ? 'Underutilized' : undefined;
}

/** karpenter.sh/do-not-disrupt on the node or one of its pods, or a PodDisruptionBudget that allows nothing. */
function blockedByAnnotationOrPdb(node: CandidateNode, pods: CandidatePod[]): Pick<VerdictFacts, 'state' | 'code' | 'blockedBy'> | undefined {
  if (node.doNotDisrupt) return { state: 'blocked', code: 'DoNotDisrupt', blockedBy: { node: node.name } };
  const pinned = pods.find((p) => p.doNotDisrupt);
  if (pinned) return { state: 'blocked', code: 'DoNotDisrupt', blockedBy: { pod: pinned.key } };
  const guarded = pods.find((p) => p.pdbBlocked);
  if (guarded) return { state: 'blocked', code: 'PDB', blockedBy: { pod: guarded.key, pdb: guarded.pdbBlocked } };
  return undefined;
}

/** A NodePool node, not drifted, whose pods changed less than consolidateAfter ago. */
function stillWaiting(node: CandidateNode, pools: Record<string, PoolPolicy>, now: Date): boolean {
  const policy = node.pool ? pools[node.pool] : undefined;
  if (!policy || node.drift !== undefined) return false;
  const eligibleAt = consolidatableAt(policy.consolidateAfter, node.lastPodChange);
  return eligibleAt !== undefined && now.getTime() < eligibleAt.getTime();
}

const codeOf = (reason: DisruptionReason) => (reason === 'Empty' ? 'Empty' : 'Underutilized');

function workloadPods(n: CandidateNode): CandidatePod[] {
  return n.pods.filter((p) => !p.daemonSet);
}

export const ZERO: Resources = Object.freeze({ cpuMillis: 0, memoryBytes: 0, pods: 0 }) as Resources;
