'use client';
// The browser's copy of a cluster's topology, from one source: the SSE stream (TopologyStream,
// lib/client/topology-stream.ts). The snapshot lives in react-query's cache so every view of the
// cluster shares it; deltas are applied to it with the reducer the unit tests check.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TopologySnapshot } from '@/lib/domain/model';
import { TopologyStream, withDeltas, type SyncProgress } from './topology-stream';
import type { ApiRequestError } from './query-client';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export type { SyncProgress } from './topology-stream';

export const topologyKey = (cluster: string) => ['topology', cluster] as const;

export function useTopology(cluster: string) {
  const queryClient = useQueryClient();
  // Filled only by the stream below; the query holds it so every view shares one copy.
  const query = useQuery<TopologySnapshot>({
    queryKey: topologyKey(cluster),
    queryFn: () => Promise.reject(new Error('the topology comes from the stream')),
    enabled: false,
    staleTime: Infinity,
  });
  const [live, setLive] = useState<LiveState>('connecting');
  const [progress, setProgress] = useState<SyncProgress | undefined>();
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [attempt, setAttempt] = useState(0);
  // When the data was last known fresh: kept in a ref as messages arrive (a state update per batch
  // would render the whole view a second time), and copied to state when the data turns stale.
  const lastFresh = useRef<number | undefined>(undefined);
  const [freshAt, setFreshAt] = useState<number | undefined>();

  useEffect(() => {
    const stream = new TopologyStream(cluster, {
      snapshot: (snapshot) => {
        queryClient.setQueryData(topologyKey(cluster), snapshot);
        setProgress(undefined);
        setError(undefined);
        setLive('live');
        lastFresh.current = Date.now();
      },
      deltas: (batch) => queryClient.setQueryData<TopologySnapshot>(topologyKey(cluster), (prev) => prev && withDeltas(prev, batch)),
      progress: setProgress,
      error: setError,
      reconnecting: () => setLive('reconnecting'),
    });
    stream.start();
    return () => stream.stop();
  }, [cluster, queryClient, attempt]);

  const data = query.data;
  const stale = live === 'reconnecting' || Boolean(data?.stale);
  // While live, every batch of deltas proves the data fresh; the moment it goes stale, that time is
  // the age the banner counts from.
  if (!stale && live === 'live') lastFresh.current = Date.now();
  useEffect(() => {
    setFreshAt(stale ? lastFresh.current : undefined);
  }, [stale]);
  const refetch = useCallback(() => {
    setError(undefined);
    setLive('connecting');
    setAttempt((n) => n + 1);
  }, []);
  return {
    data,
    // With data in hand, only an ended session outranks showing it (stale, with its age).
    error: data && error?.status !== 401 ? undefined : error,
    isPending: !data && !error,
    refetch,
    live,
    stale,
    progress,
    freshAt,
  };
}
