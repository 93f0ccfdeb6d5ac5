'use client';
// The browser's copy of a cluster's topology, from one source: the SSE stream (TopologyStream,
// lib/client/topology-stream.ts), one per cluster for the whole tab (shared-streams.ts): every page
// of the tab — the lanes, the action forms, the review — reads the same stream, so a page change
// keeps it open instead of opening another and waiting for a second snapshot. The snapshot lives in
// react-query's cache so every view of the cluster shares it; deltas are applied to it with the
// reducer the unit tests check. The streams belong to the tab's QueryClient (app/providers.tsx).
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TopologySnapshot } from '@/lib/domain/model';
import { SharedStreams, type LiveState } from './shared-streams';
import { TopologyStream, withDeltas } from './topology-stream';

export type { LiveState };
export type { SyncProgress } from './topology-stream';

export const topologyKey = (cluster: string) => ['topology', cluster] as const;
/** Node usage as the cluster's stream last delivered it (lib/client/use-usage.ts reads it). */
export const streamedUsageKey = (cluster: string) => ['usage-stream', cluster] as const;

const byClient = new WeakMap<QueryClient, SharedStreams>();

/** The tab's streams: one set per QueryClient, which the app's layout makes once per tab. */
export function sharedStreamsOf(queryClient: QueryClient): SharedStreams {
  let streams = byClient.get(queryClient);
  if (!streams) {
    // No structural sharing: the reducer already keeps every object a batch did not change. React
    // Query's deep comparison walked all 150,000 pods on every batch and handed back a copy of the
    // array, whose index (apply-event.ts) and record of changes (identity-diff.ts) the next batch
    // then had to make again from every pod: most of the page's time under churn. Set before the
    // stream's first setQueryData makes the query.
    queryClient.setQueryDefaults(['topology'], { structuralSharing: false });
    streams = new SharedStreams((cluster, listener) => new TopologyStream(cluster, listener), {
      snapshot: (cluster, snapshot) => queryClient.setQueryData(topologyKey(cluster), snapshot),
      deltas: (cluster, batch) => queryClient.setQueryData<TopologySnapshot>(topologyKey(cluster), (prev) => prev && withDeltas(prev, batch)),
      usage: (cluster, usage) => queryClient.setQueryData(streamedUsageKey(cluster), usage),
    });
    byClient.set(queryClient, streams);
  }
  return streams;
}

export function useTopology(cluster: string) {
  const queryClient = useQueryClient();
  // Filled only by the stream; the query holds it so every view shares one copy.
  const query = useQuery<TopologySnapshot>({
    queryKey: topologyKey(cluster),
    queryFn: () => Promise.reject(new Error('the topology comes from the stream')),
    enabled: false,
    staleTime: Infinity,
    structuralSharing: false,
  });
  const shared = sharedStreamsOf(queryClient).get(cluster);
  const { live, progress, error } = useSyncExternalStore(shared.subscribe, shared.getState, shared.getState);
  // When the data was last known fresh: kept in a ref as messages arrive (a state update per batch
  // would render the whole view a second time), and copied to state when the data turns stale.
  const lastFresh = useRef<number | undefined>(undefined);
  const [freshAt, setFreshAt] = useState<number | undefined>();

  useEffect(() => sharedStreamsOf(queryClient).use(cluster), [cluster, queryClient]);

  const data = query.data;
  const stale = live === 'reconnecting' || Boolean(data?.stale);
  // While live, every batch of deltas proves the data fresh; the moment it goes stale, that time is
  // the age the banner counts from.
  if (!stale && live === 'live') lastFresh.current = Date.now();
  useEffect(() => {
    setFreshAt(stale ? lastFresh.current : undefined);
  }, [stale]);
  const refetch = useCallback(() => shared.restart(), [shared]);
  return {
    data,
    // With data in hand, only an ended session outranks showing it (stale, with its age).
    error: data && error?.status !== 401 ? undefined : error,
    // A snapshot the tab already holds from an earlier page shows at once.
    isPending: !data && !error,
    refetch,
    live,
    stale,
    progress,
    freshAt,
  };
}
