'use client';
// The browser's copy of a cluster's topology: one snapshot through react-query, then the SSE
// stream's deltas applied with the same reducer the server's tests check (applyEvents), batched
// per animation frame so a burst of changes costs one render.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { applyEvents } from '@/lib/domain/apply-event';
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { getJson } from './query-client';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export const topologyKey = (cluster: string) => ['topology', cluster] as const;

export function useTopology(cluster: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: topologyKey(cluster),
    queryFn: ({ signal }) => getJson<TopologySnapshot>(`/api/clusters/${encodeURIComponent(cluster)}/topology`, signal),
    staleTime: Infinity,
  });
  const [live, setLive] = useState<LiveState>('connecting');

  useEffect(() => {
    const source = new EventSource(`/api/clusters/${encodeURIComponent(cluster)}/topology/stream`);
    let queue: TopologyEvent[] = [];
    let frame: number | undefined;
    const flush = () => {
      frame = undefined;
      const batch = queue;
      queue = [];
      queryClient.setQueryData<TopologySnapshot>(topologyKey(cluster), (prev) => (prev ? applyEvents(prev, batch) : prev));
    };
    source.addEventListener('snapshot', (e) => {
      queue = [];
      queryClient.setQueryData(topologyKey(cluster), JSON.parse((e as MessageEvent).data) as TopologySnapshot);
      setLive('live');
    });
    source.addEventListener('delta', (e) => {
      queue.push(JSON.parse((e as MessageEvent).data) as TopologyEvent);
      if (frame === undefined) frame = requestAnimationFrame(flush);
    });
    source.onerror = () => setLive('reconnecting');
    return () => {
      source.close();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [cluster, queryClient]);

  const stale = live === 'reconnecting' || Boolean(query.data?.stale);
  return { ...query, live, stale };
}
