// A client of the topology stream (GET /api/clusters/{c}/topology/stream?encoding=gzip), as a
// browser tab is one: it receives the snapshot (gzipped, base64) and then the deltas. A `full`
// client decodes the snapshot and every delta (the one whose model the latency is read from);
// the others only count bytes, so fifty of them cost the benchmark little CPU of its own.
import http from 'node:http';
import zlib from 'node:zlib';

export interface SnapshotStats {
  /** Bytes of the SSE event on the wire (base64 of the gzipped JSON). */
  wireBytes: number;
  gzipBytes: number;
  jsonBytes: number;
  nodes: number;
  pods: number;
}

export interface SseClient {
  /** Resolves when the snapshot has arrived (and, for a full client, been decoded). */
  snapshot: Promise<SnapshotStats | undefined>;
  bytes(): number;
  close(): void;
}

export interface Delta {
  type: string;
  pod?: { namespace: string; name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export function openStream(base: string, cluster: string, opts: { full: boolean; onDelta?: (delta: Delta, receivedAt: number) => void }): SseClient {
  let received = 0;
  let resolveSnapshot!: (s: SnapshotStats | undefined) => void;
  let rejectSnapshot!: (err: Error) => void;
  const snapshot = new Promise<SnapshotStats | undefined>((res, rej) => {
    resolveSnapshot = res;
    rejectSnapshot = rej;
  });
  snapshot.catch(() => undefined);
  const req = http.get(`${base}/api/clusters/${encodeURIComponent(cluster)}/topology/stream?encoding=gzip`, { headers: { Accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      rejectSnapshot(new Error(`stream answered ${res.statusCode}`));
      res.resume();
      return;
    }
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      received += Buffer.byteLength(chunk);
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handle(block);
      }
    });
    res.on('error', (err) => rejectSnapshot(err));
  });
  req.on('error', (err) => rejectSnapshot(err));

  function handle(block: string) {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (event === 'failed') rejectSnapshot(new Error(`stream failed: ${data}`));
    if (event === 'snapshot-gzip') {
      if (!opts.full) return resolveSnapshot(undefined);
      const gz = Buffer.from(data, 'base64');
      const json = zlib.gunzipSync(gz);
      const model = JSON.parse(json.toString('utf8')) as { nodes: unknown[]; pods: unknown[] };
      resolveSnapshot({ wireBytes: Buffer.byteLength(block), gzipBytes: gz.length, jsonBytes: json.length, nodes: model.nodes.length, pods: model.pods.length });
    } else if (event === 'delta' && opts.onDelta) {
      opts.onDelta(JSON.parse(data) as Delta, Date.now());
    }
  }

  return { snapshot, bytes: () => received, close: () => req.destroy() };
}
