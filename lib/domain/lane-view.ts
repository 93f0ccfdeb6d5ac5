// What the lanes page shows and how, as plain data that round-trips through the URL: the grouping,
// the filters, the highlighted workload, the open details panel and the density. Deep links and
// the back button work because the URL is the state; this module is its one reader and writer,
// plus the pure functions the view applies (filters, groupings, why a pod is pending).

import { LabelSelectorError, matchesLabelSelector, parseLabelSelector, type LabelSelector } from './label-selector';
import { laneId, parseLaneId } from './lane-id';
import { laneOrder, SYSTEM_POOL, type Lane } from './lanes';
import type { EventInfo, NodeClaimInfo, NodeInfo, PodInfo, TopologySnapshot } from './model';
import { nodeTroubles, podTroubleKind } from './trouble';

// ---------------------------------------------------------------------------------------------
// Groupings

export interface Grouping {
  /** What the URL says: `pool`, `zone`, … or `label:<key>` for a label the user typed. */
  id: string;
  label: string;
  /** The node label that names a lane (also the key a Move targets); empty for `pool`, whose key varies by node. */
  key: string;
  nameOf?: (node: NodeInfo) => string | undefined;
}

export const GROUPINGS: readonly Grouping[] = [
  { id: 'pool', label: 'Pool', key: '' },
  { id: 'nodepool', label: 'Auto Mode NodePool', key: 'karpenter.sh/nodepool', nameOf: (n) => n.labels['karpenter.sh/nodepool'] },
  { id: 'nodeclass', label: 'NodeClass', key: 'eks.amazonaws.com/nodeclass', nameOf: (n) => n.nodeClass },
  {
    id: 'nodegroup',
    label: 'Managed node group',
    key: 'eks.amazonaws.com/nodegroup',
    nameOf: (n) => n.labels['eks.amazonaws.com/nodegroup'] ?? n.labels['alpha.eksctl.io/nodegroup-name'],
  },
  { id: 'zone', label: 'Zone', key: 'topology.kubernetes.io/zone', nameOf: (n) => n.zone },
  { id: 'instance-type', label: 'Instance type', key: 'node.kubernetes.io/instance-type', nameOf: (n) => n.instanceType },
  // Managed node groups say ON_DEMAND, Karpenter on-demand: one lane for both.
  { id: 'capacity-type', label: 'Capacity type', key: 'karpenter.sh/capacity-type', nameOf: (n) => n.capacityType?.toLowerCase().replace('_', '-') },
];

/**
 * The lane of the nodes whose label is set with no value (`node-role.kubernetes.io/worker=""`, how
 * role labels are written): apart from the nodes without the label, and never a real value's lane,
 * since a label value cannot hold parentheses.
 */
export const EMPTY_VALUE_LANE = '(empty)';

/** The grouping a URL value names; an unknown value or `label:` with no key falls back to pools. */
export function groupingOf(id: string | undefined): Grouping {
  const known = GROUPINGS.find((g) => g.id === id);
  if (known) return known;
  if (id?.startsWith('label:') && id.length > 'label:'.length) {
    const key = id.slice('label:'.length);
    return { id, label: `Label ${key}`, key, nameOf: (n) => (n.labels[key] === '' ? EMPTY_VALUE_LANE : n.labels[key]) };
  }
  return GROUPINGS[0];
}

// ---------------------------------------------------------------------------------------------
// The state in the URL

export type Density = 'auto' | 'dense' | 'comfortable';
export type Panel = { kind: 'node'; name: string } | { kind: 'pod'; namespace: string; name: string };

export interface LaneViewState {
  group: string;
  namespace?: string;
  /** `namespace/name` of the workload (the pods' resolved owner). */
  workload?: string;
  /** Part of a node's name. */
  node?: string;
  /** A pod label selector as `kubectl -l` takes it. */
  selector?: string;
  /** `namespace/name` of the workload whose pods light up. */
  highlight?: string;
  /** Only what is in trouble: troubled pods, troubled nodes and the nodes holding those pods. */
  trouble?: boolean;
  panel?: Panel;
  density: Density;
}

export const DEFAULT_VIEW: LaneViewState = { group: 'pool', density: 'auto' };

interface ParamsLike {
  get(name: string): string | null;
}

