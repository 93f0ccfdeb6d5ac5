// The pools' figures as Prometheus gauges (lib/domain/pool-series.ts), judged from the held
// topology when Prometheus scrapes: what each pool holds, asks for, costs and wastes, how many of
// its nodes Auto Mode could remove or is kept from removing, and the pods waiting for a node.
// These are the series the review's history reads back from Prometheus.
//
// A scrape keeps the default cluster followed (so its history has no gaps at night when nobody
// has the dashboard open); any other cluster has series while someone has it open (within
// NODELANES_CLUSTER_IDLE_SECONDS).

import { Gauge, type Registry } from 'prom-client';
import { reviewCluster } from '@/lib/domain/review';
import { pendingPodCounts, poolSeries, type PendingLabel, type PoolSeries } from '@/lib/domain/pool-series';
import { syncedTopologies, topologyStarted } from '../topology-hub';
import { defaultClusterId } from '../clusters';
import { serverPriceTable } from '../prices';

/** Judging every node is not free on a large cluster: one judgement per cluster and version, reused this long. */
const REUSE_MS = 10_000;

interface Judged {
  at: number;
  resourceVersion: string;
  pools: PoolSeries[];
  pending: Record<PendingLabel, number>;
}
const judged = new Map<string, Judged>();

function followDefaultCluster(): void {
  try {
    const id = defaultClusterId();
    if (id) topologyStarted(id);
  } catch {
    // Not configured or not reachable: readiness and the cluster picker say so; a scrape has no series for it.
  }
}

function judgedClusters(now: number): Array<{ cluster: string; prices: string; figures: Judged }> {
  followDefaultCluster();
  const prices = serverPriceTable();
  const out = [];
  const seen = new Set<string>();
  for (const { cluster, snapshot } of syncedTopologies()) {
    seen.add(cluster);
    let figures = judged.get(cluster);
    if (!figures || figures.resourceVersion !== snapshot.resourceVersion || now - figures.at >= REUSE_MS) {
      const review = reviewCluster(snapshot, new Date(now), { prices });
      figures = { at: now, resourceVersion: snapshot.resourceVersion, pools: poolSeries(review), pending: pendingPodCounts(snapshot.pods, snapshot.events) };
      judged.set(cluster, figures);
    }
    out.push({ cluster, prices: prices.name, figures });
  }
  for (const cluster of judged.keys()) if (!seen.has(cluster)) judged.delete(cluster);
  return out;
}

/** One scrape collects every gauge in turn: they share one look at the clusters. */
let lastLook: { at: number; clusters: ReturnType<typeof judgedClusters> } | undefined;
function figuresNow(): ReturnType<typeof judgedClusters> {
  const now = Date.now();
  if (!lastLook || now - lastLook.at > 1_000) lastLook = { at: now, clusters: judgedClusters(now) };
  return lastLook.clusters;
}

type PoolLabel = 'cluster' | 'pool' | 'pool_source';

const POOL_GAUGES: Array<{ name: string; help: string; value: (p: PoolSeries) => number | undefined }> = [
  { name: 'nodelanes_pool_nodes', help: 'Nodes in the pool.', value: (p) => p.nodes },
  { name: 'nodelanes_pool_allocatable_cpu_cores', help: 'CPU the pool’s nodes offer to pods (allocatable), in cores.', value: (p) => p.allocatableCpuCores },
  { name: 'nodelanes_pool_allocatable_memory_bytes', help: 'Memory the pool’s nodes offer to pods (allocatable), in bytes.', value: (p) => p.allocatableMemoryBytes },
  { name: 'nodelanes_pool_requested_cpu_cores', help: 'CPU requested by the pods on the pool’s nodes, in cores.', value: (p) => p.requestedCpuCores },
  { name: 'nodelanes_pool_requested_memory_bytes', help: 'Memory requested by the pods on the pool’s nodes, in bytes.', value: (p) => p.requestedMemoryBytes },
  { name: 'nodelanes_pool_waste_cpu_cores', help: 'Allocatable CPU that nothing requests, in cores.', value: (p) => p.wasteCpuCores },
  { name: 'nodelanes_pool_waste_memory_bytes', help: 'Allocatable memory that nothing requests, in bytes.', value: (p) => p.wasteMemoryBytes },
  { name: 'nodelanes_pool_waste_dollars_per_hour', help: 'What the unrequested share of the pool’s nodes costs, in USD per hour (estimate).', value: (p) => p.wasteDollarsPerHour },
  { name: 'nodelanes_pool_consolidation_candidates', help: 'Nodes Auto Mode removes now or once their pods have settled (the review’s savings).', value: (p) => p.consolidationCandidates },
];

export function registerPoolMetrics(registers: Registry[]): void {
  const poolGauge = (name: string, help: string, value: (p: PoolSeries) => number | undefined) =>
    new Gauge<PoolLabel>({
      name,
      help,
      labelNames: ['cluster', 'pool', 'pool_source'],
      registers,
      collect() {
        this.reset();
        for (const { cluster, figures: f } of figuresNow()) {
          for (const p of f.pools) {
            const v = value(p);
            if (v !== undefined) this.set({ cluster, pool: p.pool, pool_source: p.poolSource }, v);
          }
        }
      },
    });
  for (const g of POOL_GAUGES) poolGauge(g.name, g.help, g.value);
  poolGauge('nodelanes_pool_used_cpu_cores', 'CPU the pool’s nodes use (metrics.k8s.io), in cores; absent when usage is not known for every node.', (p) => p.usedCpuCores);
  poolGauge('nodelanes_pool_used_memory_bytes', 'Memory the pool’s nodes use (metrics.k8s.io), in bytes; absent when usage is not known for every node.', (p) => p.usedMemoryBytes);
  new Gauge({
    name: 'nodelanes_pool_cost_dollars_per_hour',
    help: 'What the pool’s nodes cost, in USD per hour, from the named price table (an estimate: on-demand list prices unless the table says otherwise).',
    labelNames: ['cluster', 'pool', 'pool_source', 'price_table'] as const,
    registers,
    collect() {
      this.reset();
      for (const { cluster, prices, figures: f } of figuresNow()) for (const p of f.pools) this.set({ cluster, pool: p.pool, pool_source: p.poolSource, price_table: prices }, p.costDollarsPerHour);
    },
  });
  new Gauge({
    name: 'nodelanes_pool_blocked_nodes',
    help: 'Nodes Auto Mode would remove but is kept from, by the verdict’s code (PDB, DoNotDisrupt, Budget…).',
    labelNames: ['cluster', 'pool', 'pool_source', 'reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const { cluster, figures: f } of figuresNow()) {
        for (const p of f.pools) for (const [reason, n] of Object.entries(p.blockedNodes)) this.set({ cluster, pool: p.pool, pool_source: p.poolSource, reason }, n ?? 0);
      }
    },
  });
  new Gauge({
    name: 'nodelanes_pending_pods',
    help: 'Pods no node holds yet, by the newest scheduling Event’s reason (FailedScheduling, Nominated, Unschedulable; Unknown when none is held).',
    labelNames: ['cluster', 'reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const { cluster, figures: f } of figuresNow()) for (const [reason, n] of Object.entries(f.pending)) this.set({ cluster, reason }, n);
    },
  });
}
