// What-if: "pin these deployments to that pool" answered before anything is applied. Their pods
// leave their nodes; new pods with the pinned placement go onto the pool's current nodes where
// they fit (the same bin packing as consolidation); the rest is what Auto Mode would launch
// (the same planner as the sandbox's provisioner), what a managed node group would add up to its
// max size, or what stays Pending and why. Then: which nodes are left empty or lightly requested
// (under half their CPU and memory requested: a hint, not Karpenter's Underutilized verdict, which
// asks whether every pod fits elsewhere and is the consolidation review's), and what it does to
// the hourly cost.

import { pack, type FitNode, type FitPod, type Misfit, type Packing } from './fit';
import { holdsResources } from './holds-resources';
import type { NodeClaimInfo, NodeInfo, NodePoolInfo, NodegroupInfo, PodInfo, Resources, Taint } from './model';
import { isTransientTaint, pinnedPlacement, WRONG_NODECLASS_KEY, type PinTarget, type PodPlacement } from './pin';
import { daemonsFromPods } from './daemon-overhead';
import { offeringCatalog, poolNodeLabels, provisionPoolOf } from './provision-pools';
import { BUILT_IN_PRICES, HOURS_PER_MONTH, nodeHourly, typeHourly, type PriceTable } from './pricing';
import { isSpot, normalizeCapacityType } from './capacity-type';
import { causeWords, planProvisioning, type InstanceOffering, type PendingPod, type ProvisionCause } from './provisioning';
import { blockWords, noticeWords, pendingWords, type PendingCause, type PlanBlock, type PlanNotice } from './what-if-findings';
import { WELL_KNOWN_LABELS, type Requirement } from './requirements';
import type { InterPodRules } from './pod-placement';

export interface WorkloadTemplate extends PodPlacement {
  namespace: string;
  name: string;
  replicas: number;
  /** Effective requests of one pod (lib/domain/pod-requests). */
  requests: Resources;
  affinityTerms?: Requirement[][];
  /** The pod template's labels and required inter-pod rules: where its new pods may go depends on them. */
  labels?: Record<string, string>;
  podRules?: InterPodRules;
}

export type TargetKind = 'nodepool' | 'nodeclass' | 'nodegroup' | 'label';

export interface WhatIfInput {
  nodes: readonly NodeInfo[];
  pods: readonly PodInfo[];
  nodePools: readonly NodePoolInfo[];
  nodeClaims: readonly NodeClaimInfo[];
  /** Managed node groups from the EKS API, when it answers. */
  nodegroups?: readonly NodegroupInfo[];
  workloads: readonly WorkloadTemplate[];
  target: PinTarget;
  catalog?: readonly InstanceOffering[];
  /** The server's price table (the built-in us-east-1 list when absent). */
  prices?: PriceTable;
}

export interface NewNodes {
  pool: string;
  instanceType: string;
  capacityType: string;
  count: number;
  hourly: number;
}

export interface PendingGroup {
  workload: string;
  count: number;
  /** The cause in words (pendingWords). */
  reason: string;
  cause: PendingCause;
}

export interface FreedNode {
  node: string;
  pool: string;
  /** `lightly-requested`: pods remain, but under LIGHTLY_REQUESTED of CPU and memory are requested. */
  state: 'empty' | 'lightly-requested';
  /** Would Auto Mode remove it on its own (a NodePool node)? Node group nodes stay until scaled in. */
  autoRemoved: boolean;
  hourly: number;
}

