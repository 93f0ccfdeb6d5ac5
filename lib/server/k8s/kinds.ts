// The kinds the topology watches: how to list a page of each and how to reshape it. Adding a kind
// is one more entry here and one sink in the cache.

import type { V1ListMeta } from '@kubernetes/client-node';
import type { DeploymentInfo, EventInfo, NodeClaimInfo, NodeClassInfo, NodeInfo, NodePoolInfo, PdbInfo, PodInfo, PodOwner } from '@/lib/domain/model';
import type { KubeApis } from './client';
import type { KindSpec, ListPage } from './informers';
import {
  replicaSetOwner,
  transformDeployment,
  transformEvent,
  transformNode,
  transformNodeClaim,
  transformNodeClass,
  transformNodePool,
  transformPdb,
  transformPod,
  type ReplicaSetOwnerLookup,
} from './transform';

/** Typed lists carry `_continue`; custom objects come as plain JSON with `continue`. */
function page(list: { items?: unknown[]; metadata?: V1ListMeta & { continue?: string } }): ListPage {
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?._continue ?? list.metadata?.continue };
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

/** A cluster-scoped custom resource; clusters without its CRD answer 404, hence optional. */
function customKind<T>(group: string, version: string, plural: string, transform: (raw: unknown) => T): KindSpec<T> {
  return {
    resource: plural,
    path: `/apis/${group}/${version}/${plural}`,
    optional: true,
    listPage: async ({ custom }: KubeApis, { limit, continueToken }) =>
      page(await custom.listClusterCustomObject({ group, version, plural, limit, _continue: continueToken })),
    transform,
  };
}

export const nodePoolKind = customKind<NodePoolInfo>('karpenter.sh', 'v1', 'nodepools', transformNodePool);
export const nodeClaimKind = customKind<NodeClaimInfo>('karpenter.sh', 'v1', 'nodeclaims', transformNodeClaim);
export const nodeClassKind = customKind<NodeClassInfo>('eks.amazonaws.com', 'v1', 'nodeclasses', transformNodeClass);

/** policy/v1 arrived in Kubernetes 1.21; an older server answers 404 and has none for us. */
export const pdbKind: KindSpec<PdbInfo> = {
  resource: 'poddisruptionbudgets',
  path: '/apis/policy/v1/poddisruptionbudgets',
  optional: true,
  listPage: async ({ policy }, { limit, continueToken }) =>
    page(await policy.listPodDisruptionBudgetForAllNamespaces({ limit, _continue: continueToken })),
  transform: transformPdb,
};

const eventTime = (e: EventInfo) => Date.parse(e.lastTimestamp) || 0;

/**
 * The newest `limit` events, by when they last happened. A cluster in trouble can hold tens of
 * thousands within the API server's one-hour event TTL; the topology keeps a window.
 */
export function newestEvents(items: Map<string, EventInfo>, limit: number): Map<string, EventInfo> {
  if (items.size <= limit) return items;
  return new Map([...items].sort((a, b) => eventTime(b[1]) - eventTime(a[1])).slice(0, limit));
}

/** The oldest of the events kept, to make room for a newer one. */
export function oldestEvent(items: Map<string, EventInfo>): { key: string; time: number } | undefined {
  let oldest: { key: string; time: number } | undefined;
  for (const [key, e] of items) {
    const time = eventTime(e);
    if (!oldest || time < oldest.time) oldest = { key, time };
  }
  return oldest;
}

export function eventKind(limit: number): KindSpec<EventInfo> {
  return {
    resource: 'events',
    path: '/api/v1/events',
    listPage: async ({ core }, { limit: pageSize, continueToken }) => page(await core.listEventForAllNamespaces({ limit: pageSize, _continue: continueToken })),
    transform: transformEvent,
    // Trimming a little past the window keeps the sorting rare while a long list is read.
    trim: (items) => (items.size > 2 * limit ? newestEvents(items, limit) : items),
  };
}
