// What a user may see and do on a cluster, asked of the cluster itself with
// SelfSubjectAccessReviews sent as that user (impersonated). The answers are cached briefly per
// user and cluster: a page load asks a handful of questions, and the topology stream re-checks
// its scope every so often, so RBAC changes reach open dashboards within that window.
//
// Visibility (lib/domain/visibility.ts):
//   nodes       `list nodes` cluster-wide
//   namespaces  `list pods` in all namespaces → 'all'; otherwise each namespace seen in the
//               shared cache is asked about one by one
// Capabilities, for the UI to hide or disable actions (the server refuses them anyway, as the
// API server does the actual authorization of every write):
//   patchDeployments   `patch deployments.apps` (pin, restart) — 'all' or the namespaces allowed
//   evictPods          `create pods/eviction` (drain) — 'all' or the namespaces allowed
//   patchNodes         `patch nodes` (cordon, uncordon)
//   createNodePools    `create nodepools.karpenter.sh`
//   createNodeClasses  `create nodeclasses.eks.amazonaws.com`

import type { VisibilityScope } from '@/lib/domain/visibility';
import { impersonationOf, type SessionUser } from './auth';
import { ClusterUnavailableError, getCluster, type ClusterHandle } from './clusters';
import { apisAs, selfAccessReview, type AccessAttributes } from './k8s/impersonation';

export type NamespacedAccess = 'all' | string[];

export interface Capabilities {
  patchDeployments: NamespacedAccess;
  evictPods: NamespacedAccess;
  patchNodes: boolean;
  createNodePools: boolean;
  createNodeClasses: boolean;
}

export interface Access {
  scope: VisibilityScope;
  capabilities: Capabilities;
}

/** Asks one question of the API server; tests replace it. */
export type AccessReviewer = (attrs: AccessAttributes) => Promise<boolean>;

const TTL_MS = 30_000;
/** Per-namespace questions in flight at once: enough to be quick, few enough to be polite. */
const CONCURRENCY = 8;

interface Entry {
  at: number;
  value: Promise<Access>;
}

const globalKey = Symbol.for('nodelanes.access-cache');
type GlobalWithCache = typeof globalThis & { [globalKey]?: Map<string, Entry> };

function cache(): Map<string, Entry> {
  const g = globalThis as GlobalWithCache;
  return (g[globalKey] ??= new Map());
}

function keyOf(cluster: Pick<ClusterHandle, 'id' | 'server'>, user: SessionUser, namespaces: readonly string[]): string {
  // The namespace list is part of the key: a namespace that appears in the cache gets asked
  // about at once, not after the TTL.
  return JSON.stringify([cluster.id, cluster.server, user.source, user.name, [...user.groups].sort(), namespaces]);
}

/**
 * The user's access on a cluster. `namespaces` are the namespaces present in the shared cache
 * (namespacesIn(snapshot), lib/domain/visibility): only asked about when the user may not list pods everywhere.
 */
export async function accessOf(
  cluster: ClusterHandle,
  user: SessionUser,
  namespaces: readonly string[],
  reviewer: AccessReviewer = reviewerFor(cluster, user),
  now: () => number = Date.now,
): Promise<Access> {
  const entries = cache();
  const key = keyOf(cluster, user, namespaces);
  const hit = entries.get(key);
  if (hit && now() - hit.at < TTL_MS) return hit.value;
  const value = computeAccess(reviewer, namespaces);
  entries.set(key, { at: now(), value });
  // A failed review is not remembered: the next request asks again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  if (entries.size > 1000) pruneExpired(entries, now());
  return value;
}

export async function scopeOf(cluster: ClusterHandle, user: SessionUser, namespaces: readonly string[]): Promise<VisibilityScope> {
  return (await accessOf(cluster, user, namespaces)).scope;
}

function pruneExpired(entries: Map<string, Entry>, at: number) {
  for (const [key, entry] of entries) if (at - entry.at >= TTL_MS) entries.delete(key);
}

/** Forgets every cached answer (tests; and after the app changes RBAC itself, if it ever does). */
export function clearAccessCache(): void {
  cache().clear();
}

function reviewerFor(cluster: ClusterHandle, user: SessionUser): AccessReviewer {
  const apis = apisAs(cluster, impersonationOf(user));
  return async (attrs) => {
    try {
      return await selfAccessReview(apis, attrs);
    } catch (err) {
      // Without an answer the user would see either nothing or too much: neither is acceptable,
      // so the request fails as the cluster being unavailable.
      throw new ClusterUnavailableError(cluster.id, `Could not check your access on "${cluster.id}": ${(err as Error).message}`, { cause: err });
    }
  };
}

export async function computeAccess(ask: AccessReviewer, namespaces: readonly string[]): Promise<Access> {
  const namespaced = (attrs: AccessAttributes) => namespacedAccess(ask, attrs, namespaces);
  const [nodes, pods, patchDeployments, evictPods, patchNodes, createNodePools, createNodeClasses] = await Promise.all([
    ask({ verb: 'list', resource: 'nodes' }),
    namespaced({ verb: 'list', resource: 'pods' }),
    namespaced({ verb: 'patch', resource: 'deployments', group: 'apps' }),
    namespaced({ verb: 'create', resource: 'pods', subresource: 'eviction' }),
    ask({ verb: 'patch', resource: 'nodes' }),
    ask({ verb: 'create', resource: 'nodepools', group: 'karpenter.sh' }),
    ask({ verb: 'create', resource: 'nodeclasses', group: 'eks.amazonaws.com' }),
  ]);
  return {
    scope: { nodes, namespaces: pods },
    capabilities: { patchDeployments, evictPods, patchNodes, createNodePools, createNodeClasses },
  };
}

/** 'all' when allowed with no namespace (every namespace), else the namespaces allowed one by one. */
async function namespacedAccess(ask: AccessReviewer, attrs: AccessAttributes, namespaces: readonly string[]): Promise<NamespacedAccess> {
  if (await ask(attrs)) return 'all';
  const allowed = await mapLimited(namespaces, CONCURRENCY, (namespace) => ask({ ...attrs, namespace }));
  return namespaces.filter((_, i) => allowed[i]);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The user's access on a cluster by id, asked about `namespaces` (namespacesIn(snapshot)). Routes
 * read the snapshot first, so an unknown or unreachable cluster has already answered 404 / 503.
 */
export async function accessOnCluster(clusterId: string, user: SessionUser, namespaces: readonly string[]): Promise<Access> {
  const handle = getCluster(clusterId);
  if (!handle) throw new ClusterUnavailableError(clusterId, `Cluster "${clusterId}" is not reachable`);
  return accessOf(handle, user, namespaces);
}
