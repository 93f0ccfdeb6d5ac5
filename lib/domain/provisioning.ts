// Auto Mode / Karpenter provisioning as a pure plan: pending pods that nothing fits → the
// compatible NodePools (highest weight first, within limits) → batches of pods → the cheapest
// instance type that holds each batch together with the pool's DaemonSet overhead. The sandbox's provisioner turns the plan into NodeClaims;
// the UI can show the same plan as a what-if before anything is applied.

import type { Resources } from './model';
import { mayShareNewNode, PlacementIndex, type FitNode } from './fit';
import type { InterPodRules } from './pod-placement';
import {
  allows,
  explainIncompatibility,
  podPoolIncompatibilities,
  type Incompatibility,
  selectorRequirements,
  type PodShape,
  type PoolShape,
  type Requirement,
} from './requirements';

export interface InstanceOffering {
  type: string;
  /** Well-known labels of the type: instance-type, arch, eks.amazonaws.com/instance-category… */
  labels: Record<string, string>;
  /** What pods can use on such a node (allocatable). */
  allocatable: Resources;
  /** Capacity as the NodePool limits count it. */
  capacity: Resources;
  /** On-demand USD per hour. */
  price: number;
  zones: string[];
  capacityTypes: string[];
}

export interface ProvisionPool extends PoolShape {
  weight: number;
  limits?: { cpuMillis?: number; memoryBytes?: number };
  /** Capacity of the pool's existing nodes (and claims in flight), counted against limits. */
  usage: Resources;
  /** What the DaemonSets take on each new node of the pool (daemon-overhead.ts); sized in like pods. */
  daemonOverhead?: Resources;
}

export interface PendingPod extends PodShape {
  key: string;
  requests: Resources;
  namespace?: string;
  labels?: Record<string, string>;
  /** Required pod (anti-)affinity and spread: hostname rules decide which pods may share a claim. */
  podRules?: InterPodRules;
}

export interface PlannedClaim {
  pool: string;
  instanceType: string;
  capacityType: string;
  zone: string;
  pods: string[];
  price: number;
}

/** Why a pool cannot take a pod, as data (words: causeWords). */
export type ProvisionCause =
  | { code: 'incompatible'; pool: string; problems: Incompatibility[] }
  | { code: 'no-type-fits'; pool: string }
  | { code: 'over-limits'; pool: string }
  | { code: 'no-pools' };

export interface ProvisioningPlan {
  claims: PlannedClaim[];
  /** Pods no pool can take, with one cause per pool, and the causes in words (for Events). */
  unprovisionable: { pod: string; causes: ProvisionCause[]; reasons: string[] }[];
}

/** A cause in the words of Karpenter's FailedScheduling events. */
export function causeWords(c: ProvisionCause): string {
  switch (c.code) {
    case 'incompatible':
      return `NodePool ${c.pool}: ${c.problems.map(explainIncompatibility).join('; ')}`;
    case 'no-type-fits':
      return `NodePool ${c.pool}: no instance type it allows fits the pod's requests`;
    case 'over-limits':
      return `NodePool ${c.pool}: every instance type that fits would exceed its limits`;
    case 'no-pools':
      return 'no NodePools exist';
  }
}

const unprovisionable = (pod: string, causes: ProvisionCause[]) => ({ pod, causes, reasons: causes.map(causeWords) });

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';

const hasZoneRules = (p: PendingPod) =>
  [...(p.podRules?.affinity ?? []), ...(p.podRules?.antiAffinity ?? []), ...(p.podRules?.spread ?? [])].some((r) => r.topologyKey === ZONE);
const CAPACITY_TYPE = 'karpenter.sh/capacity-type';

/**
 * `placed`: the cluster's nodes with their pods, so a claim for pods with zone rules (spread,
 * anti-affinity) goes to a zone where they may run, as Karpenter picks it; without them every
 * launch would go to the first allowed zone, and a spread that zone cannot satisfy would keep
 * launching there.
 */
export function planProvisioning(
  pods: readonly PendingPod[],
  pools: readonly ProvisionPool[],
  catalog: readonly InstanceOffering[],
  placed: readonly FitNode[] = [],
): ProvisioningPlan {
  const ordered = [...pools].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  const { batches, unprovisionable } = batchByPool(pods, ordered, catalog);
  const launch = new Launches(ordered, new PlacementIndex(placed));
  for (const batch of batches) launch.batch(batch, catalog);
  return { claims: launch.claims, unprovisionable: [...unprovisionable, ...launch.overLimits] };
}