export interface WhatIfPlan {
  target: PinTarget & { kind: TargetKind; pools: string[] };
  /** Taints of the target pool that the pinned pods will tolerate. */
  taints: Taint[];
  /** The notices in words (noticeWords). */
  warnings: string[];
  notices: PlanNotice[];
  pods: { total: number; onExistingNodes: number; onNewNodes: number; pending: number };
  placements: Array<{ node: string; workload: string; count: number }>;
  newNodes: NewNodes[];
  pending: PendingGroup[];
  /** Why capacity cannot be added, once per cause (limits, node group max size…), with its words (blockWords). */
  blocked: Array<PlanBlock & { message: string }>;
  freed: FreedNode[];
  /** `prices`: the table the figures come from, for the words beside them. */
  cost: { beforeHourly: number; afterHourly: number; deltaHourly: number; deltaMonthly: number; potentialSavingsHourly: number; prices: Pick<PriceTable, 'name' | 'source'> };
  /** Each workload's placement after the pin (what the patch will set). */
  placementsAfter: Record<string, Required<PodPlacement>>;
}

/** The share of CPU and memory requested below which a node left behind is called lightly requested. */
const LIGHTLY_REQUESTED = 0.5;
const NODEGROUP_KEY = 'eks.amazonaws.com/nodegroup';

const workloadKey = (w: { namespace: string; name: string }) => `${w.namespace}/${w.name}`;

export function targetKind(target: PinTarget): TargetKind {
  if (target.key === 'karpenter.sh/nodepool') return 'nodepool';
  if (target.key === 'eks.amazonaws.com/nodeclass') return 'nodeclass';
  if (target.key === NODEGROUP_KEY) return 'nodegroup';
  return 'label';
}

/** The NodePools whose nodes carry the target label. */
function targetPools(target: PinTarget, pools: readonly NodePoolInfo[]): NodePoolInfo[] {
  switch (targetKind(target)) {
    case 'nodepool':
      return pools.filter((p) => p.name === target.value);
    case 'nodeclass':
      return pools.filter((p) => p.nodeClassRef.name === target.value);
    case 'nodegroup':
      return [];
    default:
      return pools.filter((p) => p.labels[target.key] === target.value);
  }
}

/** The taints the target's nodes carry: the pools' taints, the node group's, or those every labelled node shares. */
export function targetTaints(target: PinTarget, input: Pick<WhatIfInput, 'nodes' | 'nodePools' | 'nodegroups'>): Taint[] {
  const out: Taint[] = [];
  const add = (t: Taint) => {
    if (!isTransientTaint(t) && !out.some((x) => x.key === t.key && x.value === t.value && x.effect === t.effect)) out.push(t);
  };
  const pools = targetPools(target, input.nodePools);
  for (const p of pools) for (const t of p.taints) add(t);
  if (targetKind(target) === 'nodegroup') {
    const group = input.nodegroups?.find((g) => g.name === target.value);
    for (const t of group?.taints ?? []) add({ key: t.key, value: t.value, effect: eksEffect(t.effect) });
  }
  if (pools.length === 0) {
    const labelled = input.nodes.filter((n) => n.labels[target.key] === target.value);
    if (labelled.length) {
      for (const t of labelled[0].taints) {
        if (labelled.every((n) => n.taints.some((x) => x.key === t.key && x.value === t.value && x.effect === t.effect))) add(t);
      }
    }
  }
  return out;
}

function eksEffect(effect: string): Taint['effect'] {
  if (effect === 'NO_EXECUTE') return 'NoExecute';
  if (effect === 'PREFER_NO_SCHEDULE') return 'PreferNoSchedule';
  return 'NoSchedule';
}


const addTo = (a: Resources, b: Resources) => {
  a.cpuMillis += b.cpuMillis;
  a.memoryBytes += b.memoryBytes;
  a.pods += b.pods;
};

