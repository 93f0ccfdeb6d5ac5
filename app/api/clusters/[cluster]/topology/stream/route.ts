import { z } from 'zod';
import { followTopology, topologyStarted, type SyncProgress } from '@/lib/server/topology-hub';
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { eventVisibleTo, namespacesIn, sameScope, type VisibilityScope } from '@/lib/domain/visibility';
import { accessOnCluster, recentAccessOnCluster } from '@/lib/server/access';
import { currentUser } from '@/lib/server/auth';
import { snapshotSent, sseClientOpened } from '@/lib/server/metrics/registry';
import { clusterParam, route, toErrorResponse } from '@/lib/server/route';
import { snapshotPayload, type SnapshotEncoding } from '@/lib/server/snapshot-payload';
import { followUsage } from '@/lib/server/usage-hub';
import { usageAnswer } from '@/lib/domain/usage-scope';

export const dynamic = 'force-dynamic';

/** The snapshot's encoding (snapshot-payload.ts); without one, plain JSON. */
const query = z.object({ encoding: z.enum(['json', 'gzip', 'columns']).optional() });

const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks the user's scope (the access cache answers most checks). */
const RECHECK_MS = 30_000;

/**
 * Server-sent events, the page's only source of topology:
 *   - `progress` while the cluster's first sync runs (objects listed so far, per kind) — a large
 *     cluster takes longer than any request timeout, and the sync carries on regardless;
 *   - one `snapshot` (the whole model, cut down to what the signed-in user may see);
 *   - then `delta`s, each with the resourceVersion it comes from (also the SSE `id`), sent only
 *     when the compact form changed;
 *   - `usage`: what each node uses (metrics.k8s.io, the shape GET topology/usage answers without
 *     `pods`), on the stream's open and then every ~15 s: read once per cluster for all streams;
 *   - `failed` when the first sync fails (the browser's EventSource reconnects and tries again).
 * The snapshot is the largest payload the app sends. With `?encoding=columns` (the page, in a
 * browser that has DecompressionStream) it goes as `snapshot-columns`: base64 of the gzipped
 * column-wise JSON of lib/domain/snapshot-codec.ts, 0.74 MB for 30,000 pods where the plain JSON is
 * 11.4 MB, and a fifth of the work to make and to read. `?encoding=gzip` sends `snapshot-gzip`,
 * base64 of gzipped plain JSON (for simple clients); another value is a 400. It is compressed here because Next drops a route's own Content-Encoding header and does
 * not compress route handlers' streams itself; compressing off the main thread (zlib's pool) also
 * keeps a 150,000-pod snapshot from stalling every other request.
 * The snapshot is the hub's held one when it has one (held-snapshot.ts): its encoding is made once
 * and the deltas since it follow it, so a page load does not wait for 150,000 pods to be encoded.
 * Every connection starts with a snapshot, a browser's reconnect too: its Last-Event-ID is not
 * used to resume. The ids are the API server's resourceVersions, but the deltas are made by this
 * process's cache, which keeps current state and no history to replay from one; and behind a load
 * balancer the reconnect may reach another replica whose cache is older or newer than the page.
 * A fresh snapshot is a correct base on any replica (the page drops what it had queued).
 * Heartbeats keep proxies from closing an idle stream. An unknown or unreachable cluster is a JSON
 * error (404 / 503) before the stream starts. When the user's RBAC scope changes or their session
 * expires, the stream ends; the reconnect gets a snapshot for the new scope (or a 401).
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, request, user }) => {
  const { synced } = topologyStarted(params.cluster);
  const encoding: SnapshotEncoding = query.encoding ?? 'json';
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;
  let unfollowUsage: (() => void) | undefined;
  let stopped = false;
  const abort = new AbortController();
  const closeGauge = sseClientOpened(params.cluster);
  const stop = () => {
    stopped = true;
    closeGauge();
    if (heartbeat) clearInterval(heartbeat);
    if (recheck) clearInterval(recheck);
    unsubscribe?.();
    unfollowUsage?.();
    abort.abort();
  };
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c), cancel: stop });
  const close = () => {
    stop();
    try {
      controller.close();
    } catch {
      // already closed
    }
  };
  const writeBytes = (bytes: Uint8Array) => {
    try {
      controller.enqueue(bytes);
    } catch {
      stop();
    }
  };
  const write = (text: string) => writeBytes(encoder.encode(text));
  const send = (event: string, data: unknown, id?: string) => write(`event: ${event}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  request.signal.addEventListener('abort', close);
  heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);

  const open = async (): Promise<void> => {
    const early: Array<[TopologyEvent, string]> = [];
    let emit: ((e: TopologyEvent, rv: string) => void) | undefined;
    let snapshot: TopologySnapshot;
    let since: Array<[TopologyEvent, string]>;
    ({ snapshot, since, unsubscribe } = await followTopology(
      params.cluster,
      (e, rv) => (emit ? emit(e, rv) : early.push([e, rv])),
      (progress: SyncProgress) => send('progress', progress),
      { signal: abort.signal },
    ));
    if (stopped) return unsubscribe();
    // Re-checks ask about the same namespaces, so within the cache's lifetime they cost nothing.
    const namespaces = namespacesIn(snapshot);
    // The user's answer from the last few minutes, if there is one, while the cluster is asked
    // again (a loaded API server can take seconds): when the new answer differs the stream ends
    // at once and the browser's reconnect opens it with the new scope.
    const recent = await recentAccessOnCluster(params.cluster, user, namespaces);
    let scope: VisibilityScope = recent.access.scope;
    recent.revalidated?.then(
      (now) => {
        if (!stopped && !sameScope(now.scope, scope)) close();
      },
      () => undefined, // unreachable for the moment: as a failed re-check below, the scope stays
    );
    if (stopped) return;
    // Encoded once for every stream that opens on the same state and scope (snapshot-payload.ts).
    const payload = await snapshotPayload(snapshot, scope, encoding);
    if (stopped) return;
    snapshotSent(params.cluster, payload.jsonBytes, payload.gzipBytes);
    write(`event: ${payload.event}\n${snapshot.resourceVersion ? `id: ${snapshot.resourceVersion}\n` : ''}`);
    // The data line's bytes are the payload's own, shared by every stream that sends it.
    writeBytes(payload.dataLine);
    emit = (e, rv) => {
      if (eventVisibleTo(e, scope)) send('delta', { ...e, rv }, rv || undefined);
    };
    // The snapshot may be the hub's held one: the deltas since it first, then those that came
    // while this stream was being set up.
    for (const [e, rv] of [...since, ...early.splice(0)]) emit(e, rv);
    // Node usage, read once per cluster for every stream (usage-hub.ts), as this user may see it.
    unfollowUsage = followUsage(params.cluster, (sample) => send('usage', usageAnswer(sample, scope)));
    recheck = setInterval(() => {
      void (async () => {
        // The session this stream was opened with may have expired since: its cookie is
        // checked again, and a stream without a user ends (the reconnect then gets a 401).
        if (!(await currentUser(request))) return close();
        try {
          // A namespace created after the stream opened is asked about by the next page load.
          const now = await accessOnCluster(params.cluster, user, namespaces);
          if (!stopped && !sameScope(now.scope, scope)) close();
          scope = now.scope;
        } catch {
          // Unreachable for the moment: the informers mark the data stale; keep the scope.
        }
      })();
    }, RECHECK_MS);
  };

  if (synced) {
    // The usual case: errors (access, RBAC) still become a JSON status rather than a stream.
    try {
      await open();
    } catch (err) {
      stop();
      throw err;
    }
  } else {
    void open().catch(async (err) => {
      if (stopped) return;
      const response = toErrorResponse(err);
      const body = (await response.json()) as { error: { code: string; message: string } };
      send('failed', { status: response.status, ...body.error });
      close();
    });
  }
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
