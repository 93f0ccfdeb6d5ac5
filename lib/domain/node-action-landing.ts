// Where the pods a node action moves would land, before anything moves: the cluster's other
// nodes with the drained node cordoned (the one fit function, `pack`), then what Auto Mode would
// launch for the rest (the provisioner's own plan, priced), and what can land nowhere and why.
//
// Pods replaced by a rollout restart (surge) still stand on the drained node while their
// replacements are scheduled, so they still count for spreading and anti-affinity there; pods
// evicted are gone first, as `kubectl drain` does it.

import { pack, type FitNode, type FitPod, type Misfit } from './fit';
import { holdsResources } from './holds-resources';
import type { NodeClaimInfo, NodeInfo, NodePoolInfo, NodegroupInfo, PodInfo, Resources } from './model';
import { daemonsFromPods } from './daemon-overhead';
import { offeringCatalog, provisionPoolOf } from './provision-pools';
import { HOURS_PER_MONTH, typeHourly, type PriceTable } from './pricing';
import { isSpot } from './capacity-type';
import { planProvisioning, type InstanceOffering, type PendingPod } from './provisioning';

const NODEGROUP_KEY = 'eks.amazonaws.com/nodegroup';

export interface LandingInput {
  nodes: readonly NodeInfo[];
  pods: readonly PodInfo[];
  nodePools: readonly NodePoolInfo[];
  nodeClaims: readonly NodeClaimInfo[];
  nodegroups?: readonly NodegroupInfo[];
  prices?: PriceTable;
  catalog?: readonly InstanceOffering[];
}

/** Where one moving pod's replacement goes. */
export type Landing =
  | { kind: 'lands-on'; node: string }
  | { kind: 'needs-new-capacity'; pool: string; instanceType: string }
  | { kind: 'cannot-land'; code: CannotLandCode; misfits: Partial<Record<Misfit, number>>; nodes: number; nodegroup?: { name: string; maxSize: number; desiredSize: number } };

/**
 * Why a replacement lands nowhere: the first scheduler rule that turns away most nodes
 * (`pod-anti-affinity`, `spread`, `cpu`…), or `nodegroup-max` when the pods' node group is at its
 * max size and no NodePool takes them.
 */
export type CannotLandCode = Misfit | 'nodegroup-max' | 'no-nodes';

/** New nodes Auto Mode would launch, per pool and type. */
export interface NewCapacity {
  pool: string;
  instanceType: string;
  capacityType: string;
  count: number;
  hourly: number;
  monthly: number;
}

export interface Landings {
  byPod: Map<string, Landing>;
  newCapacity: NewCapacity[];
}

const key = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

export function fitPodOf(p: PodInfo): FitPod {
  const pod: FitPod = { key: key(p), namespace: p.namespace, requests: { ...p.requests, pods: 1 } };
  if (p.nodeSelector) pod.nodeSelector = p.nodeSelector;
  if (p.affinity) pod.affinityTerms = p.affinity;
  if (p.tolerations) pod.tolerations = p.tolerations;
  if (p.labels) pod.labels = p.labels;
  if (p.podRules) pod.podRules = p.podRules;
  return pod;
}

/** The cluster as the scheduler sees it once the node is cordoned and the evicted pods are gone. */
function nodesAfterCordon(input: LandingInput, drained: string, gone: ReadonlySet<string>): FitNode[] {
  const used = new Map<string, Resources>();
  const placed = new Map<string, PodInfo[]>();
  for (const p of input.pods) {
    if (!holdsResources(p) || gone.has(key(p))) continue;
    const u = used.get(p.nodeName) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    u.cpuMillis += p.requests.cpuMillis;
    u.memoryBytes += p.requests.memoryBytes;
    u.pods += 1;
    used.set(p.nodeName, u);
    placed.set(p.nodeName, [...(placed.get(p.nodeName) ?? []), p]);
  }
  return input.nodes.map((n) => ({
    name: n.name,
    labels: n.labels,
    taints: n.taints,
    allocatable: n.allocatable,
    used: used.get(n.name) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    schedulable: n.ready && !n.terminating,
    cordoned: n.unschedulable || n.name === drained,
    pods: placed.get(n.name) ?? [],
  }));
}

