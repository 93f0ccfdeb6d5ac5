// The snapshot a topology stream opens with, encoded once and shared. Each stream used to
// serialize the whole model (11 MB of JSON at 30,000 pods), gzip it and base64 it for itself: fifty
// pages opening together (a deploy, a proxy reconnecting everyone) made fifty copies at once, and
// the server's RSS went from ~225 MiB to ~770 MiB. Streams that open on the same cluster state
// (resourceVersion and stale flag), for the same visibility scope and encoding, now share one
// encoding; it is kept a few seconds after it is made, and only the newest per cluster, scope and
// encoding.
//
// Encodings, as the stream's `?encoding=` asks: `json` (the snapshot event, plain JSON), `gzip`
// (snapshot-gzip, base64 of gzipped JSON) and `columns` (snapshot-columns, base64 of the gzipped
// JSON of lib/domain/snapshot-codec.ts: at 30,000 pods a fifth of the JSON to stringify and gzip,
// and a fifth to gunzip and parse in the browser; the page's choice).
import type { TopologySnapshot } from '@/lib/domain/model';
import { encodeSnapshotInSteps } from '@/lib/domain/snapshot-codec';
import { filterSnapshot, type VisibilityScope } from '@/lib/domain/visibility';
import { jsonGzipInSlices, runInSlices } from './json-gzip-in-slices';

export type SnapshotEncoding = 'json' | 'gzip' | 'columns';

const EVENTS = { json: 'snapshot', gzip: 'snapshot-gzip', columns: 'snapshot-columns' } as const;

export interface SnapshotPayload {
  event: (typeof EVENTS)[SnapshotEncoding];
  /** The SSE data: the JSON, or base64 of the gzipped JSON (of the columns for `columns`). */
  readonly data: string;
  /**
   * `data: <data>` and the blank line that ends the event, as bytes: made once, and the very same
   * bytes written by every stream that opens on this payload (each stream used to make its own
   * copy, 6.4 MB at 150,000 pods in gzip, so fifty streams opening at once held fifty of them).
   */
  dataLine: Uint8Array;
  jsonBytes: number;
  gzipBytes?: number;
}

const KEEP_MS = 5_000;
/**
 * Encodings kept with the snapshot object they were made from, for as long as it lives: the hub
 * holds one snapshot per cluster for a while (held-snapshot.ts) and streams open on it, so its
 * encodings serve every page load in that time. A few scopes' worth per snapshot.
 */
const BY_SNAPSHOT_MAX = 4;

/**
 * Both caches live on globalThis, as the hub does: a production build bundles this module once
 * for the server's start (instrumentation.ts starts the hub, whose background encoding lands in
 * that copy) and again for the stream route. With module-level caches the route never found the
 * encoding the hub had made after the sync, and the first page load after it made its own
 * (5.4 s at 150,000 pods) while every later one was served at once.
 */
interface PayloadCaches {
  bySnapshot: WeakMap<TopologySnapshot, Map<string, Promise<SnapshotPayload>>>;
  latest: Map<string, { version: string; payload: Promise<SnapshotPayload> }>;
}
const globalKey = Symbol.for('nodelanes.snapshot-payloads');
type GlobalWithCaches = typeof globalThis & { [globalKey]?: PayloadCaches };
const { bySnapshot, latest } = ((globalThis as GlobalWithCaches)[globalKey] ??= { bySnapshot: new WeakMap(), latest: new Map() });

const DATA_PREFIX = 'data: ';

/** The payload with its data kept once, as the bytes of its SSE data line. */
function payload(event: SnapshotPayload['event'], data: string, sizes: { jsonBytes: number; gzipBytes?: number }): SnapshotPayload {
  const dataLine = Buffer.from(`${DATA_PREFIX}${data}\n\n`);
  return {
    event,
    dataLine,
    get data() {
      return dataLine.toString('utf8', DATA_PREFIX.length, dataLine.length - 2);
    },
    ...sizes,
  };
}

async function encode(snapshot: TopologySnapshot, scope: VisibilityScope, encoding: SnapshotEncoding): Promise<SnapshotPayload> {
  const visible = filterSnapshot(snapshot, scope);
  if (encoding === 'json') {
    const json = JSON.stringify(visible);
    return payload(EVENTS.json, json, { jsonBytes: Buffer.byteLength(json) });
  }
  // Made in slices that give the thread back, and gzipped in zlib's pool (json-gzip-in-slices.ts):
  // the other requests are answered meanwhile, a page load arriving then among them.
  const value = encoding === 'columns' ? await runInSlices(encodeSnapshotInSteps(visible)) : visible;
  const { gzipped, jsonBytes } = await jsonGzipInSlices(value);
  return payload(EVENTS[encoding], gzipped.toString('base64'), { jsonBytes, gzipBytes: gzipped.length });
}

export function snapshotPayload(snapshot: TopologySnapshot, scope: VisibilityScope, encoding: SnapshotEncoding): Promise<SnapshotPayload> {
  const key = JSON.stringify([snapshot.cluster, scope.nodes, scope.namespaces, encoding]);
  const kept = bySnapshot.get(snapshot) ?? new Map<string, Promise<SnapshotPayload>>();
  bySnapshot.set(snapshot, kept);
  const made = kept.get(key);
  if (made) return made;
  const payload = sharedPayload(snapshot, scope, encoding, key);
  kept.set(key, payload);
  if (kept.size > BY_SNAPSHOT_MAX) kept.delete(kept.keys().next().value!);
  payload.catch(() => {
    if (kept.get(key) === payload) kept.delete(key);
  });
  return payload;
}

/** What tells two states of a cluster apart: its resourceVersion, and the sync notes, which can change while the resourceVersion stands still (a kind goes stale, and why). */
export function snapshotVersion(snapshot: TopologySnapshot): string {
  return `${snapshot.resourceVersion}/${snapshot.stale}/${JSON.stringify(snapshot.sync ?? [])}`;
}

function sharedPayload(snapshot: TopologySnapshot, scope: VisibilityScope, encoding: SnapshotEncoding, key: string): Promise<SnapshotPayload> {
  // Without a resourceVersion there is nothing to tell two states apart by: no sharing.
  if (!snapshot.resourceVersion) return encode(snapshot, scope, encoding);
  const version = snapshotVersion(snapshot);
  const held = latest.get(key);
  if (held?.version === version) return held.payload;
  const payload = encode(snapshot, scope, encoding);
  const entry = { version, payload };
  latest.set(key, entry);
  const forget = () => {
    setTimeout(() => {
      if (latest.get(key) === entry) latest.delete(key);
    }, KEEP_MS).unref();
  };
  payload.then(forget, forget);
  return payload;
}
