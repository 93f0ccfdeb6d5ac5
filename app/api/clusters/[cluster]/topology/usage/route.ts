import { z } from 'zod';
import { readNodeMetrics, readPodMetrics } from '@/lib/server/k8s/metrics';
import { clusterParam, route } from '@/lib/server/route';
import { userApis } from '@/lib/server/user-apis';

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
 * What each node (and, when asked, each pod) uses now (metrics.k8s.io), read as the signed-in
 * user: `available: false` when the cluster has no metrics API or the user may not read it, and
 * the lanes then say so and show requests only. Polled by the page (usage is a sample every
 * ~30 s, not a stream of changes).
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, identity }) => {
  const apis = userApis(params.cluster, identity);
  const [{ usage, now }, pods] = await Promise.all([
    readNodeMetrics(apis),
    query.pods ? readPodMetrics(apis, query.pods === 'all' ? undefined : query.pods) : Promise.resolve(undefined),
  ]);
  return {
    available: usage !== undefined,
    at: now.toISOString(),
    nodes: usage ? Object.fromEntries([...usage].map(([name, u]) => [name, { cpuMillis: u.cpuMillis, memoryBytes: u.memoryBytes }])) : {},
    ...(query.pods ? { pods: { scope: query.pods, available: pods !== undefined, usage: pods ? Object.fromEntries(pods) : {} } } : {}),
  };
});
