// Single-node consolidation's other outcome: a node whose pods do not fit on the others can still
// be replaced by one cheaper node, when one instance type its NodePool allows holds all of them
// (Karpenter's "replace": it launches the cheaper node, then drains and removes this one).
//
// Modelled: on-demand nodes only (Karpenter replaces a spot node only when many cheaper spot types
// remain, which a price list cannot tell); the replacement has the node's own labels (its pool's,
// zone, capacity type) with the new type's well-known labels, the node's taints, and room taken
// by the DaemonSet pods that would run there too.

import { pack, type FitNode, type FitPod } from './fit';
import { allocatableOf, INSTANCE_TYPES, instanceLabels } from './instance-types';
import type { Resources } from './model';
import { typeHourly, type PriceTable } from './pricing';
import { allowsAll, type Requirement } from './requirements';

/** An instance type a pool could launch, priced as an on-demand Auto Mode node. */
export interface ReplacementOffer {
  type: string;
  labels: Record<string, string>;
  allocatable: Resources;
  hourly: number;
}

/** What a replace verdict launches instead: the type, and what it costs an hour. */
export interface Replacement {
  instanceType: string;
  hourly: number;
}

/** Every priced instance type, cheapest first; which ones a pool allows is decided per node. */
export function replacementOffers(prices?: PriceTable): ReplacementOffer[] {
  const offers: ReplacementOffer[] = [];
  for (const spec of INSTANCE_TYPES) {
    const hourly = typeHourly(spec.type, { autoMode: true }, prices);
    if (hourly !== undefined) offers.push({ type: spec.type, labels: instanceLabels(spec), allocatable: allocatableOf(spec), hourly });
  }
  return offers.sort((a, b) => a.hourly - b.hourly || a.type.localeCompare(b.type));
}

export interface ReplaceableNode extends FitNode {
  hourlyPrice?: number;
}

/**
 * The cheapest type the pool's requirements allow that holds every workload pod (with the
 * DaemonSet pods' room taken), and costs less than the node; undefined when there is none.
 */
export function cheaperReplacement(
  node: ReplaceableNode,
  pods: { workload: readonly FitPod[]; daemonSet: readonly FitPod[] },
  pool: { requirements: readonly Requirement[]; offers: readonly ReplacementOffer[] },
): Replacement | undefined {
  const current = node.hourlyPrice;
  if (current === undefined || node.labels['karpenter.sh/capacity-type'] === 'spot') return undefined;
  const daemonRoom = pods.daemonSet.reduce((u, p) => ({ cpuMillis: u.cpuMillis + p.requests.cpuMillis, memoryBytes: u.memoryBytes + p.requests.memoryBytes, pods: u.pods + 1 }), { cpuMillis: 0, memoryBytes: 0, pods: 0 });
  for (const offer of pool.offers) {
    if (offer.hourly >= current) break;
    const labels = { ...node.labels, ...offer.labels, 'karpenter.sh/capacity-type': 'on-demand' };
    if (!allowsAll(pool.requirements, labels)) continue;
    const fresh: FitNode = { name: `new ${offer.type}`, labels, taints: node.taints, allocatable: offer.allocatable, used: { ...daemonRoom }, schedulable: true, pods: [] };
    if (pack(pods.workload, [fresh]).unplaced.length === 0) return { instanceType: offer.type, hourly: offer.hourly };
  }
  return undefined;
}
