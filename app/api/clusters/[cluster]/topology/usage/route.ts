import { readNodeMetrics } from '@/lib/server/k8s/metrics';
import { clusterParam, route } from '@/lib/server/route';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

/**
 * What each node uses now (metrics.k8s.io), read as the signed-in user: `available: false` when
 * the cluster has no metrics API or the user may not read it, and the lanes then say so and show
 * requests only. Polled by the page (usage is a sample every ~30 s, not a stream of changes).
 */
export const GET = route({ params: clusterParam, access: 'read' }, async ({ params, identity }) => {
  const { usage, now } = await readNodeMetrics(userApis(params.cluster, identity));
  return {
    available: usage !== undefined,
    at: now.toISOString(),
    nodes: usage ? Object.fromEntries([...usage].map(([name, u]) => [name, { cpuMillis: u.cpuMillis, memoryBytes: u.memoryBytes }])) : {},
  };
});