export function planPin(input: WhatIfInput): WhatIfPlan {
  const scope = scopeOf(input);
  const cluster = clusterWithoutMoving(input);
  const pinned = pinnedPods(input.workloads, scope);
  const packing = pack(pinned.newPods, cluster.fitNodes);
  const capacity = addCapacity(input, scope, packing);
  const freed = leftBehind(input, cluster, new Set(packing.placed.values()));
  const notices = [...targetNotices(scope), ...pinned.notices];
  const pending = groupPending(capacity.pending);
  return {
    target: { ...scope.target, kind: scope.kind, pools: scope.pools.map((p) => p.name) },
    taints: scope.taints,
    warnings: notices.map(noticeWords),
    notices,
    pods: { total: pinned.newPods.length, onExistingNodes: packing.placed.size, onNewNodes: capacity.onNewNodes, pending: pending.reduce((s, g) => s + g.count, 0) },
    placements: placementsOnExisting(packing),
    newNodes: capacity.newNodes,
    pending,
    blocked: [...capacity.blocked.values()].map((b) => ({ ...b, message: blockWords(b) })),
    freed,
    cost: costOf(input, capacity.newNodes, freed),
    placementsAfter: pinned.placementsAfter,
  };
}

/** What the target is: its kind, the NodePools or node group that make its nodes, the nodes that carry it already, and their taints. */
interface Scope {
  target: PinTarget;
  kind: TargetKind;
  pools: NodePoolInfo[];
  taints: Taint[];
  labelledNodes: NodeInfo[];
  group?: NodegroupInfo;
}

function scopeOf(input: WhatIfInput): Scope {
  const { target } = input;
  const kind = targetKind(target);
  return {
    target,
    kind,
    pools: targetPools(target, input.nodePools),
    taints: targetTaints(target, input),
    labelledNodes: input.nodes.filter((n) => n.labels[target.key] === target.value),
    group: kind === 'nodegroup' ? input.nodegroups?.find((g) => g.name === target.value) : undefined,
  };
}

/** A target no pod could ever land on: the misspelt node class key, or a label nothing carries or makes. */
function targetNotices({ target, pools, labelledNodes, group }: Scope): PlanNotice[] {
  const notices: PlanNotice[] = [];
  if (target.key === WRONG_NODECLASS_KEY) notices.push({ code: 'wrong-nodeclass-key' });
  if (labelledNodes.length === 0 && pools.length === 0 && !group) notices.push({ code: 'no-target-nodes', target: { key: target.key, value: target.value } });
  return notices;
}

/** The cluster as it will be once the moving workloads' old pods are gone. */
interface ClusterAfter {
  /** Requests of the pods that stay, per node. */
  used: Map<string, Resources>;
  remaining: Map<string, PodInfo[]>;
  /** How many moving pods each node loses. */
  lost: Map<string, number>;
  fitNodes: FitNode[];
}

function clusterWithoutMoving(input: WhatIfInput): ClusterAfter {
  const moving = new Set(input.workloads.map(workloadKey));
  const isMoving = (p: PodInfo) => p.owner?.kind === 'Deployment' && moving.has(`${p.namespace}/${p.owner.name}`);
  const used = new Map<string, Resources>();
  const remaining = new Map<string, PodInfo[]>();
  const lost = new Map<string, number>();
  for (const pod of input.pods) {
    if (!holdsResources(pod)) continue;
    if (isMoving(pod)) {
      lost.set(pod.nodeName, (lost.get(pod.nodeName) ?? 0) + 1);
      continue;
    }
    const u = used.get(pod.nodeName) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    addTo(u, { ...pod.requests, pods: 1 });
    used.set(pod.nodeName, u);
    const list = remaining.get(pod.nodeName) ?? [];
    list.push(pod);
    remaining.set(pod.nodeName, list);
  }
  const fitNodes: FitNode[] = input.nodes.map((n) => ({
    name: n.name,
    labels: n.labels,
    taints: n.taints,
    allocatable: n.allocatable,
    used: used.get(n.name) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    schedulable: n.ready && !n.unschedulable && !n.terminating,
    pods: remaining.get(n.name) ?? [],
  }));
  return { used, remaining, lost, fitNodes };
}

