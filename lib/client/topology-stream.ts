// The topology's SSE stream, followed: progress while the server's first sync runs, then ONE
// snapshot, then deltas tagged with their resourceVersion, applied only onto the snapshot they
// follow (lib/domain/stream-base.ts) and in batches, one per animation frame at most (see
// FrameBatcher). Every connection, the browser's own reconnects included, starts with a full
// snapshot: the server keeps no per-browser state, so a reconnect that a load balancer sends to
// another replica works the same.
//
// An EventSource cannot read an error response: when it gives up (a 401/404/503 before the stream
// started), one plain GET of the same URL learns the status and message, and a cluster that is
// only unavailable is tried again with backoff.
import { applyEvents } from '@/lib/domain/apply-event';
import { freshDeltas, type TopologyDelta } from '@/lib/domain/deltas';
import { decodeSnapshot } from '@/lib/domain/snapshot-codec';
import { StreamBase } from '@/lib/domain/stream-base';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { UsageAnswer } from '@/lib/domain/usage-scope';
import { STREAM_EVENTS, takeEarlyStream, topologyStreamUrl, unpackColumns } from './early-stream';
import { ApiRequestError } from './query-client';
import { countApplied } from './applied-deltas';

import type { SyncProgress } from '@/lib/domain/sync-progress';

export type { SyncProgress };

/** Where the stream keeps the topology, and whom it tells how it is going. */
export interface StreamListener {
  /** A new base: replaces whatever was held. */
  snapshot(snapshot: TopologySnapshot): void;
  /** A batch of deltas, to apply onto the snapshot held (`withDeltas`). */
  deltas(batch: TopologyDelta[]): void;
  /** What each node uses now, as the server read it for every stream of the cluster. */
  usage(usage: UsageAnswer): void;
  progress(progress: SyncProgress): void;
  error(error: ApiRequestError): void;
  reconnecting(): void;
}

/** The longest a batch of deltas waits after the last one, however long that one took. */
const MAX_BATCH_GAP_MS = 1_000;

/** The snapshot with a batch of deltas applied: only those newer than it, and its resourceVersion moved on. */
export function withDeltas(prev: TopologySnapshot, batch: TopologyDelta[]): TopologySnapshot {
  const { events, resourceVersion } = freshDeltas(prev.resourceVersion, batch);
  const next = applyEvents(prev, events);
  countApplied(events);
  return next.resourceVersion === resourceVersion ? next : { ...next, resourceVersion };
}

