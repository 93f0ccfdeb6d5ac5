// The kinds the topology watches: where each is listed and watched, and how to reshape it. Adding a kind
// is one more entry here and one sink in the cache.

import type { DeploymentInfo, EventInfo, NodeClaimInfo, NodeClassInfo, NodeInfo, NodePoolInfo, PdbInfo, PodInfo, PodOwner } from '@/lib/domain/model';
import type { KindSpec } from './informers';
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
  transformHpa,
  type HpaRecord,
  type ReplicaSetOwnerLookup,
} from '@/lib/domain/transform';

export const nodeKind: KindSpec<NodeInfo> = {
  resource: 'nodes',
  path: '/api/v1/nodes',
  transform: transformNode,
  listedAhead: true,
};

const PODS_PATH = '/api/v1/pods';
const EVENTS_PATH = '/api/v1/events';

export function podKind(lookup: ReplicaSetOwnerLookup): KindSpec<PodInfo> {
  return {
    resource: 'pods',
    path: PODS_PATH,
    transform: (raw) => transformPod(raw, lookup),
    listedAhead: true,
  };
}

export const deploymentKind: KindSpec<DeploymentInfo> = {
  resource: 'deployments',
  path: '/apis/apps/v1/deployments',
  transform: transformDeployment,
};

/** ReplicaSets are kept only as "who owns me", to resolve pod → Deployment. */
export const replicaSetKind: KindSpec<PodOwner | null> = {
  resource: 'replicasets',
  path: '/apis/apps/v1/replicasets',
  transform: replicaSetOwner,
  listedAhead: true,
};

/** A cluster-scoped custom resource; clusters without its CRD answer 404, hence optional. */
function customKind<T>(group: string, version: string, plural: string, transform: (raw: unknown) => T): KindSpec<T> {
  return {
    resource: plural,
    path: `/apis/${group}/${version}/${plural}`,
    optional: true,
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
  transform: transformPdb,
};

/**
 * HorizontalPodAutoscalers, shown on the Deployment they scale. autoscaling/v2 is served from
 * 1.23; an older server answers 404 and the deployments show none.
 */
export const hpaKind: KindSpec<HpaRecord> = {
  resource: 'horizontalpodautoscalers',
  path: '/apis/autoscaling/v2/horizontalpodautoscalers',
  optional: true,
  transform: transformHpa,
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
    path: EVENTS_PATH,
    transform: transformEvent,
    // Trimming a little past the window keeps the sorting rare while a long list is read.
    trim: (items) => (items.size > 2 * limit ? newestEvents(items, limit) : items),
  };
}

/**
 * The collections that hold nearly all of a cluster's bytes, read ahead at process start
 * (lib/server/prefetch-at-start.ts). Those whose reshaping needs nothing the server holds are
 * listed whole in a worker thread (list-ahead.ts); the others are read ahead as pages
 * (page-prefetch.ts): Deployments take their HPAs, and events are cut to the newest as the server
 * is configured to keep them.
 */
export const LISTED_AHEAD_PATHS = [replicaSetKind.path, nodeKind.path, PODS_PATH];
export const PREFETCHED_COLLECTIONS = [EVENTS_PATH, deploymentKind.path];
