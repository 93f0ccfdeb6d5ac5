import { visibleTopology } from '@/lib/server/visible-topology';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * The cluster's topology now, as far as the signed-in user may see it: the shared cache holds
 * everything, so the user's RBAC scope (SelfSubjectAccessReviews, cached briefly) cuts it down.
 */
export const GET = route({ params: clusterParam, access: 'read' }, async ({ params, user }) => (await visibleTopology(params.cluster, user)).snapshot);
