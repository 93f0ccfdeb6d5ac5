// What-if placement: would these pods fit on those nodes? The same rules the scheduler applies
// for requests, max pods, nodeSelector, required node affinity, taints, required pod
// (anti-)affinity and DoNotSchedule topology spread (pod-placement.ts), over plain data, so
// consolidation (sandbox) and planning (UI) can ask "if this node went away, where would its pods
// go?" without a cluster.

import type { Resources } from './model';
import { affinityAllows, anyUntoleratedTaint, selectorAllows, tolerates, type Requirement, type TaintLike, type Toleration } from './requirements';
import { UNSCHEDULABLE_TAINT } from './daemon-placement';
import { PlacementIndex, type PlacedPod, type PlacementMisfit, type PlacingPod, type InterPodRules } from './pod-placement';

export { PlacementIndex };

export interface FitPod {
  /** `namespace/name`, for reporting. */
  key: string;
  requests: Resources;
  nodeSelector?: Record<string, string>;
  /** Required node affinity terms (ORed); each term's requirements are ANDed. */
  affinityTerms?: Requirement[][];
  tolerations?: Toleration[];
  /** Defaults to the namespace in `key`. */
  namespace?: string;
  labels?: Record<string, string>;
  /** Required pod (anti-)affinity and spread constraints, shared by a workload's pods. */
  podRules?: InterPodRules;
}

export interface FitNode {
  name: string;
  labels: Record<string, string>;
  taints: TaintLike[];
  allocatable: Resources;
  /** Requests of the pods already on the node. */
  used: Resources;
  schedulable: boolean;
  /**
   * spec.unschedulable (kubectl cordon): only pods that tolerate the unschedulable taint may go
   * there (DaemonSet pods do). A node that is both is reported as not schedulable.
   */
  cordoned?: boolean;
  /** The pods on the node, as far as the inter-pod rules need them (absent: none matter). */
  pods?: readonly PlacedPod[];
}

export type Misfit = 'unschedulable' | 'selector' | 'taint' | 'cpu' | 'memory' | 'pods' | PlacementMisfit;

/** The pod as the inter-pod rules see it (and count it once it is placed). */
export function placedPod(pod: FitPod): PlacedPod {
  return { key: pod.key, namespace: pod.namespace, labels: pod.labels, podRules: pod.podRules };
}

/**
 * Why the pod cannot go on the node, or undefined when it fits. The inter-pod rules count pods
 * across nodes (a zone rule sees every node of the zone), so `index` is built over every node
 * considered; it is required, so that no caller can skip zone and spread rules by leaving it out.
 */
export function misfit(pod: FitPod, node: FitNode, index: PlacementIndex): Misfit | undefined {
  if (!node.schedulable) return 'unschedulable';
  if (node.cordoned && !tolerates(pod.tolerations, UNSCHEDULABLE_TAINT)) return 'unschedulable';
  if (!selectorAllows(pod.nodeSelector, node.labels)) return 'selector';
  if (!affinityAllows(pod.affinityTerms, node)) return 'selector';
  if (anyUntoleratedTaint(pod.tolerations, node.taints)) return 'taint';
  if (node.used.pods + 1 > node.allocatable.pods) return 'pods';
  if (node.used.cpuMillis + pod.requests.cpuMillis > node.allocatable.cpuMillis) return 'cpu';
  if (node.used.memoryBytes + pod.requests.memoryBytes > node.allocatable.memoryBytes) return 'memory';
  if (!pod.podRules && !index.hasAntiAffinity()) return undefined;
  return index.misfit(placingPod(pod), node);
}

/** One PlacingPod per FitPod, so the index's per-pod caches hold across the nodes checked. */
const placing = new WeakMap<FitPod, PlacingPod>();
function placingPod(pod: FitPod): PlacingPod {
  let p = placing.get(pod);
  if (!p) placing.set(pod, (p = { ...placedPod(pod), nodeSelector: pod.nodeSelector, affinityTerms: pod.affinityTerms }));
  return p;
}

export interface Packing {
  /** pod key → node name */
  placed: Map<string, string>;
  unplaced: { pod: FitPod; reasons: Partial<Record<Misfit, number>> }[];
  /** The nodes' usage after placing. */
  nodes: FitNode[];
}

/**
 * Places pods onto nodes, biggest first, each on the fullest node it fits (bin packing, as Auto
 * Mode favours). Pure: the input nodes are not changed.
 */