/** Each workload's placement after the pin, its replicas as new pods, and a notice where a kept selector strands them. */
function pinnedPods(workloads: readonly WorkloadTemplate[], scope: Scope) {
  const { target, taints } = scope;
  const placementsAfter: WhatIfPlan['placementsAfter'] = {};
  const newPods: FitPod[] = [];
  const notices: PlanNotice[] = [];
  for (const w of workloads) {
    const after = pinnedPlacement(w, target, taints);
    placementsAfter[workloadKey(w)] = after;
    const stranded = strandedSelectors(after.nodeSelector, target, scope.labelledNodes, scope.pools, scope.group);
    if (stranded.length) notices.push({ code: 'stranded-selector', workload: workloadKey(w), selectors: stranded, target: { key: target.key, value: target.value } });
    for (let i = 0; i < w.replicas; i++) {
      newPods.push({
        key: `${workloadKey(w)}#${i}`,
        namespace: w.namespace,
        requests: { ...w.requests, pods: 1 },
        nodeSelector: after.nodeSelector,
        tolerations: after.tolerations,
        affinityTerms: w.affinityTerms,
        labels: w.labels,
        podRules: w.podRules,
      });
    }
  }
  return { placementsAfter, newPods, notices };
}

/** The workload a new pod belongs to: its key without the `#replica`. */
const ownerOf = (podKey: string) => podKey.slice(0, podKey.lastIndexOf('#'));

function placementsOnExisting(packing: Packing): WhatIfPlan['placements'] {
  const placements = new Map<string, { node: string; workload: string; count: number }>();
  for (const [podKey, node] of packing.placed) {
    const k = `${node}|${ownerOf(podKey)}`;
    const entry = placements.get(k) ?? { node, workload: ownerOf(podKey), count: 0 };
    entry.count++;
    placements.set(k, entry);
  }
  return [...placements.values()];
}

/** New capacity for the pods the existing nodes cannot take, and what stays Pending. */
interface Capacity {
  newNodes: NewNodes[];
  onNewNodes: number;
  pending: Array<{ workload: string; cause: PendingCause }>;
  /** Keyed so each cause is said once. */
  blocked: Map<string, PlanBlock>;
}

/** NodePools launch nodes (Auto Mode), a node group grows to its max size, or only the labelled nodes there are count. */
function addCapacity(input: WhatIfInput, scope: Scope, packing: Packing): Capacity {
  const unplaced = packing.unplaced.map((u) => u.pod);
  if (unplaced.length && input.nodePools.length && scope.kind !== 'nodegroup') return launchFromNodePools(input, unplaced, packing.nodes);
  if (unplaced.length && scope.group) return growNodeGroup(input, scope.group, unplaced);
  return existingNodesOnly(scope, packing.unplaced);
}

/** What Auto Mode would launch: the sandbox provisioner's plan, priced, grouped by pool and type. */
function launchFromNodePools(input: WhatIfInput, unplaced: FitPod[], placed: FitNode[]): Capacity {
  const catalog = input.catalog ?? offeringCatalog(zonesOf(input.nodes));
  // New nodes carry the DaemonSets' pods too, as the provisioner sizes them.
  const daemons = daemonsFromPods(input.pods);
  const provisionPools = input.nodePools.map((p) => provisionPoolOf(p, input.nodes, input.nodeClaims, daemons));
  const pending: PendingPod[] = unplaced.map((p) => ({
    key: p.key,
    namespace: p.namespace,
    requests: p.requests,
    nodeSelector: p.nodeSelector,
    tolerations: p.tolerations,
    affinityTerms: p.affinityTerms,
    labels: p.labels,
    podRules: p.podRules,
  }));
  const plan = planProvisioning(pending, provisionPools, catalog, placed);
  const out: Capacity = { newNodes: [], onNewNodes: 0, pending: [], blocked: new Map() };
  const grouped = new Map<string, NewNodes>();
  for (const claim of plan.claims) {
    const k = `${claim.pool}|${claim.instanceType}|${claim.capacityType}`;
    const g = grouped.get(k) ?? { pool: claim.pool, instanceType: claim.instanceType, capacityType: claim.capacityType, count: 0, hourly: 0 };
    g.count++;
    g.hourly += typeHourly(claim.instanceType, { autoMode: true, spot: isSpot(claim.capacityType) }, input.prices) ?? claim.price;
    grouped.set(k, g);
    out.onNewNodes += claim.pods.length;
  }
  out.newNodes.push(...grouped.values());
  for (const u of plan.unprovisionable) {
    // A full pool is the cause worth naming: the others are pools the pod was never meant for.
    const cause: ProvisionCause = u.causes.find((c) => c.code === 'over-limits') ?? u.causes[0] ?? { code: 'no-pools' };
    out.pending.push({ workload: ownerOf(u.pod), cause });
    if (cause.code === 'over-limits') out.blocked.set('limits', { code: 'limits', pool: cause.pool });
    else out.blocked.set(`incompatible|${causeWords(cause)}`, { code: 'incompatible', cause });
  }
  return out;
}

