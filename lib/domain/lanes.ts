// Lanes: the cluster's nodes grouped by pool, each node with its pods and how full it is.
//
// Pool membership comes from node labels in EKS.md's priority order (`poolOf`). `buildLanes` groups
// by that pool, or — when the user picks a label key (`groupBy: 'workload'`) — strictly by that
// label, because a user's explicit choice must win over the provider's pool labels.
//
// Order (stable, so lanes never jump around while the cluster changes):
//   1. workload pools, by name (numeric-aware: pool-2 before pool-10)
//   2. system pools (Auto Mode's built-in `system`, AKS mode=system, or nodes tainted
//      CriticalAddonsOnly): the team rarely acts on them, so they go below
//   3. nodes in no pool, last
// Nodes in a lane sort by name, pods on a node by namespace then name.
//
// Utilization is requests / allocatable (what the scheduler and Karpenter consolidation reason
// about), not live usage. Completed pods (Succeeded/Failed) hold nothing and are not counted;
// terminating pods are, since their resources stay reserved until they are gone.

import { laneId } from './lane-id';
import { holdsResources } from './holds-resources';
import type { NodeInfo, PodInfo, PoolRef, PoolSource, Resources, TopologySnapshot } from './model';

/** Lane keys in priority order (EKS.md, "how a node says which pool it belongs to"). */
export const POOL_KEYS: ReadonlyArray<{ key: string; source: PoolSource }> = [
  { key: 'karpenter.sh/nodepool', source: 'karpenter-nodepool' },
  { key: 'eks.amazonaws.com/nodegroup', source: 'eks-nodegroup' },
  { key: 'alpha.eksctl.io/nodegroup-name', source: 'eksctl-nodegroup' },
  { key: 'cloud.google.com/gke-nodepool', source: 'gke-nodepool' },
  { key: 'kubernetes.azure.com/agentpool', source: 'aks-agentpool' },
  { key: 'agentpool', source: 'aks-agentpool' },
];

/** Auto Mode's built-in pool for cluster add-ons: its lane goes below the workload pools. */
export const SYSTEM_POOL = 'system';

export const UNPOOLED: PoolRef = Object.freeze({ source: 'none', key: '', name: '' }) as PoolRef;

/** Which pool a node belongs to, from its labels; `customKey` is consulted after the known keys. */
export function poolOf(labels: Record<string, string> | undefined, customKey?: string): PoolRef {
  for (const { key, source } of POOL_KEYS) {
    const name = labels?.[key];
    if (name) return { source, key, name };
  }
  if (customKey) {
    const name = labels?.[customKey];
    if (name) return { source: 'custom-label', key: customKey, name };
  }
  return { ...UNPOOLED };
}

export interface Utilization {
  /** Ratios of requests to allocatable; 0 when nothing is allocatable. May exceed 1 (overcommit). */
  cpu: number;
  memory: number;
  pods: number;
}

export interface LaneNode {
  node: NodeInfo;
  pods: PodInfo[];
  requested: Resources;
  utilization: Utilization;
  /** USD per hour, when a price function was given and knows the instance type. */
  hourlyCost?: number;
}

export interface LaneTotals {
  nodes: number;
  pods: number;
  allocatable: Resources;
  requested: Resources;
  utilization: Utilization;
  /** Sum over the nodes with a known price; `unpricedNodes` says how many had none. */
  hourlyCost?: number;
  unpricedNodes: number;
}

export interface Lane {
  /** Stable id (lane-id.ts): `<key>=<name>`, or `unpooled` / `<key>=` for nodes outside any pool. */
  id: string;
  key: string;
  name: string;
  source: PoolSource;
  system: boolean;
  /** The NodeClass when every node of the lane names the same one. */
  nodeClass?: string;
  instanceTypes: string[];
  capacityTypes: string[];
  zones: string[];
  nodes: LaneNode[];
  totals: LaneTotals;
}

export interface LaneLayout {
  lanes: Lane[];
  /** Pods not bound to a node yet (Pending), by namespace then name. */
  unscheduled: PodInfo[];
  /** Pods bound to a node the snapshot does not hold (watch events crossing); shown apart. */
  orphaned: PodInfo[];
  totals: LaneTotals;
}

