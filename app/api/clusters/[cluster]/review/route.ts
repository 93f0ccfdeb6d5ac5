import { z } from 'zod';
import type { NodegroupInfo, TopologySnapshot } from '@/lib/domain/model';
import { reviewCluster, reviewCsv, type Review } from '@/lib/domain/review';
import { eventVisibleTo, namespaceFilter } from '@/lib/domain/visibility';
import { AppError } from '@/lib/server/errors';
import { listNodegroups } from '@/lib/server/eks/client';
import { eksFor } from '@/lib/server/eks/for-cluster';
import { readNodeMetrics } from '@/lib/server/k8s/metrics';
import { log } from '@/lib/server/log';
import { serverPriceTable } from '@/lib/server/prices';
import { historyOf } from '@/lib/server/review-history';
import { readServerEnv } from '@/lib/server/env';
import { poolHistoryFromPrometheus, prometheusTarget, PrometheusUnavailable } from '@/lib/server/prometheus/pool-history';
import { HISTORY_WINDOWS, type HistoryOrigin, type HistorySample, type HistoryWindow } from '@/lib/domain/review-history';
import { clusterParam, route } from '@/lib/server/route';
import { visibleTopology } from '@/lib/server/visible-topology';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

const query = z.strictObject({ format: z.enum(['json', 'csv']).optional(), window: z.enum(HISTORY_WINDOWS).optional() });

/**
 * Judging every node packs pods onto the others, which is not free on a large cluster, and every
 * open review page asks every few seconds: one answer per cluster and user (the metrics are read
 * as the user) is reused for a moment, while the cache has not moved.
 */
const REUSE_MS = 2_000;
const recent = new Map<string, { at: number; resourceVersion: string; review: Review }>();

async function judged(cluster: string, resourceVersion: string, userKey: string, compute: () => Promise<Review>): Promise<Review> {
  const key = `${cluster}\u0000${userKey}`;
  const hit = recent.get(key);
  if (hit && hit.resourceVersion === resourceVersion && Date.now() - hit.at < REUSE_MS) return hit.review;
  const review = await compute();
  recent.set(key, { at: Date.now(), resourceVersion, review });
  if (recent.size > 100) recent.delete(recent.keys().next().value!);
  return review;
}

/** Managed node groups' sizes from the EKS API, when the cluster has node groups and the server an EKS API. */
async function nodegroupsOf(cluster: string, snapshot: TopologySnapshot): Promise<NodegroupInfo[] | undefined> {
  if (!snapshot.nodes.some((n) => n.pool.source === 'eks-nodegroup')) return undefined;
  const eks = eksFor(cluster);
  if (!eks) return undefined;
  try {
    return await listNodegroups(eks.client, eks.clusterName);
  } catch (err) {
    // The verdicts stand without the sizes; the words then say "its min size".
    log('warn', 'review: EKS node groups unavailable', { cluster, error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

/**
 * Every node with its consolidation verdict, what it asks for, uses and costs, per-pool and
 * cluster totals, and the history since the server started. Judged on the whole cluster (the
 * same verdicts and savings for every user who may list nodes; names of pods the user may not
 * list are replaced), at the cluster's own time (its Date header), so countdowns match what Auto Mode does.
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, user, identity }) => {
  const { snapshot: visible, scope, full } = await visibleTopology(params.cluster, user);
  if (!scope.nodes) throw new AppError(403, 'forbidden', 'The review lists nodes: you may not list nodes on this cluster.');
  const apis = userApis(params.cluster, identity);
  const prices = serverPriceTable();
  const review = await judged(params.cluster, visible.resourceVersion, JSON.stringify([user.name, user.groups, scope, prices.name]), async () => {
    const [metrics, nodegroups] = await Promise.all([readNodeMetrics(apis), nodegroupsOf(params.cluster, visible)]);
    // Judged on every pod, as Auto Mode judges: a pod in a namespace the user may not list still
    // takes room and can hold a node. Only its name is kept from the answer.
    return reviewCluster({ ...full, nodegroups }, metrics.now, { usage: metrics.usage, prices, canSee: namespaceFilter(scope) });
  });
  if (query.format === 'csv') {
    return new Response(reviewCsv(review), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="review-${params.cluster}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  }
  const history = historyOf(params.cluster);
  return {
    cluster: params.cluster,
    ...review,
    prices: { name: prices.name, source: prices.source },
    history: await poolHistory(params.cluster, query.window ?? '6h', history),
    timeline: history.events.filter((event) => eventVisibleTo({ type: 'event-upserted', event }, scope)),
  };
});

/**
 * Nodes and cost per pool over time: from Prometheus over the chosen window when
 * NODELANES_PROMETHEUS_URL is set (the same on every replica, across restarts), otherwise what
 * this server sampled since it started. A Prometheus that fails falls back to the latter, saying why.
 */
async function poolHistory(
  cluster: string,
  window: HistoryWindow,
  memory: { since?: number; samples: HistorySample[] },
): Promise<{ origin: HistoryOrigin; since?: number; samples: HistorySample[]; error?: string }> {
  const fromMemory = { origin: { kind: 'memory', since: memory.since } as HistoryOrigin, since: memory.since, samples: memory.samples };
  const target = prometheusTarget(readServerEnv());
  if (!target) return fromMemory;
  try {
    const { samples, range } = await poolHistoryFromPrometheus(target, cluster, window);
    return { origin: { kind: 'prometheus', window, range }, samples };
  } catch (err) {
    if (!(err instanceof PrometheusUnavailable)) throw err;
    log('warn', 'review: history from Prometheus unavailable', { cluster, error: err.message });
    return { ...fromMemory, error: `${err.message}; showing what this server kept since it started.` };
  }
}
