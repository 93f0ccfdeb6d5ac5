'use client';
// Node usage from metrics.k8s.io, polled: metrics-server samples every ~30 s, so asking more often
// than every 15 s would only repeat the same numbers.
import { useQuery } from '@tanstack/react-query';
import { getJson } from './query-client';

export interface UsageAnswer {
  available: boolean;
  at: string;
  nodes: Record<string, { cpuMillis: number; memoryBytes: number }>;
}

export function useUsage(cluster: string) {
  return useQuery({
    queryKey: ['usage', cluster] as const,
    queryFn: ({ signal }) => getJson<UsageAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/topology/usage`, signal),
    refetchInterval: 15_000,
    staleTime: 10_000,
  });
}
