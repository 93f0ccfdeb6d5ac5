// Which pods kube-scheduler's default preemption would remove to make room for a pending pod, and
// on which node, over plain data: the sandbox's scheduler acts on it and the dashboard can ask it.
// The rules are the scheduler's DefaultPreemption plugin:
// - only nodes whose failure could be resolved by removing pods are tried (not enough cpu,
//   memory or pod slots, anti-affinity, spreading); a node the pod can never use (selector,
//   taint, cordon, not ready) is "not helpful";
// - on a node, every pod of lower priority is removed; if the pod still does not fit the node is
//   no candidate; otherwise removed pods are given back, most important first (higher priority,
//   then the earlier started), those whose PodDisruptionBudget would be violated first, and each
//   one that still leaves room stays; the rest are the victims;
// - among candidates: fewest PDB violations, then the lowest highest-victim priority, then the
//   smallest sum of victim priorities, then the fewest victims, then the latest start among the
//   highest-priority victims, then the first node.
import { misfit, placedPod, PlacementIndex, type FitNode, type FitPod, type Misfit } from './fit';
import { matchesLabelSelector, type LabelSelector } from './label-selector';

export interface PriorityPod extends FitPod {
  priority: number;
  /** status.startTime in ms (absent: not started, the least important of equals). */
  startedAt?: number;
}

export interface PdbLike {
  namespace: string;
  selector: LabelSelector;
  disruptionsAllowed: number;
  /** Pods (names) already being disrupted under this budget: not counted again. */
  disruptedPods?: readonly string[];
}

export type NodeOutcome =
  | { node: string; kind: 'candidate'; victims: PriorityPod[]; pdbViolations: number }
  /** Removing pods cannot help here (the pod may never go on this node). */
  | { node: string; kind: 'not-helpful' }
  | { node: string; kind: 'no-victims' }
  /** Even without every lower-priority pod the pod does not fit, for this reason. */
  | { node: string; kind: 'misfit'; why: Misfit };

/** Misfits that taking pods away could resolve (the scheduler's Unschedulable, not …AndUnresolvable). */
const RESOLVABLE: ReadonlySet<Misfit> = new Set<Misfit>(['cpu', 'memory', 'pods', 'pod-anti-affinity', 'existing-anti-affinity', 'spread']);

export const preemptionMightHelp = (why: Misfit) => RESOLVABLE.has(why);

/** More important first: higher priority, then started earlier. */
export function byImportance(a: PriorityPod, b: PriorityPod): number {
  return b.priority - a.priority || (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity);
}

const nameOf = (key: string) => key.slice(key.indexOf('/') + 1);

/** Splits pods (most important first) into those whose removal violates a budget and the rest. */
function splitByPdb(pods: readonly PriorityPod[], pdbs: readonly PdbLike[]): { violating: PriorityPod[]; safe: PriorityPod[] } {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PriorityPod[] = [];
  const safe: PriorityPod[] = [];
  for (const pod of pods) {
    const ns = pod.namespace ?? pod.key.slice(0, pod.key.indexOf('/'));
    let violated = false;
    pdbs.forEach((pdb, i) => {
      if (pdb.namespace !== ns || !matchesLabelSelector(pdb.selector, pod.labels ?? {})) return;
      if (pdb.disruptedPods?.includes(nameOf(pod.key))) return;
      allowed[i]--;
      if (allowed[i] < 0) violated = true;
    });
    (violated ? violating : safe).push(pod);
  }
  return { violating, safe };
}

/** The node with only `kept` of its pods, and an index over all nodes that sees it so. */
function withOnly(node: FitNode, residents: readonly PriorityPod[], kept: readonly PriorityPod[], nodes: readonly FitNode[]) {
  const used = { cpuMillis: node.used.cpuMillis, memoryBytes: node.used.memoryBytes, pods: node.used.pods };
  for (const gone of residents) {
    if (kept.includes(gone)) continue;
    used.cpuMillis -= gone.requests.cpuMillis;
    used.memoryBytes -= gone.requests.memoryBytes;
    used.pods -= 1;
  }
  const trial: FitNode = { ...node, used, pods: kept.map(placedPod) };
  return { trial, index: new PlacementIndex(nodes.map((n) => (n.name === node.name ? trial : n))) };
}

