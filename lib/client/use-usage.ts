'use client';
// Usage from metrics.k8s.io, polled: metrics-server samples every ~30 s, so asking more often
// than every 15 s would only repeat the same numbers. Nodes always; pods only when the page draws
// them (`pods`: every namespace, or the one of an open pod), since pod metrics are one object per pod.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UsedResources } from '@/lib/domain/usage';
import { getJson } from './query-client';

export interface UsageAnswer {
  available: boolean;
  at: string;
  nodes: Record<string, UsedResources>;
  /** Present when asked for: `scope` is `all` or a namespace; `usage` is keyed `namespace/name`. */
  pods?: { scope: string; available: boolean; usage: Record<string, UsedResources> };
}

export function useUsage(cluster: string, pods?: string) {
  const search = pods ? `?pods=${encodeURIComponent(pods)}` : '';
  return useQuery({
    queryKey: ['usage', cluster, pods ?? ''] as const,
    queryFn: ({ signal }) => getJson<UsageAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/topology/usage${search}`, signal),
    refetchInterval: 15_000,
    staleTime: 10_000,
    // Switching scope (a pod panel opened in dense mode) keeps the last numbers on screen meanwhile.
    placeholderData: keepPreviousData,
  });
}