export function parseViewState(params: ParamsLike): LaneViewState {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const state: LaneViewState = { group: groupingOf(text('group')).id, density: 'auto' };
  const density = text('density');
  if (density === 'dense' || density === 'comfortable') state.density = density;
  for (const key of ['namespace', 'workload', 'node', 'selector', 'highlight'] as const) {
    const value = text(key);
    if (value) state[key] = value;
  }
  if (text('trouble') === '1') state.trouble = true;
  const panel = parsePanel(text('panel'));
  if (panel) state.panel = panel;
  return state;
}

function parsePanel(value: string | undefined): Panel | undefined {
  if (!value) return undefined;
  if (value.startsWith('node:') && value.length > 5) return { kind: 'node', name: value.slice(5) };
  if (value.startsWith('pod:')) {
    const [namespace, name] = value.slice(4).split('/');
    if (namespace && name) return { kind: 'pod', namespace, name };
  }
  return undefined;
}

export const panelParam = (panel: Panel): string => (panel.kind === 'node' ? `node:${panel.name}` : `pod:${panel.namespace}/${panel.name}`);

/** The query string for a state: defaults left out, so a plain lanes URL stays plain. */
export function viewSearch(state: LaneViewState): string {
  const params = new URLSearchParams();
  if (state.group !== 'pool') params.set('group', state.group);
  for (const key of ['namespace', 'workload', 'node', 'selector', 'highlight'] as const) {
    const value = state[key];
    if (value) params.set(key, value);
  }
  if (state.trouble) params.set('trouble', '1');
  if (state.panel) params.set('panel', panelParam(state.panel));
  if (state.density !== 'auto') params.set('density', state.density);
  const search = params.toString();
  return search ? `?${search}` : '';
}

// ---------------------------------------------------------------------------------------------
// Filters

export interface FilterResult {
  nodes: NodeInfo[];
  pods: PodInfo[];
  /** Any filter that hides pods is on: nodes holding none of the remaining pods are left out too. */
  podFilter: boolean;
  /** The API server's own words for a selector it would refuse. */
  selectorError?: string;
}

export const workloadOf = (pod: PodInfo): string => `${pod.namespace}/${pod.owner?.name ?? pod.name}`;

/** The selector as the API server would parse it, or its error message. */
export function parseSelectorInput(input: string | undefined): { selector?: LabelSelector; error?: string } {
  if (!input) return {};
  try {
    return { selector: parseLabelSelector(input) };
  } catch (err) {
    if (err instanceof LabelSelectorError) return { error: err.message };
    throw err;
  }
}