/** A managed node group adds nodes of its first instance type, up to its max size. */
function growNodeGroup(input: WhatIfInput, group: NodegroupInfo, unplaced: FitPod[]): Capacity {
  const type = group.instanceTypes[0];
  const offering = (input.catalog ?? offeringCatalog()).find((o) => o.type === type);
  const room = Math.max(0, group.scaling.maxSize - group.scaling.desiredSize);
  const fresh: FitNode[] = [];
  if (offering) {
    for (let i = 0; i < room; i++) {
      fresh.push({
        name: `new-${group.name}-${i}`,
        labels: { ...offering.labels, ...group.labels, [NODEGROUP_KEY]: group.name, 'kubernetes.io/hostname': `new-${group.name}-${i}` },
        taints: group.taints.map((t) => ({ key: t.key, value: t.value, effect: eksEffect(t.effect) })),
        allocatable: offering.allocatable,
        used: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
        schedulable: true,
      });
    }
  }
  const second = pack(unplaced, fresh);
  const usedFresh = new Set(second.placed.values());
  const out: Capacity = { newNodes: [], onNewNodes: 0, pending: [], blocked: new Map() };
  if (usedFresh.size) {
    out.newNodes.push({ pool: group.name, instanceType: type, capacityType: normalizeCapacityType(group.capacityType ?? 'ON_DEMAND'), count: usedFresh.size, hourly: (typeHourly(type, { spot: isSpot(group.capacityType) }, input.prices) ?? 0) * usedFresh.size });
    out.onNewNodes += second.placed.size;
  }
  const atMax = room === 0 || usedFresh.size === room;
  for (const u of second.unplaced) {
    const cause: PendingCause = atMax ? { code: 'nodegroup-max', group: group.name, maxSize: group.scaling.maxSize } : { code: 'nodegroup-too-small', group: group.name, instanceType: type };
    out.pending.push({ workload: ownerOf(u.pod.key), cause });
    if (atMax) out.blocked.set('nodegroup-max', { code: 'nodegroup-max', group: group.name, maxSize: group.scaling.maxSize });
  }
  return out;
}

/** A plain label nothing launches nodes for: only the nodes that carry it can take the pods. */
function existingNodesOnly({ target, labelledNodes }: Scope, unplaced: Packing['unplaced']): Capacity {
  const out: Capacity = { newNodes: [], onNewNodes: 0, pending: [], blocked: new Map() };
  const t = { key: target.key, value: target.value };
  for (const u of unplaced) {
    const cause: PendingCause = labelledNodes.length === 0 ? { code: 'no-labelled-node', target: t } : { code: 'no-room', target: t, misfits: Object.keys(u.reasons) as Misfit[] };
    out.pending.push({ workload: ownerOf(u.pod.key), cause });
  }
  if (unplaced.length) out.blocked.set('no-pool', { code: 'no-pool', target: t });
  return out;
}

