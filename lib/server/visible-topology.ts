// The shared watch cache as one user may see it: everything the informers hold, cut down to the
// user's RBAC scope (SelfSubjectAccessReviews, cached briefly). Every route that answers from the
// cache goes through this, so nothing shows a user what the cluster would not.

import type { TopologySnapshot } from '@/lib/domain/model';
import { filterSnapshot, namespacesIn, type VisibilityScope } from '@/lib/domain/visibility';
import { accessOnCluster } from './access';
import type { SessionUser } from './auth';
import { sharedSnapshotResponse } from './shared-snapshot-json';
import { getTopology } from './topology-hub';

/**
 * `full` is the cache as read for this answer: for work that must count what the user does not
 * see (other namespaces' pods still take room on nodes) without reading it a second time.
 */
export async function visibleTopology(
  clusterId: string,
  user: SessionUser,
): Promise<{ snapshot: TopologySnapshot; scope: VisibilityScope; full: TopologySnapshot }> {
  const full = await getTopology(clusterId);
  const { scope } = await accessOnCluster(clusterId, user, namespacesIn(full));
  return { snapshot: filterSnapshot(full, scope), scope, full };
}

/** Only the user's scope on the cluster, for answers that are not the snapshot (usage). */
export async function visibleScope(clusterId: string, user: SessionUser): Promise<VisibilityScope> {
  const full = await getTopology(clusterId);
  return (await accessOnCluster(clusterId, user, namespacesIn(full))).scope;
}

/** GET topology's answer: the user's view as JSON, one serialization shared by overlapping requests. */
export async function visibleTopologyResponse(clusterId: string, user: SessionUser): Promise<Response> {
  const full = await getTopology(clusterId);
  const { scope } = await accessOnCluster(clusterId, user, namespacesIn(full));
  return sharedSnapshotResponse(full, scope);
}
