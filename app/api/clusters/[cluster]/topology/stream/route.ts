import { openTopologyStream } from '@/lib/server/topology-hub';
import type { TopologyEvent } from '@/lib/domain/model';
import { eventVisibleTo, filterSnapshot, namespacesIn, sameScope, type VisibilityScope } from '@/lib/domain/visibility';
import { accessOnCluster } from '@/lib/server/access';
import { currentUser } from '@/lib/server/auth';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks the user's scope (the access cache answers most checks). */
const RECHECK_MS = 30_000;

/**
 * Server-sent events: first `snapshot` (the whole model), then one `delta` per change, from the
 * one shared informer set of the cluster — each cut down to what the signed-in user may see.
 * Heartbeats keep proxies from closing an idle stream. The subscription is opened before the
 * response starts, so an unknown or unreachable cluster is a JSON error (404 / 503), not a broken
 * stream. When the user's RBAC scope changes or their session expires, the stream ends; the
 * browser's EventSource reconnects and gets a snapshot for the new scope (or a 401).
 */
export const GET = route({ params: clusterParam, access: 'read' }, async ({ params, request, user }) => {
  const encoder = new TextEncoder();
  const early: TopologyEvent[] = [];
  let emit: ((e: TopologyEvent) => void) | undefined;
  const { snapshot, unsubscribe } = await openTopologyStream(params.cluster, (e) => (emit ? emit(e) : early.push(e)));
  // Re-checks ask about the same namespaces, so within the cache's lifetime they cost nothing.
  const namespaces = namespacesIn(snapshot);
  let scope: VisibilityScope;
  try {
    ({ scope } = await accessOnCluster(params.cluster, user, namespaces));
  } catch (err) {
    unsubscribe();
    throw err;
  }
  const visible = filterSnapshot(snapshot, scope);
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (heartbeat) clearInterval(heartbeat);
    if (recheck) clearInterval(recheck);
    unsubscribe();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('snapshot', visible);
      emit = (e) => {
        if (eventVisibleTo(e, scope)) send('delta', e);
      };
      for (const e of early.splice(0)) emit(e);
      heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
      recheck = setInterval(() => {
        void (async () => {
          // The session this stream was opened with may have expired since: its cookie is
          // checked again, and a stream without a user ends (the reconnect then gets a 401).
          if (!(await currentUser(request))) return close();
          try {
            // A namespace created after the stream opened is asked about by the next page load.
            const now = await accessOnCluster(params.cluster, user, namespaces);
            if (!stopped && !sameScope(now.scope, scope)) close();
          } catch {
            // Unreachable for the moment: the informers mark the data stale; keep the scope.
          }
        })();
      }, RECHECK_MS);
      request.signal.addEventListener('abort', close);
    },
    cancel: stop,
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
