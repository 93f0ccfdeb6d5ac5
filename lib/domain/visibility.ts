// What one user may see of a cluster's topology. The server keeps one shared watch cache per
// cluster (read with the app's own credentials), so everything sent to a browser is cut down to
// what that user's RBAC lets them list; lib/server/access.ts asks the API server for the scope.
//
//   nodes       may list nodes. Stands for all cluster-scoped infrastructure (Nodes, NodePools,
//               NodeClasses, NodeClaims, and Events about them): a user who may not see the
//               machines learns nothing about them from the pools either.
//   namespaces  namespaces whose pods the user may list ('all' = cluster-wide). Deployments,
//               PodDisruptionBudgets and Events of a namespace go with its pods.

import type { EventInfo, TopologyEvent, TopologySnapshot } from './model';

export interface VisibilityScope {
  nodes: boolean;
  namespaces: 'all' | readonly string[];
}

export const FULL_SCOPE: VisibilityScope = Object.freeze({ nodes: true, namespaces: 'all' });
export const NO_SCOPE: VisibilityScope = Object.freeze({ nodes: false, namespaces: Object.freeze([]) as readonly string[] });

export function isFullScope(scope: VisibilityScope): boolean {
  return scope.nodes && scope.namespaces === 'all';
}

/** The user sees nothing at all: the UI explains instead of drawing an empty cluster. */
export function isEmptyScope(scope: VisibilityScope): boolean {
  return !scope.nodes && scope.namespaces !== 'all' && scope.namespaces.length === 0;
}

export function sameScope(a: VisibilityScope, b: VisibilityScope): boolean {
  if (a.nodes !== b.nodes) return false;
  if (a.namespaces === 'all' || b.namespaces === 'all') return a.namespaces === b.namespaces;
  if (a.namespaces.length !== b.namespaces.length) return false;
  const set = new Set(a.namespaces);
  return b.namespaces.every((ns) => set.has(ns));
}

/** A namespace test for a scope; 'all' answers true without building a set. */
export function namespaceFilter(scope: VisibilityScope): (namespace: string) => boolean {
  if (scope.namespaces === 'all') return () => true;
  const allowed = new Set(scope.namespaces);
  return (namespace) => allowed.has(namespace);
}

/** Kinds whose objects have no namespace: Events about them say things about the infrastructure. */
const CLUSTER_SCOPED_KINDS = new Set(['Node', 'NodePool', 'NodeClaim', 'NodeClass', 'Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding']);

function eventVisible(event: EventInfo, scope: VisibilityScope, inNamespace: (ns: string) => boolean): boolean {
  if (!inNamespace(event.namespace)) return false;
  const aboutClusterObject = !event.involved.namespace || CLUSTER_SCOPED_KINDS.has(event.involved.kind);
  return aboutClusterObject ? scope.nodes : inNamespace(event.involved.namespace ?? event.namespace);
}

/** The snapshot as `scope` may see it. The full scope returns the snapshot itself (no copy). */
export function filterSnapshot(snapshot: TopologySnapshot, scope: VisibilityScope): TopologySnapshot {
  if (isFullScope(scope)) return snapshot;
  const inNamespace = namespaceFilter(scope);
  const clusterScoped = <T>(list: T[]): T[] => (scope.nodes ? list : []);
  return {
    ...snapshot,
    nodes: clusterScoped(snapshot.nodes),
    nodePools: clusterScoped(snapshot.nodePools),
    nodeClasses: clusterScoped(snapshot.nodeClasses),
    nodeClaims: clusterScoped(snapshot.nodeClaims),
    pods: snapshot.pods.filter((p) => inNamespace(p.namespace)),
    deployments: snapshot.deployments.filter((d) => inNamespace(d.namespace)),
    pdbs: snapshot.pdbs.filter((p) => inNamespace(p.namespace)),
    events: snapshot.events.filter((e) => eventVisible(e, scope, inNamespace)),
  };
}

/**
 * Whether a delta may reach a user with `scope`. Deletions are filtered like upserts: even the
 * name of an object in a hidden namespace is not the user's to learn.
 */
export function eventVisibleTo(event: TopologyEvent, scope: VisibilityScope): boolean {
  if (isFullScope(scope)) return true;
  const inNamespace = namespaceFilter(scope);
  switch (event.type) {
    case 'stale':
      return true;
    case 'node-upserted':
    case 'node-deleted':
    case 'nodepool-upserted':
    case 'nodepool-deleted':
    case 'nodeclass-upserted':
    case 'nodeclass-deleted':
    case 'nodeclaim-upserted':
    case 'nodeclaim-deleted':
      return scope.nodes;
    case 'pod-upserted':
      return inNamespace(event.pod.namespace);
    case 'deployment-upserted':
      return inNamespace(event.deployment.namespace);
    case 'pdb-upserted':
      return inNamespace(event.pdb.namespace);
    case 'event-upserted':
      return eventVisible(event.event, scope, inNamespace);
    case 'pod-deleted':
    case 'deployment-deleted':
    case 'pdb-deleted':
    case 'event-deleted':
      return inNamespace(event.namespace);
    default: {
      // A new kind of delta must be given a rule here before anyone sees it.
      const unhandled: never = event;
      void unhandled;
      return false;
    }
  }
}

/** Namespaces that have anything in the snapshot: the candidates a per-namespace scope is asked about. */
export function namespacesIn(snapshot: Pick<TopologySnapshot, 'pods' | 'deployments' | 'pdbs' | 'events'>): string[] {
  const set = new Set<string>();
  for (const list of [snapshot.pods, snapshot.deployments, snapshot.pdbs, snapshot.events]) for (const item of list) set.add(item.namespace);
  return [...set].sort();
}
