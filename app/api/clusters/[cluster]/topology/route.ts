import { filterSnapshot, namespacesIn } from '@/lib/domain/visibility';
import { accessOnCluster } from '@/lib/server/access';
import { getTopology } from '@/lib/server/topology-hub';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * The cluster's topology now, as far as the signed-in user may see it: the shared cache holds
 * everything, so the user's RBAC scope (SelfSubjectAccessReviews, cached briefly) cuts it down.
 */
export const GET = route({ params: clusterParam, access: 'read' }, async ({ params, user }) => {
  const snapshot = await getTopology(params.cluster);
  const { scope } = await accessOnCluster(params.cluster, user, namespacesIn(snapshot));
  return filterSnapshot(snapshot, scope);
});
