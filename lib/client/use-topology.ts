'use client';
// The browser's copy of a cluster's topology, from one source: the SSE stream. It sends progress
// while the server's first sync runs, then ONE snapshot, then deltas tagged with their
// resourceVersion; the deltas are applied with the reducer the unit tests check (applyEvents),
// batched per animation frame so a burst of changes costs one render (spaced out further when one
// render is expensive, see `schedule`). The snapshot lives in react-query's cache so every view of
// the cluster shares it.
//
// Every connection, the browser's own reconnects included, starts with a full snapshot: the server
// keeps no per-browser state, so a reconnect that a load balancer sends to another replica works
// the same. Deltas are applied only onto the snapshot they follow (lib/domain/stream-base.ts).
//
// An EventSource cannot read an error response: when it gives up (a 401/404/503 before the
// stream started), one plain GET of the same URL learns the status and message, and a cluster
// that is only unavailable is tried again with backoff.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { applyEvents } from '@/lib/domain/apply-event';
import { freshDeltas, type TopologyDelta } from '@/lib/domain/deltas';
import { decodeSnapshot } from '@/lib/domain/snapshot-codec';
import { StreamBase } from '@/lib/domain/stream-base';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { SyncProgress } from '@/lib/domain/sync-progress';
import { STREAM_EVENTS, takeEarlyStream, topologyStreamUrl, unpackColumns } from './early-stream';
import { ApiRequestError } from './query-client';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export type { SyncProgress };

export const topologyKey = (cluster: string) => ['topology', cluster] as const;

/** The longest a batch of deltas waits after the last one, however long that one took. */
const MAX_BATCH_GAP_MS = 1_000;

const streamUrl = topologyStreamUrl;

/** Why the stream could not be opened, from the JSON error its URL answers with. */
async function streamError(cluster: string): Promise<ApiRequestError | undefined> {
  const controller = new AbortController();
  try {
    const res = await fetch(streamUrl(cluster), { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
    if (res.ok) return undefined;
    const body = await res.json().catch(() => undefined);
    return new ApiRequestError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `Request failed (${res.status})`);
  } catch {
    return undefined;
  } finally {
    // A stream that did open is not wanted here: only its status was.
    controller.abort();
  }
}

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
    let source: EventSource | undefined;
    const base = new StreamBase();
    let frame: number | undefined;
    let wait: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let closed = false;
    // What the last batch cost, from applying it to the next frame (the views' layout and render
    // included), and when that was. On a small cluster that is a few ms and every frame gets its
    // batch; on a large one the next batch waits until the page has had 9× that time to itself,
    // so a stream of changes cannot keep the main thread busy and every frame late.
    let cost = 0;
    let doneAt = 0;
    const flush = () => {
      frame = undefined;
      const batch = base.take();
      if (batch.length === 0) return;
      const started = performance.now();
      queryClient.setQueryData<TopologySnapshot>(topologyKey(cluster), (prev) => {
        if (!prev) return prev;
        const { events, resourceVersion } = freshDeltas(prev.resourceVersion, batch);
        const next = applyEvents(prev, events);
        return next.resourceVersion === resourceVersion ? next : { ...next, resourceVersion };
      });
      requestAnimationFrame(() => {
        doneAt = performance.now();
        cost = doneAt - started;
      });
    };
    const schedule = () => {
      if (frame !== undefined || wait !== undefined || closed) return;
      // …but never more than a second after the last one: right after a page load the first batch
      // also pays for the first render (50–250 ms), and nine times that held the next change back
      // for up to 2 s.
      const delay = doneAt + Math.min(9 * cost, MAX_BATCH_GAP_MS) - performance.now();
      if (cost < 8 || delay <= 0) frame = requestAnimationFrame(flush);
      else
        wait = setTimeout(() => {
          wait = undefined;
          frame = requestAnimationFrame(flush);
        }, delay);
    };
    const connect = () => {
      if (closed) return;
      // The stream the page's inline script opened before hydration, once (lib/client/early-stream.ts).
      const early = takeEarlyStream(streamUrl(cluster));
      const es = early?.es ?? new EventSource(streamUrl(cluster));
      performance.mark(early ? 'nodelanes:stream-taken-over' : 'nodelanes:stream-opened');
      source = es;
      const take = (ticket: number, snapshot: TopologySnapshot) => {
        // A newer snapshot arrived while this one was unpacking: it is the base now.
        if (!base.snapshotReady(ticket)) return;
        failures = 0;
        queryClient.setQueryData(topologyKey(cluster), snapshot);
        setProgress(undefined);
        setError(undefined);
        setLive('live');
        lastFresh.current = Date.now();
        if (base.queued > 0) schedule();
      };
      // `unpacked`: the early stream's unpacking of a column-wise snapshot, started when it arrived.
      const handlers: Record<(typeof STREAM_EVENTS)[number], (data: string, unpacked?: Promise<unknown>) => void> = {
        progress: (data) => setProgress(JSON.parse(data) as SyncProgress),
        snapshot: (data) => take(base.snapshotArrived(), JSON.parse(data) as TopologySnapshot),
        'snapshot-columns': (data, unpacked) => {
          const ticket = base.snapshotArrived();
          // Marks for the browser benchmark's breakdown of the time to first lanes.
          performance.mark('nodelanes:snapshot-arrived');
          (unpacked ?? unpackColumns(data))
            .then((encoded) => {
              const snapshot = decodeSnapshot(encoded);
              performance.mark('nodelanes:snapshot-parsed');
              if (!closed && source === es) take(ticket, snapshot);
            })
            .catch(() => {
              // A snapshot that cannot be read is as good as none: start the stream again.
              es.close();
              if (!closed) retry = setTimeout(connect, 1000);
            });
        },
        delta: (data) => {
          base.delta(JSON.parse(data) as TopologyDelta);
          schedule();
        },
        failed: (data) => {
          const body = JSON.parse(data) as { status: number; code: string; message: string };
          setError(new ApiRequestError(body.status, body.code, body.message));
        },
      };
      // What the early stream had before this took it over, in order, then the live listeners: all
      // in this one task, so no event can slip in between.
      for (const event of early?.events ?? []) handlers[event.type as keyof typeof handlers]?.(event.data, event.unpacked);
      for (const type of STREAM_EVENTS) es.addEventListener(type, (e) => handlers[type]((e as MessageEvent).data));
      es.onerror = () => {
        setLive('reconnecting');
        if (es.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
        es.close();
        void streamError(cluster).then((err) => {
          if (closed) return;
          if (err) setError(err);
          // Only a cluster that is unavailable (or a network hiccup) is worth asking again.
          if (err && err.status < 500) return;
          retry = setTimeout(connect, Math.min(30_000, 1000 * 2 ** failures++));
        });
      };
    };
    connect();
    return () => {
      closed = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (wait !== undefined) clearTimeout(wait);
    };
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