/** Pods a pool takes, grouped by the placement requirements they share (such pods may share nodes). */
interface Batch {
  pool: ProvisionPool;
  reqs: Requirement[];
  pods: PendingPod[];
}

/** Each pod to the first pool (by weight) it is compatible with and some allowed type can hold. */
function batchByPool(pods: readonly PendingPod[], ordered: readonly ProvisionPool[], catalog: readonly InstanceOffering[]) {
  const batches = new Map<string, Batch>();
  const unplaced: ProvisioningPlan['unprovisionable'] = [];
  for (const pod of pods) {
    const causes: ProvisionCause[] = [];
    const chosen = ordered.find((pool) => {
      const cause = whyNot(pod, pool, catalog);
      if (cause) causes.push(cause);
      return !cause;
    });
    if (!chosen) {
      unplaced.push(unprovisionable(pod.key, causes.length ? causes : [{ code: 'no-pools' }]));
      continue;
    }
    const reqs = podRequirements(pod);
    const key = `${chosen.name}|${JSON.stringify(reqs)}`;
    const batch = batches.get(key) ?? { pool: chosen, reqs, pods: [] };
    batch.pods.push(pod);
    batches.set(key, batch);
  }
  return { batches: [...batches.values()], unprovisionable: unplaced };
}

function whyNot(pod: PendingPod, pool: ProvisionPool, catalog: readonly InstanceOffering[]): ProvisionCause | undefined {
  const problems = podPoolIncompatibilities(pod, pool);
  if (problems.length > 0) return { code: 'incompatible', pool: pool.name, problems };
  const needs = sum([pod.requests, pool.daemonOverhead ?? ZERO]);
  if (typesFor(pool, podRequirements(pod), catalog).every((o) => !fits(needs, o.allocatable))) return { code: 'no-type-fits', pool: pool.name };
  return undefined;
}

/** The claims launched so far, with each pool's usage growing as they are. */
class Launches {
  readonly claims: PlannedClaim[] = [];
  readonly overLimits: ProvisioningPlan['unprovisionable'] = [];
  private readonly usage: Map<string, Resources>;
  private fresh = 0;

  constructor(
    pools: readonly ProvisionPool[],
    private readonly index: PlacementIndex,
  ) {
    this.usage = new Map(pools.map((p) => [p.name, { ...p.usage }]));
  }

  /** Biggest pods first, as many per claim as the largest allowed type holds and their rules let share. */
  batch({ pool, reqs, pods }: Batch, catalog: readonly InstanceOffering[]) {
    const types = typesFor(pool, reqs, catalog).sort((a, b) => a.price - b.price);
    const biggestFirst = [...pods].sort((a, b) => b.requests.cpuMillis - a.requests.cpuMillis || b.requests.memoryBytes - a.requests.memoryBytes);
    let open: PendingPod[] = [];
    for (const pod of biggestFirst) {
      const total = sum([...open.map((p) => p.requests), pod.requests, pool.daemonOverhead ?? ZERO]);
      if (!(types.some((o) => fits(total, o.allocatable)) && mayShareNewNode(pod, open))) {
        this.claim(pool, reqs, types, open);
        open = [];
      }
      open.push(pod);
    }
    this.claim(pool, reqs, types, open);
  }

  /** The cheapest type that holds the pods; like Karpenter, types that would push the pool past its limits are not considered. */
  private claim(pool: ProvisionPool, reqs: Requirement[], types: InstanceOffering[], pods: PendingPod[]) {
    if (pods.length === 0) return;
    const used = this.usage.get(pool.name)!;
    const total = sum([...pods.map((p) => p.requests), pool.daemonOverhead ?? ZERO]);
    const offering = types.find((o) => fits(total, o.allocatable) && withinLimits(pool, used, o.capacity));
    if (!offering) {
      for (const p of pods) this.overLimits.push(unprovisionable(p.key, [{ code: 'over-limits', pool: pool.name }]));
      return;
    }
    used.cpuMillis += offering.capacity.cpuMillis;
    used.memoryBytes += offering.capacity.memoryBytes;
    used.pods += offering.capacity.pods;
    this.claims.push({
      pool: pool.name,
      instanceType: offering.type,
      capacityType: pickValue(offering.capacityTypes, [...pool.requirements, ...reqs], CAPACITY_TYPE, pool.labels[CAPACITY_TYPE]) ?? 'on-demand',
      zone: this.zoneFor(offering, pool, reqs, pods),
      pods: pods.map((p) => p.key),
      price: offering.price,
    });
  }

