import { openTopologyStream } from '@/lib/server/topology-hub';
import type { TopologyEvent } from '@/lib/domain/model';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: first `snapshot` (the whole model), then one `delta` per change, from the
 * one shared informer set of the cluster. Heartbeats keep proxies from closing an idle stream.
 * The subscription is opened before the response starts, so an unknown or unreachable cluster
 * is a JSON error (404 / 503), not a broken stream.
 */
export const GET = route({ params: clusterParam }, async ({ params, request }) => {
  const encoder = new TextEncoder();
  const early: TopologyEvent[] = [];
  let emit: ((e: TopologyEvent) => void) | undefined;
  const { snapshot, unsubscribe } = await openTopologyStream(params.cluster, (e) => (emit ? emit(e) : early.push(e)));
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (heartbeat) clearInterval(heartbeat);
    unsubscribe();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('snapshot', snapshot);
      for (const e of early.splice(0)) send('delta', e);
      emit = (e) => send('delta', e);
      heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
      request.signal.addEventListener('abort', () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel: stop,
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
