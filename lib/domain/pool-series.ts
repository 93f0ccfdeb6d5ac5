// The figures per pool that are worth keeping as time series (Prometheus scrapes them from
// /api/metrics): what the pool holds, asks for and costs, what it wastes, and how many of its
// nodes Auto Mode could remove or is kept from removing, and why. All from the review, so the
// series and the review page can never disagree; plus pods waiting for a node, by why.
//
// Label values stay bounded: pools are few, verdict codes and pending reasons are closed sets.

import type { EventInfo, PodInfo } from './model';
import type { Review } from './review';
import { pendingReasons } from './lane-view';
import type { VerdictCode } from './verdict';
import { HOURS_PER_MONTH } from './pricing';
const GIB = 1024 ** 3;

export interface PoolSeries {
  pool: string;
  poolSource: string;
  nodes: number;
  allocatableCpuCores: number;
  allocatableMemoryBytes: number;
  requestedCpuCores: number;
  requestedMemoryBytes: number;
  /** Present when metrics.k8s.io answered for every node of the pool. */
  usedCpuCores?: number;
  usedMemoryBytes?: number;
  costDollarsPerHour: number;
  wasteCpuCores: number;
  wasteMemoryBytes: number;
  wasteDollarsPerHour: number;
  /** Nodes counted in the savings: Auto Mode removes them now or once their pods settle. */
  consolidationCandidates: number;
  /** Nodes Auto Mode would remove but is kept from, by the verdict's code (PDB, DoNotDisrupt, Budget…). */
  blockedNodes: Partial<Record<VerdictCode, number>>;
}

export function poolSeries(review: Review): PoolSeries[] {
  return review.pools.map((p) => {
    const rows = review.nodes.filter((r) => r.pool === p.pool);
    const blocked: Partial<Record<VerdictCode, number>> = {};
    for (const r of rows) if (r.state === 'blocked') blocked[r.code] = (blocked[r.code] ?? 0) + 1;
    const series: PoolSeries = {
      pool: p.pool,
      poolSource: p.poolSource,
      nodes: p.nodes,
      allocatableCpuCores: p.allocatable.cpuMillis / 1000,
      allocatableMemoryBytes: p.allocatable.memoryBytes,
      requestedCpuCores: p.requested.cpuMillis / 1000,
      requestedMemoryBytes: p.requested.memoryBytes,
      costDollarsPerHour: p.hourly,
      wasteCpuCores: p.waste.vcpu,
      wasteMemoryBytes: p.waste.gib * GIB,
      wasteDollarsPerHour: p.waste.usdPerMonth / HOURS_PER_MONTH,
      consolidationCandidates: rows.filter((r) => r.candidate).length,
      blockedNodes: blocked,
    };
    if (rows.length > 0 && rows.every((r) => r.used)) {
      series.usedCpuCores = rows.reduce((s, r) => s + r.used!.cpuMillis, 0) / 1000;
      series.usedMemoryBytes = rows.reduce((s, r) => s + r.used!.memoryBytes, 0);
    }
    return series;
  });
}

/** Why a pod waits for a node, as a closed set of label values. */
export type PendingLabel = 'FailedScheduling' | 'Nominated' | 'Unschedulable' | 'Unknown';

/** Pods no node holds yet (not terminating), counted by the newest scheduling Event's reason. */
export function pendingPodCounts(pods: readonly PodInfo[], events: readonly EventInfo[]): Record<PendingLabel, number> {
  const counts: Record<PendingLabel, number> = { FailedScheduling: 0, Nominated: 0, Unschedulable: 0, Unknown: 0 };
  const reasons = pendingReasons(events);
  for (const p of pods) {
    if (p.nodeName || p.terminating || p.phase !== 'Pending') continue;
    const reason = reasons.get(`${p.namespace}/${p.name}`)?.reason;
    const label: PendingLabel =
      reason === 'FailedScheduling' || reason === 'Nominated' || reason === 'Unschedulable' ? reason : p.trouble === 'Unschedulable' ? 'Unschedulable' : 'Unknown';
    counts[label] += 1;
  }
  return counts;
}
