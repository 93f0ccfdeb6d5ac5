import { z } from 'zod';
import { usageAnswer } from '@/lib/domain/usage-scope';
import { clusterParam, route } from '@/lib/server/route';
import { readUsage } from '@/lib/server/usage-hub';
import { visibleScope } from '@/lib/server/visible-topology';

export const dynamic = 'force-dynamic';

/**
 * `pods`: also what pods use, in every namespace (`all`) or one. Left out by default: a cluster's
 * pod metrics are one object per pod, and the page asks only when it draws pods.
 */
const query = z
  .object({
    pods: z
      .string()
      .regex(/^(all|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$/, 'pods must be `all` or a namespace name')
      .optional(),
  })
  .strict();

/**
 * What each node (and, when asked, each pod) uses now (metrics.k8s.io): the cluster's shared sample
 * (lib/server/usage-hub.ts, read once per cluster however many pages ask, at most every 15 s), cut
 * down to what the signed-in user may see of the topology: node usage when they may list nodes, a
 * pod's usage when they may list pods in its namespace. `available: false` when the cluster has no
 * metrics API (or the user may not list nodes); the lanes then say so and show requests only. The
 * page reads node usage from its topology stream's `usage` events and asks here for pods'.
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, user }) => {
  const [scope, sample] = await Promise.all([visibleScope(params.cluster, user), readUsage(params.cluster, query.pods !== undefined)]);
  return usageAnswer(sample, scope, query.pods);
});
