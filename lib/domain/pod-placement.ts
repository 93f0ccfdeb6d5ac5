// Inter-pod placement rules, as kube-scheduler's InterPodAffinity and PodTopologySpread filters
// apply them: required pod affinity and anti-affinity (labelSelector + topologyKey, the pod's own
// namespace unless the term names others) and topology spread constraints with
// `whenUnsatisfiable: DoNotSchedule`. Soft rules (preferred terms, ScheduleAnyway) only score in
// the real scheduler, so they never make a node unfit and are not modelled. `minDomains`,
// `matchLabelKeys` and `namespaceSelector` are ignored: the scenarios never set them, and with
// minDomains unset (the default) the global minimum is what the scheduler compares against.
//
// Counting pods per topology domain is what makes this expensive on a big cluster, so the counts
// live in a PlacementIndex built once per pass and updated as pods are placed: a check is then
// O(terms + domains), never O(pods).

import { fromLabelSelectorObject, matchesLabelSelector, type LabelSelector, type LabelSelectorObject } from './label-selector';
import { affinityAllows, selectorAllows, type Requirement } from './requirements';

export interface PodAffinityTerm {
  selector: LabelSelector;
  /** Namespaces whose pods the term counts; absent means the pod's own namespace. */
  namespaces?: string[];
  topologyKey: string;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
}

/** The required inter-pod rules of a pod template: one object per workload, shared by its pods. */
export interface InterPodRules {
  affinity?: PodAffinityTerm[];
  antiAffinity?: PodAffinityTerm[];
  spread?: SpreadConstraint[];
}

/** What the rules need to know of a pod already on a node. */
export interface PlacedPod {
  /** Absent: the namespace part of `key`. */
  namespace?: string;
  /** `namespace/name`. */
  key?: string;
  labels?: Record<string, string>;
  podRules?: InterPodRules;
}

/** A pod looking for a node: its own labels and rules, and the node filter spreading honours. */
export interface PlacingPod extends PlacedPod {
  nodeSelector?: Record<string, string>;
  affinityTerms?: Requirement[][];
}

export interface PlacementNode {
  name: string;
  labels: Record<string, string>;
  pods?: readonly PlacedPod[];
}

export type PlacementMisfit = 'pod-affinity' | 'pod-anti-affinity' | 'existing-anti-affinity' | 'spread' | 'spread-label';

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const placements = new Map<string, InterPodRules | undefined>();
const MAX_PLACEMENTS = 5_000;

/**
 * The required pod (anti-)affinity and DoNotSchedule spread constraints of a pod spec, or
 * undefined when it has none. Equal specs give the same object, so a workload's pods share it and
 * the index's per-rule counts are kept once per workload, not once per pod.
 */
