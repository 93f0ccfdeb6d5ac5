// What-if: "pin these deployments to that pool" answered before anything is applied. Their pods
// leave their nodes; new pods with the pinned placement go onto the pool's current nodes where
// they fit (the same bin packing as consolidation); the rest is what Auto Mode would launch
// (the same planner as the sandbox's provisioner), what a managed node group would add up to its
// max size, or what stays Pending and why. Then: which nodes are left empty or lightly requested
// (under half their CPU and memory requested: a hint, not Karpenter's Underutilized verdict, which
// asks whether every pod fits elsewhere and is the consolidation review's), and what it does to
// the hourly cost.

import { pack, type FitNode, type FitPod } from './fit';
import { holdsResources } from './holds-resources';
import type { NodeClaimInfo, NodeInfo, NodePoolInfo, NodegroupInfo, PodInfo, Resources, Taint } from './model';
import { isTransientTaint, pinnedPlacement, WRONG_NODECLASS_KEY, type PinTarget, type PodPlacement } from './pin';
import { offeringCatalog, poolNodeLabels, provisionPoolOf } from './provision-pools';
import { BUILT_IN_PRICES, HOURS_PER_MONTH, nodeHourly, typeHourly, type PriceTable } from './pricing';
import { isSpot, normalizeCapacityType } from './capacity-type';
import { planProvisioning, type InstanceOffering, type PendingPod } from './provisioning';
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
  reason: string;
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
  warnings: string[];
  pods: { total: number; onExistingNodes: number; onNewNodes: number; pending: number };
  placements: Array<{ node: string; workload: string; count: number }>;
  newNodes: NewNodes[];
  pending: PendingGroup[];
  /** Why capacity cannot be added, in words, once per cause (limits, node group max size…). */
  blocked: Array<{ code: 'limits' | 'nodegroup-max' | 'no-pool' | 'incompatible'; message: string }>;
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
  const { target } = input;
  const kind = targetKind(target);
  const pools = targetPools(target, input.nodePools);
  const taints = targetTaints(target, input);
  const warnings: string[] = [];
  if (target.key === WRONG_NODECLASS_KEY) {
    warnings.push(`"${WRONG_NODECLASS_KEY}" is not a label any node carries: Auto Mode labels nodes "eks.amazonaws.com/nodeclass". Pods selecting it stay Pending.`);
  }
  const labelledNodes = input.nodes.filter((n) => n.labels[target.key] === target.value);
  const group = kind === 'nodegroup' ? input.nodegroups?.find((g) => g.name === target.value) : undefined;
  if (labelledNodes.length === 0 && pools.length === 0 && !group) {
    warnings.push(`No node has ${target.key}=${target.value} and no pool would create one: the pods would stay Pending.`);
  }

  const moving = new Set(input.workloads.map(workloadKey));
  const isMoving = (p: PodInfo) => p.owner?.kind === 'Deployment' && moving.has(`${p.namespace}/${p.owner.name}`);

  // The cluster as it will be once the old pods are gone.
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

  const placementsAfter: WhatIfPlan['placementsAfter'] = {};
  const newPods: FitPod[] = [];
  for (const w of input.workloads) {
    const after = pinnedPlacement(w, target, taints);
    placementsAfter[workloadKey(w)] = after;
    const stranded = strandedSelectors(after.nodeSelector, target, labelledNodes, pools, group);
    if (stranded.length) {
      warnings.push(
        `${workloadKey(w)} keeps nodeSelector ${stranded.map(([k, v]) => `${k}=${v}`).join(', ')}, which the nodes of ${target.key}=${target.value} do not carry: its pods would stay Pending. Remove that selector, or label the pool's nodes, first.`,
      );
    }
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
  const packing = pack(newPods, fitNodes);
  const owner = (podKey: string) => podKey.slice(0, podKey.lastIndexOf('#'));

  const placements = new Map<string, { node: string; workload: string; count: number }>();
  for (const [podKey, node] of packing.placed) {
    const k = `${node}|${owner(podKey)}`;
    const entry = placements.get(k) ?? { node, workload: owner(podKey), count: 0 };
    entry.count++;
    placements.set(k, entry);
  }

  const newNodes: NewNodes[] = [];
  const pendingByReason = new Map<string, PendingGroup>();
  const blocked = new Map<string, WhatIfPlan['blocked'][number]>();
  const pend = (workload: string, reason: string) => {
    const k = `${workload}|${reason}`;
    const g = pendingByReason.get(k) ?? { workload, count: 0, reason };
    g.count++;
    pendingByReason.set(k, g);
  };
  let onNewNodes = 0;
  const unplaced = packing.unplaced.map((u) => u.pod);

  if (unplaced.length && input.nodePools.length && kind !== 'nodegroup') {
    const catalog = input.catalog ?? offeringCatalog(zonesOf(input.nodes));
    const provisionPools = input.nodePools.map((p) => provisionPoolOf(p, input.nodes, input.nodeClaims));
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
    const plan = planProvisioning(pending, provisionPools, catalog, packing.nodes);
    const grouped = new Map<string, NewNodes>();
    for (const claim of plan.claims) {
      const k = `${claim.pool}|${claim.instanceType}|${claim.capacityType}`;
      const g = grouped.get(k) ?? { pool: claim.pool, instanceType: claim.instanceType, capacityType: claim.capacityType, count: 0, hourly: 0 };
      g.count++;
      g.hourly += typeHourly(claim.instanceType, { autoMode: true, spot: isSpot(claim.capacityType) }, input.prices) ?? claim.price;
      grouped.set(k, g);
      onNewNodes += claim.pods.length;
    }
    newNodes.push(...grouped.values());
    for (const u of plan.unprovisionable) {
      const reason = u.reasons.find((r) => r.includes('limits')) ?? u.reasons[0] ?? 'no NodePool can launch a node for it';
      pend(owner(u.pod), reason);
      if (reason.includes('limits')) blocked.set('limits', { code: 'limits', message: reason });
      else blocked.set(`incompatible|${reason}`, { code: 'incompatible', message: reason });
    }
  } else if (unplaced.length && group) {
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
    if (usedFresh.size) {
      newNodes.push({ pool: group.name, instanceType: type, capacityType: normalizeCapacityType(group.capacityType ?? 'ON_DEMAND'), count: usedFresh.size, hourly: (typeHourly(type, { spot: isSpot(group.capacityType) }, input.prices) ?? 0) * usedFresh.size });
      onNewNodes += second.placed.size;
    }
    for (const u of second.unplaced) {
      const reason =
        room === 0 || usedFresh.size === room
          ? `node group ${group.name} is at its max size (${group.scaling.maxSize}); raise maxSize to fit more`
          : `does not fit a ${type} of node group ${group.name}`;
      pend(owner(u.pod.key), reason);
      if (reason.includes('max size')) blocked.set('nodegroup-max', { code: 'nodegroup-max', message: `Node group ${group.name} is at its max size (${group.scaling.maxSize}).` });
    }
  } else {
    for (const u of packing.unplaced) {
      const reason =
        labelledNodes.length === 0
          ? `no node has ${target.key}=${target.value}, and nothing would launch one`
          : `no node with ${target.key}=${target.value} has room (${Object.keys(u.reasons).join(', ') || 'no fit'}), and nothing would launch another`;
      pend(owner(u.pod.key), reason);
    }
    if (packing.unplaced.length) blocked.set('no-pool', { code: 'no-pool', message: `Nothing launches nodes with ${target.key}=${target.value}: only existing nodes can take the pods.` });
  }

  // Nodes the move leaves behind.
  const receiving = new Set(packing.placed.values());
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

  const beforeHourly = input.nodes.reduce((s, n) => s + (nodeHourly(n, input.prices) ?? 0), 0);
  const added = newNodes.reduce((s, n) => s + n.hourly, 0);
  const removed = freed.filter((f) => f.autoRemoved).reduce((s, f) => s + f.hourly, 0);
  const potential = freed.filter((f) => !f.autoRemoved).reduce((s, f) => s + f.hourly, 0);
  const afterHourly = beforeHourly + added - removed;
  const pending = [...pendingByReason.values()];
  return {
    target: { ...target, kind, pools: pools.map((p) => p.name) },
    taints,
    warnings,
    pods: { total: newPods.length, onExistingNodes: packing.placed.size, onNewNodes, pending: pending.reduce((s, g) => s + g.count, 0) },
    placements: [...placements.values()],
    newNodes,
    pending,
    blocked: [...blocked.values()],
    freed,
    cost: { beforeHourly, afterHourly, deltaHourly: afterHourly - beforeHourly, deltaMonthly: (afterHourly - beforeHourly) * HOURS_PER_MONTH, potentialSavingsHourly: potential, prices: { name: (input.prices ?? BUILT_IN_PRICES).name, source: (input.prices ?? BUILT_IN_PRICES).source } },
    placementsAfter,
  };
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