/**
 * The victims on one node for `pod`. `residents` are all the pods on the node (their requests are
 * in `node.used`); `nodes` are all nodes, for the rules that count pods across nodes.
 */
export function victimsOnNode(pod: PriorityPod, node: FitNode, residents: readonly PriorityPod[], nodes: readonly FitNode[], pdbs: readonly PdbLike[] = []): NodeOutcome {
  const lower = residents.filter((p) => p.priority < pod.priority).sort(byImportance);
  if (lower.length === 0) return { node: node.name, kind: 'no-victims' };
  const kept = residents.filter((p) => p.priority >= pod.priority);
  const fits = () => {
    const { trial, index } = withOnly(node, residents, kept, nodes);
    return misfit(pod, trial, index);
  };
  const why = fits();
  if (why) return { node: node.name, kind: 'misfit', why };
  const { violating, safe } = splitByPdb(lower, pdbs);
  const victims: PriorityPod[] = [];
  let pdbViolations = 0;
  const reprieve = (p: PriorityPod, violates: boolean) => {
    kept.push(p);
    if (!fits()) return;
    kept.pop();
    victims.push(p);
    if (violates) pdbViolations++;
  };
  for (const p of violating) reprieve(p, true);
  for (const p of safe) reprieve(p, false);
  return { node: node.name, kind: 'candidate', victims, pdbViolations };
}

type Candidate = Extract<NodeOutcome, { kind: 'candidate' }>;

// int32 priorities shifted to be non-negative, so a sum favours fewer and lower victims alike.
const SHIFT = 2 ** 31;

/** Every candidate's score by one rule after another, keeping only the best at each step. */
const RULES: ((c: Candidate) => number)[] = [
  (c) => c.pdbViolations,
  (c) => Math.max(...c.victims.map((v) => v.priority)),
  (c) => c.victims.reduce((sum, v) => sum + v.priority + SHIFT, 0),
  (c) => c.victims.length,
  // The latest earliest-start among the highest-priority victims wins: negated to keep "lowest wins".
  (c) => {
    const top = Math.max(...c.victims.map((v) => v.priority));
    return -Math.min(...c.victims.filter((v) => v.priority === top).map((v) => v.startedAt ?? Infinity));
  },
];

/** The node the scheduler nominates among candidates (undefined when there are none). */
export function pickPreemptionNode(outcomes: readonly NodeOutcome[]): Candidate | undefined {
  let left = outcomes.filter((o): o is Candidate => o.kind === 'candidate');
  const free = left.find((c) => c.victims.length === 0);
  if (free) return free;
  for (const rule of RULES) {
    if (left.length <= 1) break;
    const best = Math.min(...left.map(rule));
    left = left.filter((c) => rule(c) === best);
  }
  return left[0];
}

export interface PreemptionPlan {
  outcomes: NodeOutcome[];
  chosen?: Candidate;
}

/**
 * Preemption for a pod nothing fits: each node's outcome (for the message) and the node chosen.
 * `residentsOf` gives the pods on a node; `whyNot` is the misfit the scheduler found per node.
 */
export function planPreemption(
  pod: PriorityPod,
  nodes: readonly FitNode[],
  whyNot: ReadonlyMap<string, Misfit>,
  residentsOf: (node: string) => readonly PriorityPod[],
  pdbs: readonly PdbLike[] = [],
): PreemptionPlan {
  const outcomes = nodes.map((node): NodeOutcome => {
    const why = whyNot.get(node.name);
    if (why && !preemptionMightHelp(why)) return { node: node.name, kind: 'not-helpful' };
    return victimsOnNode(pod, node, residentsOf(node.name), nodes, pdbs);
  });
  return { outcomes, chosen: pickPreemptionNode(outcomes) };
}

const OUTCOME_WORDS = { 'not-helpful': 'Preemption is not helpful for scheduling', 'no-victims': 'No preemption victims found for incoming pod' } as const;

/** Reasons of the nodes that are no candidate, counted as the scheduler's FitError counts them. */
export function preemptionReasons(outcomes: readonly NodeOutcome[], words: (why: Misfit) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    if (o.kind === 'candidate') continue;
    const text = o.kind === 'misfit' ? words(o.why) : OUTCOME_WORDS[o.kind];
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}
