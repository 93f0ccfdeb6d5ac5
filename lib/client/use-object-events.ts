'use client';
// The events about the object a details panel shows, fetched when it opens and again every few
// seconds while it stays open: a live tail of what the cluster says about that one object.
import { useQuery } from '@tanstack/react-query';
import type { EventInfo } from '@/lib/domain/model';
import { getJson } from './query-client';

export interface ObjectEventsAnswer {
  events: EventInfo[];
  truncated: boolean;
}

export interface EventsTarget {
  kind: 'Node' | 'Pod';
  name: string;
  namespace?: string;
}

/** How often an open panel asks again: a kubelet or scheduler event shows within this. */
export const EVENTS_REFRESH_MS = 5_000;

export function useObjectEvents(cluster: string, target: EventsTarget) {
  const search = new URLSearchParams({ kind: target.kind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) });
  return useQuery({
    queryKey: ['events', cluster, target.kind, target.namespace ?? '', target.name] as const,
    queryFn: ({ signal }) => getJson<ObjectEventsAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/events?${search}`, signal),
    refetchInterval: EVENTS_REFRESH_MS,
  });
}