export interface BuildLanesOptions {
  /**
   * `pool` (default) groups by `node.pool`; any other string is a node label key to group by; an
   * object names the key and reads the value (a NodeClass, a zone…) from the compact node.
   */
  groupBy?: string | { key: string; nameOf: (node: NodeInfo) => string | undefined };
  /** Hourly price of a node, e.g. from lib/domain/pricing.ts; undefined when unknown. */
  priceOf?: (node: NodeInfo) => number | undefined;
  /**
   * Kept between calls (see `createLaneCache`): a node whose object and pods are the very same
   * as last time keeps its laid-out entry, and a lane whose entries all stayed keeps its object.
   */
  cache?: LaneCache;
}

/**
 * What the last layout built, by node name and lane id. The reducer replaces only the objects a
 * delta changed, so on a batch of deltas most nodes and pods are the same objects as before:
 * sorting their pods and summing their requests again was the bulk of every batch's layout, and
 * handing back the same Lane lets the view skip drawing it. With the input and the layout it made,
 * `updateLanes` (lanes-update.ts) can lay out only the nodes a batch of pod changes touched.
 */
export interface LaneCache {
  nodes: Map<string, { node: NodeInfo; input: PodInfo[]; entry: LaneNode }>;
  lanes: Map<string, Lane>;
  priceOf?: BuildLanesOptions['priceOf'];
  /** The grouping the lanes were made under: a string, or the object's `nameOf` function. */
  grouping?: unknown;
  /** The arrays last laid out, and the layout made of them. */
  input?: Pick<TopologySnapshot, 'nodes' | 'pods'>;
  layout?: LaneLayout;
  /** Where each node sits: its lane's id and its place among the lane's nodes. */
  placeOf?: Map<string, { lane: string; at: number }>;
}

export const createLaneCache = (): LaneCache => ({ nodes: new Map(), lanes: new Map() });

/** What tells one grouping from another, for a cache: a lane made under another grouping is another lane. */
export const groupingIdentity = (groupBy: BuildLanesOptions['groupBy']): unknown => (typeof groupBy === 'object' ? groupBy.nameOf : (groupBy ?? 'pool'));

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const zero = (): Resources => ({ cpuMillis: 0, memoryBytes: 0, pods: 0 });

function add(into: Resources, r: Resources) {
  into.cpuMillis += r.cpuMillis;
  into.memoryBytes += r.memoryBytes;
  into.pods += r.pods;
}

const ratio = (used: number, total: number) => (total > 0 ? used / total : 0);

export function utilizationOf(requested: Resources, allocatable: Resources): Utilization {
  return {
    cpu: ratio(requested.cpuMillis, allocatable.cpuMillis),
    memory: ratio(requested.memoryBytes, allocatable.memoryBytes),
    pods: ratio(requested.pods, allocatable.pods),
  };
}

// One collator for every comparison: localeCompare with options builds a new one per call, which
// made sorting 30,000 pods most of the cost of laying out the lanes.
const collator = new Intl.Collator('en', { numeric: true });
const byName = (a: string, b: string) => collator.compare(a, b);
/** Pods in the order a node draws them: by namespace, then name. */
// Pods side by side mostly share a namespace: equal strings need no collation (half the comparisons
// of a first layout of 150,000 pods, each about a microsecond).
export const podOrder = (a: PodInfo, b: PodInfo) => (a.namespace === b.namespace ? 0 : byName(a.namespace, b.namespace)) || byName(a.name, b.name);

const laneRank = (lane: Pick<Lane, 'name' | 'system'>) => (!lane.name ? 2 : lane.system ? 1 : 0);

/** The order lanes are drawn in (see the top of this file): workload pools, system pools, no pool; by name within each. */
export function laneOrder(a: Pick<Lane, 'name' | 'key' | 'system'>, b: Pick<Lane, 'name' | 'key' | 'system'>): number {
  return laneRank(a) - laneRank(b) || byName(a.name, b.name) || byName(a.key, b.key);
}

function isSystemNode(node: NodeInfo): boolean {
  return node.labels['kubernetes.azure.com/mode'] === 'system' || node.taints.some((t) => t.key === 'CriticalAddonsOnly');
}

function laneRefOf(node: NodeInfo, groupBy: BuildLanesOptions['groupBy']): PoolRef {
  if (!groupBy || groupBy === 'pool') return node.pool;
  if (typeof groupBy === 'object') {
    const name = groupBy.nameOf(node);
    return name ? { source: 'custom-label', key: groupBy.key, name } : { source: 'none', key: groupBy.key, name: '' };
  }
  const name = node.labels[groupBy];
  return name ? { source: 'custom-label', key: groupBy, name } : { source: 'none', key: groupBy, name: '' };
}