/**
 * Where each of `moving` lands once `drained` is cordoned. `evicted`: the moving pods that are
 * gone before their replacements are scheduled (the rest surge beside them).
 */
export function landings(input: LandingInput, drained: string, moving: readonly PodInfo[], evicted: ReadonlySet<string>): Landings {
  const byPod = new Map<string, Landing>();
  const nodes = nodesAfterCordon(input, drained, evicted);
  const packing = pack(moving.map(fitPodOf), nodes);
  for (const [pod, node] of packing.placed) byPod.set(pod, { kind: 'lands-on', node });
  if (packing.unplaced.length === 0) return { byPod, newCapacity: [] };

  const launched = launch(input, packing.unplaced.map((u) => u.pod), packing.nodes);
  for (const [pod, type] of launched.byPod) byPod.set(pod, type);
  const group = nodegroupOf(input, drained);
  for (const u of packing.unplaced) {
    if (byPod.has(u.pod.key)) continue;
    const atMax = group && group.scaling.desiredSize >= group.scaling.maxSize;
    const code: CannotLandCode = atMax ? 'nodegroup-max' : mainMisfit(u.reasons);
    const landing: Landing = { kind: 'cannot-land', code, misfits: u.reasons, nodes: nodes.length };
    if (group) landing.nodegroup = { name: group.name, maxSize: group.scaling.maxSize, desiredSize: group.scaling.desiredSize };
    byPod.set(u.pod.key, landing);
  }
  return { byPod, newCapacity: launched.newCapacity };
}

/** Misfits of nodes the pod was never meant for, or the drained node itself: named only when nothing else is. */
const BACKGROUND: ReadonlySet<Misfit> = new Set(['unschedulable', 'selector', 'taint']);

/** The rule that turned away the most of the nodes the pod could otherwise run on. */
function mainMisfit(reasons: Partial<Record<Misfit, number>>): CannotLandCode {
  const ranked = (Object.entries(reasons) as [Misfit, number][]).sort((a, b) => Number(BACKGROUND.has(a[0])) - Number(BACKGROUND.has(b[0])) || b[1] - a[1] || a[0].localeCompare(b[0]));
  return ranked[0]?.[0] ?? 'no-nodes';
}

function nodegroupOf(input: LandingInput, nodeName: string): NodegroupInfo | undefined {
  const name = input.nodes.find((n) => n.name === nodeName)?.labels[NODEGROUP_KEY];
  return name ? input.nodegroups?.find((g) => g.name === name) : undefined;
}

/** What Auto Mode's provisioner would launch for the pods no node takes, priced per month. */
function launch(input: LandingInput, unplaced: FitPod[], placed: FitNode[]): Landings {
  const byPod = new Map<string, Landing>();
  if (input.nodePools.length === 0) return { byPod, newCapacity: [] };
  const zones = [...new Set(input.nodes.map((n) => n.zone).filter((z): z is string => Boolean(z)))].sort();
  const catalog = input.catalog ?? offeringCatalog(zones.length ? zones : undefined);
  // New nodes carry the DaemonSets' pods too, as the provisioner sizes them.
  const daemons = daemonsFromPods(input.pods);
  const pools = input.nodePools.map((p) => provisionPoolOf(p, input.nodes, input.nodeClaims, daemons));
  const pending: PendingPod[] = unplaced.map((p) => ({ ...p, affinityTerms: p.affinityTerms }));
  const plan = planProvisioning(pending, pools, catalog, placed);
  const grouped = new Map<string, NewCapacity>();
  for (const claim of plan.claims) {
    const k = `${claim.pool}|${claim.instanceType}|${claim.capacityType}`;
    const g = grouped.get(k) ?? { pool: claim.pool, instanceType: claim.instanceType, capacityType: claim.capacityType, count: 0, hourly: 0, monthly: 0 };
    g.count++;
    g.hourly += typeHourly(claim.instanceType, { autoMode: true, spot: isSpot(claim.capacityType) }, input.prices) ?? claim.price;
    g.monthly = g.hourly * HOURS_PER_MONTH;
    grouped.set(k, g);
    for (const pod of claim.pods) byPod.set(pod, { kind: 'needs-new-capacity', pool: claim.pool, instanceType: claim.instanceType });
  }
  return { byPod, newCapacity: [...grouped.values()] };
}