/** Why the stream could not be opened, from the JSON error its URL answers with. */
async function streamError(cluster: string): Promise<ApiRequestError | undefined> {
  const controller = new AbortController();
  try {
    const res = await fetch(topologyStreamUrl(cluster), { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
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

/**
 * Runs `flush` on the next animation frame, so a burst of deltas costs one render. What the last
 * flush cost is measured from its start to the next frame (the views' layout and render
 * included). On a small cluster that is a few ms and every frame gets its batch; on a large one
 * the next batch waits until the page has had 9× that time to itself, so a stream of changes
 * cannot keep the main thread busy and every frame late.
 */
class FrameBatcher {
  private frame: number | undefined;
  private wait: ReturnType<typeof setTimeout> | undefined;
  private cost = 0;
  private doneAt = 0;
  private stopped = false;

  /** `flush` says whether it had anything to apply. */
  constructor(private readonly flush: () => boolean) {}

  schedule() {
    if (this.frame !== undefined || this.wait !== undefined || this.stopped) return;
    // …but never more than a second after the last one: right after a page load the first batch
    // also pays for the first render (50–250 ms), and nine times that held the next change back
    // for up to 2 s.
    const delay = this.doneAt + Math.min(9 * this.cost, MAX_BATCH_GAP_MS) - performance.now();
    if (this.cost < 8 || delay <= 0) this.frame = requestAnimationFrame(this.run);
    else
      this.wait = setTimeout(() => {
        this.wait = undefined;
        this.frame = requestAnimationFrame(this.run);
      }, delay);
  }

  stop() {
    this.stopped = true;
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    if (this.wait !== undefined) clearTimeout(this.wait);
  }

  private run = () => {
    this.frame = undefined;
    const started = performance.now();
    if (!this.flush()) return;
    requestAnimationFrame(() => {
      this.doneAt = performance.now();
      this.cost = this.doneAt - started;
    });
  };
}

type StreamEvent = (typeof STREAM_EVENTS)[number];

/** One cluster's stream, from `start` until `stop`, reconnecting as needed. */
export class TopologyStream {
  private source: EventSource | undefined;
  private readonly base = new StreamBase();
  private readonly batches: FrameBatcher;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly cluster: string,
    private readonly listener: StreamListener,
  ) {
    this.batches = new FrameBatcher(() => {
      const batch = this.base.take();
      if (batch.length === 0) return false;
      this.listener.deltas(batch);
      return true;
    });
  }

  start() {
    this.connect();
  }

  stop() {
    this.closed = true;
    this.source?.close();
    if (this.retry) clearTimeout(this.retry);
    this.batches.stop();
  }

  private connect = () => {
    if (this.closed) return;
    const url = topologyStreamUrl(this.cluster);
    // The stream the page's inline script opened before hydration, once (lib/client/early-stream.ts).
    const early = takeEarlyStream(url);
    const es = early?.es ?? new EventSource(url);
    performance.mark(early ? 'nodelanes:stream-taken-over' : 'nodelanes:stream-opened');
    this.source = es;
    const handlers = this.handlersFor(es);
    // What the early stream had before this took it over, in order, then the live listeners: all
    // in this one task, so no event can slip in between.
    for (const event of early?.events ?? []) handlers[event.type as StreamEvent]?.(event.data, event.unpacked);
    for (const type of STREAM_EVENTS) es.addEventListener(type, (e) => handlers[type]((e as MessageEvent).data));
    es.onerror = () => this.lost(es);
  };

  /** `unpacked`: the early stream's unpacking of a column-wise snapshot, started when it arrived. */
  private handlersFor(es: EventSource): Record<StreamEvent, (data: string, unpacked?: Promise<unknown>) => void> {
    return {
      progress: (data) => this.listener.progress(JSON.parse(data) as SyncProgress),
      snapshot: (data) => this.take(this.base.snapshotArrived(), JSON.parse(data) as TopologySnapshot),
      'snapshot-columns': (data, unpacked) => this.unpack(es, data, unpacked),
      delta: (data) => {
        this.base.delta(JSON.parse(data) as TopologyDelta);
        this.batches.schedule();
      },
      usage: (data) => this.listener.usage(JSON.parse(data) as UsageAnswer),
      failed: (data) => {
        const body = JSON.parse(data) as { status: number; code: string; message: string };
        this.listener.error(new ApiRequestError(body.status, body.code, body.message));
      },
    };
  }

  private unpack(es: EventSource, data: string, unpacked?: Promise<unknown>) {
    const ticket = this.base.snapshotArrived();
    // Marks for the browser benchmark's breakdown of the time to first lanes.
    performance.mark('nodelanes:snapshot-arrived');
    (unpacked ?? unpackColumns(data))
      .then((encoded) => {
        const snapshot = decodeSnapshot(encoded);
        performance.mark('nodelanes:snapshot-parsed');
        if (!this.closed && this.source === es) this.take(ticket, snapshot);
      })
      .catch(() => {
        // A snapshot that cannot be read is as good as none: start the stream again.
        es.close();
        if (!this.closed) this.retry = setTimeout(this.connect, 1000);
      });
  }

  private take(ticket: number, snapshot: TopologySnapshot) {
    // A newer snapshot arrived while this one was unpacking: it is the base now.
    if (!this.base.snapshotReady(ticket)) return;
    this.failures = 0;
    this.listener.snapshot(snapshot);
    if (this.base.queued > 0) this.batches.schedule();
  }

  private lost(es: EventSource) {
    this.listener.reconnecting();
    if (es.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
    es.close();
    void streamError(this.cluster).then((err) => {
      if (this.closed) return;
      if (err) this.listener.error(err);
      // Only a cluster that is unavailable (or a network hiccup) is worth asking again.
      if (err && err.status < 500) return;
      this.retry = setTimeout(this.connect, Math.min(30_000, 1000 * 2 ** this.failures++));
    });
  }
}
