import { isEmptyScope, namespacesIn } from '@/lib/domain/visibility';
import { accessOnCluster } from '@/lib/server/access';
import { authMode } from '@/lib/server/auth';
import { getTopology } from '@/lib/server/topology-hub';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * Who the dashboard acts as on this cluster and what they may do there, for the UI to hide or
 * disable actions and explain what is not shown. Advisory only: every write is authorized by the
 * API server as this user anyway.
 */
export const GET = route({ params: clusterParam, access: 'read' }, async ({ params, user }) => {
  const snapshot = await getTopology(params.cluster);
  const { scope, capabilities } = await accessOnCluster(params.cluster, user, namespacesIn(snapshot));
  return {
    user: { name: user.name, groups: user.groups, ...(user.email ? { email: user.email } : {}) },
    mode: authMode(),
    scope: { ...scope, empty: isEmptyScope(scope) },
    capabilities,
  };
});
