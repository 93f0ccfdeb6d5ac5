import { z } from 'zod';
import { sinceRange, type PoolHistoryAnswer } from '@/lib/domain/review-history';
import { AppError } from '@/lib/server/errors';
import { readServerEnv } from '@/lib/server/env';
import { log } from '@/lib/server/log';
import { poolHistoryOver, prometheusTarget, PrometheusUnavailable } from '@/lib/server/prometheus/pool-history';
import { clusterParam, route } from '@/lib/server/route';
import { visibleTopology } from '@/lib/server/visible-topology';

export const dynamic = 'force-dynamic';

const query = z.strictObject({ since: z.coerce.number().int().positive() });

/**
 * Nodes and cost per pool from `since` (ms, an action's start) until now, from Prometheus, for the
 * activity view's charts: they then show the action from its start, after a reload, and the same
 * on every replica. Without NODELANES_PROMETHEUS_URL, or when Prometheus fails, the answer says
 * so and the view draws what it collects while open. Needs the right to list nodes, as the review.
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, user }): Promise<PoolHistoryAnswer> => {
  const { scope } = await visibleTopology(params.cluster, user);
  if (!scope.nodes) throw new AppError(403, 'forbidden', 'The pool history counts nodes: you may not list nodes on this cluster.');
  const target = prometheusTarget(readServerEnv());
  if (!target) return { kind: 'unavailable', reason: 'NODELANES_PROMETHEUS_URL is not set' };
  const range = sinceRange(query.since, Date.now());
  try {
    return { kind: 'prometheus', range, samples: await poolHistoryOver(target, params.cluster, range) };
  } catch (err) {
    if (!(err instanceof PrometheusUnavailable)) throw err;
    log('warn', 'pool history from Prometheus unavailable', { cluster: params.cluster, error: err.message });
    return { kind: 'unavailable', reason: err.message };
  }
});
