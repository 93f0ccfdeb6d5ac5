import { visibleTopologyResponse } from '@/lib/server/visible-topology';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * The cluster's topology now, as far as the signed-in user may see it: the shared cache holds
 * everything, so the user's RBAC scope (SelfSubjectAccessReviews, cached briefly) cuts it down.
 * Requests that overlap on the same state and scope write one shared serialization.
 */
export const GET = route({ params: clusterParam, access: 'read' }, ({ params, user }) => visibleTopologyResponse(params.cluster, user));
