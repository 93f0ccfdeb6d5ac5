// The one way a route gets Kubernetes clients: for a known cluster, acting as the request's
// identity. Unknown ids are a 404, a cluster without a usable kubeconfig a 503.

import { ClusterUnavailableError, UnknownClusterError, getCluster, listClusters } from './clusters';
import { apisAs, type Identity, type UserApis } from './k8s/impersonation';

export function userApis(clusterId: string, identity: Identity | null): UserApis {
  const handle = getCluster(clusterId);
  if (!handle) {
    if (listClusters().some((c) => c.id === clusterId)) {
      throw new ClusterUnavailableError(clusterId, `Cluster "${clusterId}" is not reachable yet (no usable kubeconfig)`);
    }
    throw new UnknownClusterError(clusterId);
  }
  return apisAs(handle, identity);
}