/** The layout's totals, from its lanes' (the same sums whether the lanes were laid out now or kept). */
export function totalsOfLanes(lanes: readonly Lane[]): LaneTotals {
  const allocatable = zero();
  const requested = zero();
  let nodes = 0;
  let pods = 0;
  let cost = 0;
  let unpriced = 0;
  for (const { totals } of lanes) {
    add(allocatable, totals.allocatable);
    add(requested, totals.requested);
    nodes += totals.nodes;
    pods += totals.pods;
    unpriced += totals.unpricedNodes;
    if (totals.hourlyCost !== undefined) cost += totals.hourlyCost;
  }
  const out: LaneTotals = { nodes, pods, allocatable, requested, utilization: utilizationOf(requested, allocatable), unpricedNodes: unpriced };
  if (nodes - unpriced > 0) out.hourlyCost = cost;
  return out;
}

/** A lane's totals over its nodes. */
export function totalsOf(nodes: LaneNode[]): LaneTotals {
  const allocatable = zero();
  const requested = zero();
  let pods = 0;
  let cost = 0;
  let priced = 0;
  for (const n of nodes) {
    add(allocatable, n.node.allocatable);
    add(requested, n.requested);
    pods += n.pods.length;
    if (n.hourlyCost !== undefined) {
      cost += n.hourlyCost;
      priced++;
    }
  }
  const totals: LaneTotals = {
    nodes: nodes.length,
    pods,
    allocatable,
    requested,
    utilization: utilizationOf(requested, allocatable),
    unpricedNodes: nodes.length - priced,
  };
  if (priced > 0) totals.hourlyCost = cost;
  return totals;
}

const distinct = (values: Array<string | undefined>) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort(byName);

export function buildLanes(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, options: BuildLanesOptions = {}): LaneLayout {
  const { podsByNode, unscheduled, orphaned } = podsByNodeOf(snapshot);

  // A different price function prices every node anew.
  const cache = options.cache;
  const before = cache && cache.priceOf === options.priceOf ? cache : undefined;
  const keptNodes: LaneCache['nodes'] = new Map();
  const keptLanes: LaneCache['lanes'] = new Map();

  const groups = new Map<string, { ref: PoolRef; nodes: LaneNode[] }>();
  for (const node of snapshot.nodes) {
    const input = podsByNode.get(node.name) ?? [];
    const last = before?.nodes.get(node.name);
    const laneNode = last && last.node === node && sameItems(last.input, input) ? last.entry : layOutNode(node, input, options.priceOf);
    keptNodes.set(node.name, { node, input, entry: laneNode });
    const ref = laneRefOf(node, options.groupBy);
    const id = laneId(ref);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { ref, nodes: [] }));
    group.nodes.push(laneNode);
  }

  const lanes: Lane[] = [...groups.entries()].map(([id, { ref, nodes }]) => {
    nodes.sort((a, b) => byName(a.node.name, b.node.name));
    const same = before?.lanes.get(id);
    const lane = same && same.source === ref.source && sameItems(same.nodes, nodes) ? same : laneOf(id, ref, nodes);
    keptLanes.set(id, lane);
    return lane;
  });
  lanes.sort(laneOrder);
  const layout: LaneLayout = {
    lanes,
    unscheduled: unscheduled.sort(podOrder),
    orphaned: orphaned.sort(podOrder),
    totals: totalsOfLanes(lanes),
  };
  if (cache) {
    cache.nodes = keptNodes;
    cache.lanes = keptLanes;
    cache.priceOf = options.priceOf;
    cache.grouping = groupingIdentity(options.groupBy);
    cache.input = { nodes: snapshot.nodes, pods: snapshot.pods };
    cache.layout = layout;
    cache.placeOf = placesOf(lanes);
  }
  return layout;
}

function placesOf(lanes: readonly Lane[]): Map<string, { lane: string; at: number }> {
  const out = new Map<string, { lane: string; at: number }>();
  for (const lane of lanes) lane.nodes.forEach((n, at) => out.set(n.node.name, { lane: lane.id, at }));
  return out;
}

