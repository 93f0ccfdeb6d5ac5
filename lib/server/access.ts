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
import { isUserTokenRefused, tokenRefusedAppError } from './k8s/errors';

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
/**
 * How old an answer `recentAccessOf` may hand out while it asks again. A page load should not wait
 * on the API server's SubjectAccessReviews when it answered the same questions minutes ago (a
 * loaded API server took 1–4 s per round of them at 150,000 pods); the topology stream takes the
 * recent answer, sends its snapshot, and ends itself at once if the new answer differs.
 */
const RECENT_MS = 5 * 60_000;
/** Per-namespace questions in flight at once: enough to be quick, few enough to be polite. */
const CONCURRENCY = 8;

interface Entry {
  at: number;
  value: Promise<Access>;
  /** The newest answer that arrived for this key (this entry's, or the one it is replacing). */
  last?: { at: number; access: Access };
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
  const key = keyOf(cluster, user, namespaces);
  const hit = cache().get(key);
  if (hit && now() - hit.at < TTL_MS) return hit.value;
  return ask(key, reviewer, namespaces, now, hit?.last).value;
}

/** Asks the questions again for `key`, keeping the newest answer so far beside the new one. */
function ask(key: string, reviewer: AccessReviewer, namespaces: readonly string[], now: () => number, last: Entry['last']): Entry {
  const entries = cache();
  const at = now();
  const value = computeAccess(reviewer, namespaces);
  const entry: Entry = { at, value, ...(last ? { last } : {}) };
  entries.set(key, entry);
  value.then(
    (access) => {
      entry.last = { at, access };
    },
    () => {
      // A failed review is not remembered: the next request asks again.
      if (entries.get(key) === entry) entries.delete(key);
    },
  );
  if (entries.size > 1000) pruneExpired(entries, at);
  return entry;
}

/**
 * The user's access now, or as the cluster answered it within the last few minutes while it is
 * asked again: `revalidated` is that new answer (undefined when `access` is already current). For
 * a caller that can act on a changed answer (the topology stream ends itself); everything else
 * uses `accessOf`.
 */
export async function recentAccessOf(
  cluster: ClusterHandle,
  user: SessionUser,
  namespaces: readonly string[],
  reviewer: AccessReviewer = reviewerFor(cluster, user),
  now: () => number = Date.now,
): Promise<{ access: Access; revalidated?: Promise<Access> }> {
  const key = keyOf(cluster, user, namespaces);
  const hit = cache().get(key);
  const t = now();
  if (hit && t - hit.at < TTL_MS) {
    // Current, or being asked right now with a recent answer to give meanwhile.
    if (hit.last?.at === hit.at || !hit.last || t - hit.last.at >= RECENT_MS) return { access: await hit.value };
    return { access: hit.last.access, revalidated: hit.value };
  }
  if (!hit?.last || t - hit.last.at >= RECENT_MS) return { access: await accessOf(cluster, user, namespaces, reviewer, now) };
  return { access: hit.last.access, revalidated: ask(key, reviewer, namespaces, now, hit.last).value };
}

export async function scopeOf(cluster: ClusterHandle, user: SessionUser, namespaces: readonly string[]): Promise<VisibilityScope> {
  return (await accessOf(cluster, user, namespaces)).scope;
}

function pruneExpired(entries: Map<string, Entry>, at: number) {
  for (const [key, entry] of entries) if (at - entry.at >= TTL_MS && (!entry.last || at - entry.last.at >= RECENT_MS)) entries.delete(key);
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
      // Token mode: the cluster refused the user's own ID token; only a new sign-in helps.
      if (isUserTokenRefused(err)) throw tokenRefusedAppError();
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
  return accessOf(handleOf(clusterId), user, namespaces);
}

/** `recentAccessOf` by cluster id. */
export async function recentAccessOnCluster(clusterId: string, user: SessionUser, namespaces: readonly string[]) {
  return recentAccessOf(handleOf(clusterId), user, namespaces);
}

function handleOf(clusterId: string): ClusterHandle {
  const handle = getCluster(clusterId);
  if (!handle) throw new ClusterUnavailableError(clusterId, `Cluster "${clusterId}" is not reachable`);
  return handle;
}