export function interPodRulesOf(spec: Raw): InterPodRules | undefined {
  const affinity = spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const anti = spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const spread = (Array.isArray(spec?.topologySpreadConstraints) ? spec.topologySpreadConstraints : []).filter(
    (c: Raw) => (c?.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule',
  );
  if (!affinity?.length && !anti?.length && !spread.length) return undefined;
  const id = JSON.stringify([affinity ?? null, anti ?? null, spread]);
  if (placements.has(id)) return placements.get(id);
  const out: InterPodRules = {};
  if (affinity?.length) out.affinity = affinity.map(termOf);
  if (anti?.length) out.antiAffinity = anti.map(termOf);
  if (spread.length)
    out.spread = spread.map((c: Raw) => ({
      maxSkew: Number(c.maxSkew) || 1,
      topologyKey: String(c.topologyKey),
      selector: selectorOf(c.labelSelector),
    }));
  if (placements.size >= MAX_PLACEMENTS) placements.clear();
  placements.set(id, out);
  return out;
}

function termOf(t: Raw): PodAffinityTerm {
  const term: PodAffinityTerm = { selector: selectorOf(t?.labelSelector), topologyKey: String(t?.topologyKey ?? '') };
  if (Array.isArray(t?.namespaces) && t.namespaces.length) term.namespaces = t.namespaces.map(String);
  return term;
}

/** A missing labelSelector matches no pods, as the scheduler reads it (an empty one matches all). */
function selectorOf(object: LabelSelectorObject | null | undefined): LabelSelector {
  if (!object) return { requirements: [], matchesNothing: true };
  return fromLabelSelectorObject(object);
}

export const namespaceOf = (pod: PlacedPod): string => pod.namespace ?? pod.key?.slice(0, Math.max(0, pod.key.indexOf('/'))) ?? '';

const matchesTerm = (term: PodAffinityTerm, owner: string, pod: PlacedPod) =>
  (term.namespaces ?? [owner]).includes(namespaceOf(pod)) && matchesLabelSelector(term.selector, pod.labels ?? {});

/** Pods matching one rule, per domain of its topology key, kept up to date as pods are placed. */
interface Tally {
  key: string;
  matches: (pod: PlacedPod) => boolean;
  /** Only pods on nodes that pass this filter count (spreading counts nodes the pod could use). */
  nodeOk: (node: PlacementNode) => boolean;
  byDomain: Map<string, number>;
  total: number;
}

/** An anti-affinity term of pods already placed, from one namespace: where such pods are. */
interface AntiGroup {
  term: PodAffinityTerm;
  owner: string;
  byDomain: Map<string, number>;
}

/** The pods of a set of nodes by topology domain, for the inter-pod rules. */
export class PlacementIndex {
  private readonly nodes: PlacementNode[];
  /**
   * Each node's pods as the index counts them. The callers' lists are read as they are until the
   * index places a pod on that node; then it makes its own copy (`ownLists`), whatever callers do
   * with theirs. Copying every list up front cost a review of 1,000 nodes a copy of every pod per
   * node judged.
   */
  private readonly podsOf = new Map<string, readonly PlacedPod[]>();
  private readonly ownLists = new Set<string>();
  private readonly tallies = new Map<string, Tally>();
  private readonly tallyIds = new WeakMap<object, Map<string, string>>();
  /**
   * Existing pods' anti-affinity (checked for symmetry), one group per term and namespace: a
   * workload's pods share their term, so a pod is matched against each workload once, not once
   * per node it is checked against.
   */
  private readonly anti = new Map<PodAffinityTerm, Map<string, AntiGroup>>();
  private antiGroups = 0;
  private readonly antiCache = new WeakMap<object, { groups: number; matching: AntiGroup[] }>();
  private nextId = 0;
  private version = 0;
  private readonly minCache = new WeakMap<object, { version: number; mins: number[] }>();
  /** Per pod: which spreading tally it shares (pods alike in namespace and node filter share one). */
  private readonly spreadVariants = new WeakMap<object, string>();
  private readonly spreadTallyCache = new WeakMap<object, Tally[]>();

  constructor(nodes: readonly PlacementNode[]) {
    this.nodes = [...nodes];
    for (const n of nodes) {
      this.podsOf.set(n.name, n.pods ?? []);
      for (const p of podsWithAntiAffinity(n.pods ?? [])) this.noteAnti(p, n);
    }
  }

  hasAntiAffinity(): boolean {
    return this.anti.size > 0;
  }

  /** Records a pod placed on a node, so later checks count it. */
  add(pod: PlacedPod, node: PlacementNode): void {
    const list = this.ownLists.has(node.name) ? (this.podsOf.get(node.name) as PlacedPod[]) : [...(this.podsOf.get(node.name) ?? [])];
    this.podsOf.set(node.name, list);
    this.ownLists.add(node.name);
    list.push(pod);
    this.version++;
    for (const t of this.tallies.values()) {
      const domain = node.labels[t.key];
      if (domain === undefined || !t.nodeOk(node) || !t.matches(pod)) continue;
      t.byDomain.set(domain, (t.byDomain.get(domain) ?? 0) + 1);
      t.total++;
    }
    this.noteAnti(pod, node);
  }

  /**
   * Why the inter-pod rules keep the pod off the node, or undefined. Spreading first, then
   * affinity, the pod's anti-affinity and the existing pods' anti-affinity: the scheduler's
   * PodTopologySpread and InterPodAffinity filters in their order, first failure reported.
   */
  misfit(pod: PlacingPod, node: PlacementNode): PlacementMisfit | undefined {
    const rules = pod.podRules;
    if (rules?.spread?.length) {
      if (rules.spread.some((c) => node.labels[c.topologyKey] === undefined)) return 'spread-label';
      const mins = this.spreadMins(pod);
      const tallies = this.spreadTallies(pod);
      for (const [i, c] of rules.spread.entries()) {
        const self = matchesLabelSelector(c.selector, pod.labels ?? {}) ? 1 : 0;
        if ((tallies[i].byDomain.get(node.labels[c.topologyKey]) ?? 0) + self - mins[i] > c.maxSkew) return 'spread';
      }
    }
    if (rules?.affinity?.length) {
      let all = true;
      for (const term of rules.affinity) {
        const domain = node.labels[term.topologyKey];
        if (domain === undefined) return 'pod-affinity';
        if (!this.termTally(term, namespaceOf(pod)).byDomain.get(domain)) all = false;
      }
      // The first pod of a group with affinity to itself would wait forever: the scheduler lets
      // it through when no pod anywhere matches and the pod matches its own terms.
      if (!all) {
        const nobody = rules.affinity.every((term) => this.termTally(term, namespaceOf(pod)).total === 0);
        if (!nobody || !rules.affinity.every((term) => matchesTerm(term, namespaceOf(pod), pod))) return 'pod-affinity';
      }
    }
    for (const term of rules?.antiAffinity ?? []) {
      const domain = node.labels[term.topologyKey];
      // A node without the key is in no domain, so nothing there can conflict.
      if (domain !== undefined && (this.termTally(term, namespaceOf(pod)).byDomain.get(domain) ?? 0) > 0) return 'pod-anti-affinity';
    }
    for (const g of this.antiAgainst(pod)) {
      const domain = node.labels[g.term.topologyKey];
      if (domain !== undefined && (g.byDomain.get(domain) ?? 0) > 0) return 'existing-anti-affinity';
    }
    return undefined;
  }

  /** Per pod and per state of the index: the global minimum of each spread constraint (one pass over the nodes, not one per node checked). */
  private spreadMins(pod: PlacingPod): number[] {
    const cached = this.minCache.get(pod);
    if (cached && cached.version === this.version) return cached.mins;
    const tallies = this.spreadTallies(pod);
    const mins = pod.podRules!.spread!.map((c, i) => this.minOver(c, tallies[i], pod));
    this.minCache.set(pod, { version: this.version, mins });
    return mins;
  }

  private noteAnti(pod: PlacedPod, node: PlacementNode): void {
    for (const term of pod.podRules?.antiAffinity ?? []) {
      const domain = node.labels[term.topologyKey];
      if (domain === undefined) continue;
      const owner = namespaceOf(pod);
      let byOwner = this.anti.get(term);
      if (!byOwner) this.anti.set(term, (byOwner = new Map()));
      let group = byOwner.get(owner);
      if (!group) {
        byOwner.set(owner, (group = { term, owner, byDomain: new Map() }));
        this.antiGroups++;
      }
      group.byDomain.set(domain, (group.byDomain.get(domain) ?? 0) + 1);
    }
  }

  /** The existing anti-affinity groups whose term matches the pod (cached until a new group appears; counts are live). */
  private antiAgainst(pod: PlacingPod): AntiGroup[] {
    const cached = this.antiCache.get(pod);
    if (cached && cached.groups === this.antiGroups) return cached.matching;
    const matching: AntiGroup[] = [];
    for (const byOwner of this.anti.values()) for (const g of byOwner.values()) if (matchesTerm(g.term, g.owner, pod)) matching.push(g);
    this.antiCache.set(pod, { groups: this.antiGroups, matching });
    return matching;
  }

  private termTally(term: PodAffinityTerm, owner: string): Tally {
    return this.tally(term, owner, term.topologyKey, (p) => matchesTerm(term, owner, p), () => true);
  }

  /** The pod's spreading tallies, one per constraint (tallies stay current as pods are added). */
  private spreadTallies(pod: PlacingPod): Tally[] {
    let tallies = this.spreadTallyCache.get(pod);
    if (!tallies) this.spreadTallyCache.set(pod, (tallies = pod.podRules!.spread!.map((c) => this.spreadTally(c, pod))));
    return tallies;
  }

  /** Spreading counts matching pods of the pod's namespace on nodes its selector and node affinity allow and that carry every key of its constraints. */
  private spreadTally(c: SpreadConstraint, pod: PlacingPod): Tally {
    let variant = this.spreadVariants.get(pod);
    if (variant === undefined) {
      variant = `${namespaceOf(pod)}|${JSON.stringify(pod.nodeSelector ?? null)}|${JSON.stringify(pod.affinityTerms ?? null)}`;
      this.spreadVariants.set(pod, variant);
    }
    const ns = namespaceOf(pod);
    const keys = pod.podRules!.spread!.map((s) => s.topologyKey);
    return this.tally(c, variant, c.topologyKey, (p) => namespaceOf(p) === ns && matchesLabelSelector(c.selector, p.labels ?? {}), (n) => eligible(pod, keys, n));
  }

  /** The smallest count over the domains of nodes the pod could go to (empty domains count 0). */
  private minOver(c: SpreadConstraint, tally: Tally, pod: PlacingPod): number {
    const keys = pod.podRules!.spread!.map((s) => s.topologyKey);
    let min = Infinity;
    for (const n of this.nodes) {
      if (!eligible(pod, keys, n)) continue;
      min = Math.min(min, tally.byDomain.get(n.labels[c.topologyKey]) ?? 0);
      if (min === 0) break;
    }
    return min === Infinity ? 0 : min;
  }

  private tally(rule: object, variant: string, key: string, matches: Tally['matches'], nodeOk: Tally['nodeOk']): Tally {
    let ids = this.tallyIds.get(rule);
    if (!ids) this.tallyIds.set(rule, (ids = new Map()));
    let id = ids.get(variant);
    const known = id === undefined ? undefined : this.tallies.get(id);
    if (known) return known;
    id = String(this.nextId++);
    ids.set(variant, id);
    const t: Tally = { key, matches, nodeOk, byDomain: new Map(), total: 0 };
    for (const n of this.nodes) {
      const domain = n.labels[key];
      if (domain === undefined || !nodeOk(n)) continue;
      for (const p of this.podsOf.get(n.name) ?? []) {
        if (!matches(p)) continue;
        t.byDomain.set(domain, (t.byDomain.get(domain) ?? 0) + 1);
        t.total++;
      }
    }
    this.tallies.set(id, t);
    return t;
  }
}

/** A node's pods that carry anti-affinity, kept per list: the lists of nodes nothing is placed on are the same from one placement to the next. */
const antiAffinityPods = new WeakMap<readonly PlacedPod[], readonly PlacedPod[]>();
function podsWithAntiAffinity(pods: readonly PlacedPod[]): readonly PlacedPod[] {
  let found = antiAffinityPods.get(pods);
  if (!found) antiAffinityPods.set(pods, (found = pods.filter((p) => p.podRules?.antiAffinity?.length)));
  return found;
}

function eligible(pod: PlacingPod, keys: string[], n: PlacementNode): boolean {
  if (keys.some((k) => n.labels[k] === undefined)) return false;
  if (!selectorAllows(pod.nodeSelector, n.labels)) return false;
  return affinityAllows(pod.affinityTerms, n);
}