export function pack(pods: readonly FitPod[], nodes: readonly FitNode[]): Packing {
  // A node's pod list is copied when a pod is placed on it: pods placed here join it, so a later
  // pack over `nodes` (consolidation judges candidates one after another) sees them. The lists of
  // nodes nothing lands on stay the callers' own (copying all of them for every candidate judged
  // was most of a 1,000-node review).
  const work = nodes.map((n) => ({ ...n, used: { ...n.used }, pods: n.pods ?? [] }));
  const own = new Map<FitNode, PlacedPod[]>();
  const index = new PlacementIndex(work);
  const placed = new Map<string, string>();
  const unplaced: Packing['unplaced'] = [];
  const order = [...pods].sort((a, b) => b.requests.cpuMillis - a.requests.cpuMillis || b.requests.memoryBytes - a.requests.memoryBytes);
  for (const pod of order) {
    let best: (typeof work)[number] | undefined;
    const reasons: Partial<Record<Misfit, number>> = {};
    for (const node of work) {
      const why = misfit(pod, node, index);
      if (why) {
        reasons[why] = (reasons[why] ?? 0) + 1;
        continue;
      }
      if (!best || fullness(node) > fullness(best)) best = node;
    }
    if (!best) {
      unplaced.push({ pod, reasons });
      continue;
    }
    best.used.cpuMillis += pod.requests.cpuMillis;
    best.used.memoryBytes += pod.requests.memoryBytes;
    best.used.pods += 1;
    let list = own.get(best);
    if (!list) own.set(best, (list = best.pods = [...best.pods]));
    list.push(placedPod(pod));
    index.add(pod, best);
    placed.set(pod.key, best.name);
  }
  return { placed, unplaced, nodes: work };
}

function fullness(n: FitNode): number {
  const cpu = n.allocatable.cpuMillis ? n.used.cpuMillis / n.allocatable.cpuMillis : 1;
  const mem = n.allocatable.memoryBytes ? n.used.memoryBytes / n.allocatable.memoryBytes : 1;
  return Math.max(cpu, mem);
}

const MISFIT_WORDS: Record<Misfit, string> = {
  unschedulable: 'node(s) were unschedulable',
  selector: "node(s) didn't match Pod's node affinity/selector",
  taint: 'node(s) had untolerated taint',
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
  pods: 'Too many pods',
  'pod-affinity': "node(s) didn't match pod affinity rules",
  'pod-anti-affinity': "node(s) didn't match pod anti-affinity rules",
  'existing-anti-affinity': "node(s) didn't satisfy existing pods anti-affinity rules",
  spread: "node(s) didn't match pod topology spread constraints",
  'spread-label': "node(s) didn't match pod topology spread constraints (missing required label)",
};

export const misfitWords = (m: Misfit): string => MISFIT_WORDS[m];

/** The scheduler's summary: `0/5 nodes are available: 2 Insufficient cpu, 3 node(s) didn't match…`. */
export function describeMisfits(total: number, reasons: Partial<Record<Misfit, number>>): string {
  return describeReasons(total, new Map((Object.entries(reasons) as [Misfit, number][]).map(([k, n]) => [MISFIT_WORDS[k], n])));
}

/** The same summary over reasons in words (preemption adds its own, such as "No preemption victims found…"). */
export function describeReasons(total: number, reasons: ReadonlyMap<string, number>): string {
  const parts = [...reasons].map(([text, n]) => `${n} ${text}`).sort();
  return `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

const HOSTNAME = 'kubernetes.io/hostname';
const hostOnly = new WeakMap<InterPodRules, InterPodRules | undefined>();

/** The rules a node's hostname alone decides: all that is known of a node not launched yet. */
function hostRules(podRules: InterPodRules | undefined): InterPodRules | undefined {
  if (!podRules) return undefined;
  if (hostOnly.has(podRules)) return hostOnly.get(podRules);
  const out: InterPodRules = {};
  const affinity = podRules.affinity?.filter((t) => t.topologyKey === HOSTNAME);
  const anti = podRules.antiAffinity?.filter((t) => t.topologyKey === HOSTNAME);
  const spread = podRules.spread?.filter((c) => c.topologyKey === HOSTNAME);
  if (affinity?.length) out.affinity = affinity;
  if (anti?.length) out.antiAffinity = anti;
  if (spread?.length) out.spread = spread;
  const result = Object.keys(out).length ? out : undefined;
  hostOnly.set(podRules, result);
  return result;
}

/**
 * Whether the pod may go on one new node together with `others`, by the same inter-pod rules as
 * `misfit`: what the provisioner asks before it puts pods in one NodeClaim, so a workload with
 * hostname anti-affinity gets a node per replica. Only hostname-keyed rules can be judged here
 * (the zone is picked for the claim afterwards). A second, empty new node stands beside it so
 * hostname spreading sees the empty domain a further launch would be.
 */
export function mayShareNewNode(pod: FitPod, others: readonly FitPod[]): boolean {
  const rules = hostRules(pod.podRules);
  if (!rules && !others.some((o) => hostRules(o.podRules)?.antiAffinity)) return true;
  const fresh: FitNode = {
    name: '(new node)',
    labels: { [HOSTNAME]: '(new node)' },
    taints: [],
    allocatable: { cpuMillis: Infinity, memoryBytes: Infinity, pods: Infinity },
    used: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    schedulable: true,
    pods: others.map((o) => ({ ...placedPod(o), podRules: hostRules(o.podRules) })),
  };
  const spare: FitNode = { ...fresh, name: '(another new node)', labels: { [HOSTNAME]: '(another new node)' }, pods: [] };
  return !new PlacementIndex([fresh, spare]).misfit({ ...placedPod(pod), podRules: rules }, fresh);
}