  /** The first allowed zone, unless the pods' zone rules prefer another: the one where most of them may run. */
  private zoneFor(offering: InstanceOffering, pool: ProvisionPool, reqs: Requirement[], claimPods: PendingPod[]): string {
    const pinned = pool.labels[ZONE];
    const allowed = (pinned ? offering.zones.filter((z) => z === pinned) : offering.zones).filter((z) =>
      [...pool.requirements, ...reqs].filter((r) => r.key === ZONE).every((r) => allows(r, z)),
    );
    const first = allowed[0] ?? offering.zones[0];
    if (!claimPods.some((p) => hasZoneRules(p)) && !this.index.hasAntiAffinity()) return first;
    let best = first;
    let bestCount = -1;
    let bestNode: FitNode | undefined;
    for (const zone of allowed) {
      const name = `(new node ${++this.fresh})`;
      const node: FitNode = {
        name,
        labels: { ...offering.labels, ...pool.labels, [ZONE]: zone, [HOSTNAME]: name },
        taints: [],
        allocatable: offering.allocatable,
        used: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
        schedulable: true,
      };
      const count = claimPods.filter((p) => !this.index.misfit({ ...p }, node)).length;
      if (count > bestCount) [best, bestCount, bestNode] = [zone, count, node];
    }
    // Later claims see these pods where they will run.
    if (bestNode) for (const p of claimPods) this.index.add(p, bestNode);
    return best;
  }
}

function podRequirements(pod: PodShape): Requirement[] {
  // The first affinity term stands for the pod here; multi-term pods are rare on these keys. Node
  // name fields are no labels a claim could ask for.
  const term = (pod.affinityTerms?.[0] ?? []).filter((r) => !r.field);
  return [...selectorRequirements(pod.nodeSelector), ...term].sort((a, b) => a.key.localeCompare(b.key));
}

/** Instance types the pool and the pod's requirements both allow, with a usable offering. */
function typesFor(pool: ProvisionPool, podReqs: Requirement[], catalog: readonly InstanceOffering[]): InstanceOffering[] {
  const reqs = [...pool.requirements, ...podReqs];
  return catalog.filter((o) => {
    const labels = { ...o.labels, ...pool.labels };
    for (const r of reqs) {
      if (r.key === ZONE || r.key === CAPACITY_TYPE) continue;
      // Keys the type does not describe are the pool's own labels, checked by compatibility.
      if (!(r.key in labels) && r.operator !== 'DoesNotExist' && r.operator !== 'NotIn') {
        if (r.key.startsWith('node.kubernetes.io/') || r.key.startsWith('eks.amazonaws.com/instance') || r.key === 'kubernetes.io/arch') return false;
        continue;
      }
      if (!allows(r, labels[r.key])) return false;
    }
    return (
      pickValue(o.zones, reqs, ZONE, pool.labels[ZONE]) !== undefined &&
      pickValue(o.capacityTypes, reqs, CAPACITY_TYPE, pool.labels[CAPACITY_TYPE]) !== undefined
    );
  });
}

function pickValue(values: string[], reqs: Requirement[], key: string, pinned?: string): string | undefined {
  const candidates = pinned ? values.filter((v) => v === pinned) : values;
  return candidates.find((v) => reqs.filter((r) => r.key === key).every((r) => allows(r, v)));
}

function withinLimits(pool: ProvisionPool, used: Resources, add: Resources): boolean {
  const { cpuMillis, memoryBytes } = pool.limits ?? {};
  if (cpuMillis !== undefined && used.cpuMillis + add.cpuMillis > cpuMillis) return false;
  if (memoryBytes !== undefined && used.memoryBytes + add.memoryBytes > memoryBytes) return false;
  return true;
}

function fits(r: Resources, a: Resources): boolean {
  return r.cpuMillis <= a.cpuMillis && r.memoryBytes <= a.memoryBytes && r.pods <= a.pods;
}

const ZERO: Resources = { cpuMillis: 0, memoryBytes: 0, pods: 0 };

function sum(list: Resources[]): Resources {
  return list.reduce((t, r) => ({ cpuMillis: t.cpuMillis + r.cpuMillis, memoryBytes: t.memoryBytes + r.memoryBytes, pods: t.pods + r.pods }), {
    cpuMillis: 0,
    memoryBytes: 0,
    pods: 0,
  });
}
