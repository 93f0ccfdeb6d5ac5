import { z } from 'zod';
import { reviewCluster, reviewCsv } from '@/lib/domain/review';
import { eventVisibleTo, filterSnapshot, namespacesIn } from '@/lib/domain/visibility';
import { accessOnCluster } from '@/lib/server/access';
import { AppError } from '@/lib/server/errors';
import { readNodeMetrics } from '@/lib/server/k8s/metrics';
import { historyOf } from '@/lib/server/review-history';
import { clusterParam, route } from '@/lib/server/route';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

const query = z.strictObject({ format: z.enum(['json', 'csv']).optional() });

/**
 * Every node with its consolidation verdict, what it asks for, uses and costs, per-pool and
 * cluster totals, and the history since the server started. Judged on what the user may see,
 * at the cluster's own time (its Date header), so countdowns match what Auto Mode does.
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, user, identity }) => {
  const snapshot = await getTopology(params.cluster);
  const { scope } = await accessOnCluster(params.cluster, user, namespacesIn(snapshot));
  if (!scope.nodes) throw new AppError(403, 'forbidden', 'The review lists nodes: you may not list nodes on this cluster.');
  const visible = filterSnapshot(snapshot, scope);
  const metrics = await readNodeMetrics(userApis(params.cluster, identity));
  const review = reviewCluster(visible, metrics.now, { usage: metrics.usage });
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
  return { cluster: params.cluster, ...review, history: { since: history.since, samples: history.samples }, timeline: history.events.filter((event) => eventVisibleTo({ type: 'event-upserted', event }, scope)) };
});