/** Pods by the node they are bound to; apart, those bound to none yet and those bound to a node the snapshot does not hold. */
function podsByNodeOf(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>) {
  const podsByNode = new Map<string, PodInfo[]>();
  const unscheduled: PodInfo[] = [];
  const orphaned: PodInfo[] = [];
  const nodeNames = new Set(snapshot.nodes.map((n) => n.name));
  for (const pod of snapshot.pods) {
    if (!pod.nodeName) unscheduled.push(pod);
    else if (!nodeNames.has(pod.nodeName)) orphaned.push(pod);
    else {
      let list = podsByNode.get(pod.nodeName);
      if (!list) podsByNode.set(pod.nodeName, (list = []));
      list.push(pod);
    }
  }
  return { podsByNode, unscheduled, orphaned };
}

/** One node with its pods in order, what they request, how full that makes it, and its price. */
export function layOutNode(node: NodeInfo, input: PodInfo[], priceOf: BuildLanesOptions['priceOf']): LaneNode {
  const price = priceOf?.(node);
  return nodeEntryOf(node, [...input].sort(podOrder), price !== undefined && Number.isFinite(price) ? price : undefined);
}

/** A node's laid-out entry from its pods already in order (`podOrder`) and its price, if known. */
export function nodeEntryOf(node: NodeInfo, pods: PodInfo[], hourlyCost: number | undefined): LaneNode {
  const requested = zero();
  for (const pod of pods) if (holdsResources(pod)) add(requested, pod.requests);
  const laneNode: LaneNode = { node, pods, requested, utilization: utilizationOf(requested, node.allocatable) };
  if (hourlyCost !== undefined) laneNode.hourlyCost = hourlyCost;
  return laneNode;
}

/** The lane of these nodes (sorted by name): what they have in common, and their totals. */
export function laneOf(id: string, ref: PoolRef, nodes: LaneNode[]): Lane {
  const nodeClasses = distinct(nodes.map((n) => n.node.nodeClass));
  const lane: Lane = {
    id,
    key: ref.key,
    name: ref.name,
    source: ref.source,
    system: Boolean(ref.name) && (ref.name === SYSTEM_POOL || nodes.some((n) => isSystemNode(n.node))),
    instanceTypes: distinct(nodes.map((n) => n.node.instanceType)),
    capacityTypes: distinct(nodes.map((n) => n.node.capacityType)),
    zones: distinct(nodes.map((n) => n.node.zone)),
    nodes,
    totals: totalsOf(nodes),
  };
  if (nodeClasses.length === 1 && nodes.every((n) => n.node.nodeClass)) lane.nodeClass = nodeClasses[0];
  return lane;
}

// ---------------------------------------------------------------------------------------------
// Selector mistakes

export interface NodeSelectorWarning {
  code: 'wrong-node-selector-key';
  /** The key the workload selects, which no node carries. */
  key: string;
  value: string;
  /** The key the nodes actually carry. */
  suggestedKey: string;
  message: string;
}

/** Keys people write for a pool or class, against the label the nodes really have. */
const MISSPELLED_KEYS: Record<string, string> = {
  'eks.amazonaws.com/node-class': 'eks.amazonaws.com/nodeclass',
  'eks.amazonaws.com/nodeClass': 'eks.amazonaws.com/nodeclass',
  'karpenter.sh/node-pool': 'karpenter.sh/nodepool',
  'karpenter.sh/nodePool': 'karpenter.sh/nodepool',
  'eks.amazonaws.com/node-group': 'eks.amazonaws.com/nodegroup',
  'eks.amazonaws.com/nodeGroup': 'eks.amazonaws.com/nodegroup',
};

/** Every selector key that looks like a pool/class key but is misspelled (no node will ever match). */
export function nodeSelectorWarnings(nodeSelector: Record<string, string> | undefined): NodeSelectorWarning[] {
  const out: NodeSelectorWarning[] = [];
  for (const [key, value] of Object.entries(nodeSelector ?? {})) {
    const suggestedKey = MISSPELLED_KEYS[key];
    if (!suggestedKey) continue;
    out.push({
      code: 'wrong-node-selector-key',
      key,
      value,
      suggestedKey,
      message: `nodeSelector key "${key}" matches no node; nodes carry "${suggestedKey}" (use ${suggestedKey}: ${value}). Pods selecting it stay Pending.`,
    });
  }
  return out;
}

/** The common EKS Auto Mode mistake: selecting `eks.amazonaws.com/node-class` instead of `…/nodeclass`. */
export function wrongNodeClassKey(nodeSelector: Record<string, string> | undefined): NodeSelectorWarning | undefined {
  return nodeSelectorWarnings(nodeSelector).find((w) => w.suggestedKey === 'eks.amazonaws.com/nodeclass');
}