export function filterTopology(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, state: LaneViewState): FilterResult {
  const { selector, error } = parseSelectorInput(state.selector);
  const nodeText = state.node?.toLowerCase();
  const podFilter = Boolean(state.namespace || state.workload || selector || state.trouble);
  const now = Date.now();
  const podMatches = (pod: PodInfo) =>
    (!state.namespace || pod.namespace === state.namespace) &&
    (!state.workload || workloadOf(pod) === state.workload) &&
    (!selector || matchesLabelSelector(selector, pod.labels ?? {})) &&
    (!state.trouble || podTroubleKind(pod, now) !== undefined);
  const pods = podFilter ? snapshot.pods.filter(podMatches) : snapshot.pods;
  let nodes = nodeText ? snapshot.nodes.filter((n) => n.name.toLowerCase().includes(nodeText)) : snapshot.nodes;
  if (podFilter) {
    const holding = new Set(pods.map((p) => p.nodeName));
    // A troubled node stays under the trouble filter even when none of its pods is in trouble.
    const keepNode = (n: NodeInfo) => holding.has(n.name) || (state.trouble && !state.namespace && !state.workload && !selector && nodeTroubles(n).length > 0);
    nodes = nodes.filter(keepNode);
  }
  const result: FilterResult = { nodes, pods, podFilter };
  if (error) result.selectorError = error;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Why a pod is pending

export interface PendingReason {
  /** FailedScheduling (scheduler or Auto Mode), Nominated (a NodeClaim is on its way for it)… */
  reason: string;
  message: string;
  source?: string;
  at: string;
}

const PENDING_REASONS = new Set(['FailedScheduling', 'Nominated', 'Unschedulable']);

/** The newest scheduling Event per pod (`namespace/name`), from the events the snapshot holds. */
export function pendingReasons(events: readonly EventInfo[]): Map<string, PendingReason> {
  const out = new Map<string, PendingReason>();
  for (const e of events) {
    if (e.involved.kind !== 'Pod' || !PENDING_REASONS.has(e.reason)) continue;
    const key = `${e.involved.namespace ?? e.namespace}/${e.involved.name}`;
    const held = out.get(key);
    if (held && Date.parse(held.at) > Date.parse(e.lastTimestamp)) continue;
    out.set(key, { reason: e.reason, message: e.message, ...(e.source ? { source: e.source } : {}), at: e.lastTimestamp });
  }
  return out;
}

/** Events about one object, newest first. */
export function eventsAbout(events: readonly EventInfo[], kind: string, name: string, namespace?: string): EventInfo[] {
  return events
    .filter((e) => e.involved.kind === kind && e.involved.name === name && (namespace === undefined || (e.involved.namespace ?? e.namespace) === namespace))
    .sort((a, b) => Date.parse(b.lastTimestamp) - Date.parse(a.lastTimestamp));
}

// ---------------------------------------------------------------------------------------------
// NodeClaims in flight: ghost tiles in the lane their node will join

/** The lane a NodeClaim's node will be in, under a grouping; undefined when the claim cannot say. */
export function claimLaneId(claim: NodeClaimInfo, grouping: Grouping): string | undefined {
  const value = (key: string, name: string | undefined) => (name ? laneId({ key, name }) : undefined);
  switch (grouping.id) {
    case 'pool':
    case 'nodepool':
      return value('karpenter.sh/nodepool', claim.nodePool);
    case 'nodeclass':
      return value(grouping.key, claim.nodeClass);
    case 'zone':
      return value(grouping.key, claim.zone);
    case 'instance-type':
      return value(grouping.key, claim.instanceType);
    case 'capacity-type':
      return value(grouping.key, claim.capacityType?.toLowerCase().replace('_', '-'));
    default:
      return undefined;
  }
}

/** NodeClaims whose node is not in the snapshot yet (launching, registering), by lane id. */
export function ghostClaimsByLane(claims: readonly NodeClaimInfo[], nodes: readonly NodeInfo[], grouping: Grouping): Map<string, NodeClaimInfo[]> {
  const nodeNames = new Set(nodes.map((n) => n.name));
  const out = new Map<string, NodeClaimInfo[]>();
  for (const claim of claims) {
    if (claim.terminating || (claim.nodeName && nodeNames.has(claim.nodeName))) continue;
    const id = claimLaneId(claim, grouping);
    if (!id) continue;
    const list = out.get(id) ?? [];
    list.push(claim);
    out.set(id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/**
 * The lanes, with an empty one for each lane only NodeClaims are waiting for (a pool's first node
 * on its way), in the place that lane will have once its node arrives: nothing moves then.
 */
export function withGhostLanes(lanes: readonly Lane[], ghostLaneIds: Iterable<string>): Lane[] {
  const have = new Set(lanes.map((l) => l.id));
  const out = [...lanes];
  for (const id of ghostLaneIds) {
    if (have.has(id)) continue;
    have.add(id);
    const lane = emptyLane(id);
    const at = out.findIndex((l) => laneOrder(lane, l) < 0);
    out.splice(at < 0 ? out.length : at, 0, lane);
  }
  return out;
}

function emptyLane(id: string): Lane {
  const { key, name } = parseLaneId(id);
  return {
    id,
    key,
    name,
    source: key === 'karpenter.sh/nodepool' ? 'karpenter-nodepool' : 'custom-label',
    system: key === 'karpenter.sh/nodepool' && name === SYSTEM_POOL,
    instanceTypes: [],
    capacityTypes: [],
    zones: [],
    nodes: [],
    totals: {
      nodes: 0,
      pods: 0,
      allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
      requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
      utilization: { cpu: 0, memory: 0, pods: 0 },
      unpricedNodes: 0,
    },
  };
}

/** A stable hue per workload, so its pods share a colour in every lane. */
export function workloadHue(workload: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < workload.length; i++) {
    h ^= workload.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 360;
}
