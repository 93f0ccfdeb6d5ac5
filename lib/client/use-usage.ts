'use client';
// Usage from metrics.k8s.io. Node usage arrives on the cluster's topology stream (`usage` events,
// read once per cluster on the server for every tab), so nothing is polled for it once the stream
// has delivered one. Pod usage — one object per pod, wanted only when the page draws pods (`pods`:
// every namespace, or the one of an open pod) — is asked of GET topology/usage every 15 s, which
// answers from the same server-side sample: the API server is read the same whatever the tabs do.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UsageAnswer } from '@/lib/domain/usage-scope';
import { getJson } from './query-client';
import { streamedUsageKey } from './use-topology';

export type { UsageAnswer };

export function useUsage(cluster: string, pods?: string) {
  const streamed = useQuery<UsageAnswer>({
    queryKey: streamedUsageKey(cluster),
    queryFn: () => Promise.reject(new Error('node usage comes from the stream')),
    enabled: false,
    staleTime: Infinity,
  });
  const search = pods ? `?pods=${encodeURIComponent(pods)}` : '';
  const polled = useQuery({
    queryKey: ['usage', cluster, pods ?? ''] as const,
    queryFn: ({ signal }) => getJson<UsageAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/topology/usage${search}`, signal),
    enabled: pods !== undefined || streamed.data === undefined,
    refetchInterval: 15_000,
    staleTime: 10_000,
    // Switching scope (a pod panel opened in dense mode) keeps the last numbers on screen meanwhile.
    placeholderData: keepPreviousData,
  });
  if (pods === undefined && streamed.data) return { data: streamed.data };
  // Pods' numbers from the poll, nodes' from the stream when it has newer ones.
  const data = polled.data && streamed.data && streamed.data.at > polled.data.at ? { ...polled.data, nodes: streamed.data.nodes, available: streamed.data.available } : polled.data;
  return { data };
}
