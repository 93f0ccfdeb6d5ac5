'use client';
// What the signed-in user may see and do on a cluster (GET /api/clusters/{c}/me), for hiding or
// disabling actions and explaining what is not shown. The server refuses forbidden actions
// anyway; this only keeps the UI from offering them.
import { useQuery } from '@tanstack/react-query';
import { getJson } from './query-client';

export type NamespacedAccess = 'all' | string[];

export interface ClusterAccess {
  user: { name: string; groups: string[]; email?: string };
  mode: 'oidc' | 'sandbox-demo' | 'off';
  scope: { nodes: boolean; namespaces: 'all' | string[]; empty: boolean };
  capabilities: {
    patchDeployments: NamespacedAccess;
    evictPods: NamespacedAccess;
    patchNodes: boolean;
    createNodePools: boolean;
    createNodeClasses: boolean;
  };
}

export const accessKey = (cluster: string) => ['access', cluster] as const;

export function useAccess(cluster: string) {
  return useQuery({
    queryKey: accessKey(cluster),
    queryFn: ({ signal }) => getJson<ClusterAccess>(`/api/clusters/${encodeURIComponent(cluster)}/me`, signal),
    // The server caches answers for 30 s; asking more often would learn nothing new.
    staleTime: 30_000,
  });
}

/** Whether a namespaced capability covers `namespace`. */
export function allows(access: NamespacedAccess | undefined, namespace: string): boolean {
  return access === 'all' || (Array.isArray(access) && access.includes(namespace));
}