/** Pending pods counted per workload and cause (in words, so equal causes count together). */
function groupPending(pods: Capacity['pending']): PendingGroup[] {
  const groups = new Map<string, PendingGroup>();
  for (const { workload, cause } of pods) {
    const reason = pendingWords(cause);
    const k = `${workload}|${reason}`;
    const g = groups.get(k) ?? { workload, count: 0, reason, cause };
    g.count++;
    groups.set(k, g);
  }
  return [...groups.values()];
}

/** Nodes the move leaves empty or lightly requested, and whether Auto Mode removes them on its own. */
function leftBehind(input: WhatIfInput, { used, remaining, lost }: ClusterAfter, receiving: Set<string>): FreedNode[] {
  const freed: FreedNode[] = [];
  for (const node of input.nodes) {
    if (!lost.get(node.name) || receiving.has(node.name)) continue;
    const rest = (remaining.get(node.name) ?? []).filter((p) => p.owner?.kind !== 'DaemonSet');
    const u = used.get(node.name) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    const cpu = node.allocatable.cpuMillis ? u.cpuMillis / node.allocatable.cpuMillis : 0;
    const mem = node.allocatable.memoryBytes ? u.memoryBytes / node.allocatable.memoryBytes : 0;
    const state = rest.length === 0 ? 'empty' : cpu < LIGHTLY_REQUESTED && mem < LIGHTLY_REQUESTED ? 'lightly-requested' : undefined;
    if (!state) continue;
    const pool = input.nodePools.find((p) => p.name === node.labels['karpenter.sh/nodepool']);
    const consolidates = pool ? pool.disruption.consolidateAfter !== 'Never' && (state === 'empty' || pool.disruption.consolidationPolicy === 'WhenEmptyOrUnderutilized') : false;
    freed.push({ node: node.name, pool: node.pool.name, state, autoRemoved: consolidates && state === 'empty', hourly: nodeHourly(node, input.prices) ?? 0 });
  }
  return freed;
}

function costOf(input: WhatIfInput, newNodes: NewNodes[], freed: FreedNode[]): WhatIfPlan['cost'] {
  const beforeHourly = input.nodes.reduce((s, n) => s + (nodeHourly(n, input.prices) ?? 0), 0);
  const added = newNodes.reduce((s, n) => s + n.hourly, 0);
  const removed = freed.filter((f) => f.autoRemoved).reduce((s, f) => s + f.hourly, 0);
  const potential = freed.filter((f) => !f.autoRemoved).reduce((s, f) => s + f.hourly, 0);
  const afterHourly = beforeHourly + added - removed;
  const prices = input.prices ?? BUILT_IN_PRICES;
  return { beforeHourly, afterHourly, deltaHourly: afterHourly - beforeHourly, deltaMonthly: (afterHourly - beforeHourly) * HOURS_PER_MONTH, potentialSavingsHourly: potential, prices: { name: prices.name, source: prices.source } };
}

/**
 * The selectors a pin keeps (the workload's own, not pool keys) that the target's nodes would not
 * satisfy: judged on the nodes the target has, else on what its pool or node group puts on new
 * nodes. Well-known labels (zone, arch, instance type…) Auto Mode can choose, so they pass.
 */
function strandedSelectors(
  nodeSelector: Record<string, string>,
  target: PinTarget,
  labelledNodes: readonly NodeInfo[],
  pools: readonly NodePoolInfo[],
  group: NodegroupInfo | undefined,
): Array<[string, string]> {
  return Object.entries(nodeSelector).filter(([k, v]) => {
    if (k === target.key) return false;
    if (labelledNodes.length) return !labelledNodes.some((n) => n.labels[k] === v);
    if (pools.length) return !WELL_KNOWN_LABELS.has(k) && !pools.some((p) => poolNodeLabels(p)[k] === v);
    if (group) return !WELL_KNOWN_LABELS.has(k) && group.labels[k] !== v;
    return false;
  });
}

function zonesOf(nodes: readonly NodeInfo[]): string[] | undefined {
  const zones = [...new Set(nodes.map((n) => n.zone).filter((z): z is string => Boolean(z)))].sort();
  return zones.length ? zones : undefined;
}
