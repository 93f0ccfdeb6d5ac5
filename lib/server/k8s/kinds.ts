// The kinds the topology watches: how to list a page of each and how to reshape it. Adding a kind
// (nodeclaims, nodepools, nodeclasses, events…) is one more entry here and one sink in the cache.

import type { V1ListMeta } from '@kubernetes/client-node';
import type { DeploymentInfo, NodeInfo, PodInfo, PodOwner } from '@/lib/domain/model';
import type { KindSpec, ListPage } from './informers';
import { replicaSetOwner, transformDeployment, transformNode, transformPod, type ReplicaSetOwnerLookup } from './transform';

function page(list: { items: unknown[]; metadata?: V1ListMeta }): ListPage {
  return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?._continue };
}

export const nodeKind: KindSpec<NodeInfo> = {
  resource: 'nodes',
  path: '/api/v1/nodes',
  listPage: async ({ core }, { limit, continueToken }) => page(await core.listNode({ limit, _continue: continueToken })),
  transform: transformNode,
};

export function podKind(lookup: ReplicaSetOwnerLookup): KindSpec<PodInfo> {
  return {
    resource: 'pods',
    path: '/api/v1/pods',
    listPage: async ({ core }, { limit, continueToken }) => page(await core.listPodForAllNamespaces({ limit, _continue: continueToken })),
    transform: (raw) => transformPod(raw, lookup),
  };
}

export const deploymentKind: KindSpec<DeploymentInfo> = {
  resource: 'deployments',
  path: '/apis/apps/v1/deployments',
  listPage: async ({ apps }, { limit, continueToken }) =>
    page(await apps.listDeploymentForAllNamespaces({ limit, _continue: continueToken })),
  transform: transformDeployment,
};

/** ReplicaSets are kept only as "who owns me", to resolve pod → Deployment. */
export const replicaSetKind: KindSpec<PodOwner | null> = {
  resource: 'replicasets',
  path: '/apis/apps/v1/replicasets',
  listPage: async ({ apps }, { limit, continueToken }) =>
    page(await apps.listReplicaSetForAllNamespaces({ limit, _continue: continueToken })),
  transform: replicaSetOwner,
};
