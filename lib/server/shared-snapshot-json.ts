// GET topology's answer, serialized once per cluster state and visibility scope and shared by the
// requests that overlap. Each request used to stringify the whole snapshot for itself (11 MB of
// JSON at 30,000 pods, in 64 KB pieces but all of it garbage afterwards): fifty page loads at once
// took the server from ~190 MiB to ~400 MiB. Now the pieces are made once, as the first reader
// needs them, kept as Buffers (never one string), and every overlapping request writes the same
// ones; Next's compression gzips each response in chunks as it is written. A serialization is kept
// while a request still reads it and KEEP_MS after, only the newest per cluster and scope.
import type { TopologySnapshot } from '@/lib/domain/model';
import { jsonChunks } from '@/lib/domain/json-chunks';
import { filterSnapshot, type VisibilityScope } from '@/lib/domain/visibility';
import { snapshotVersion } from './snapshot-payload';

const KEEP_MS = 1_000;

/** One snapshot's JSON, made piece by piece as its fastest reader asks. */
class SharedJson {
  readonly made: Buffer[] = [];
  done = false;
  readers = 0;
  forget?: ReturnType<typeof setTimeout>;
  private source: Generator<string> | undefined;

  constructor(private readonly value: () => unknown) {}

  /** The i-th piece, or undefined past the end. */
  piece(i: number): Buffer | undefined {
    while (this.made.length <= i && !this.done) {
      this.source ??= jsonChunks(this.value());
      const next = this.source.next();
      if (next.done) {
        this.done = true;
        this.source = undefined;
      } else this.made.push(Buffer.from(next.value));
    }
    return this.made[i];
  }
}

const latest = new Map<string, { version: string; json: SharedJson }>();

function shared(snapshot: TopologySnapshot, scope: VisibilityScope): { json: SharedJson; release: () => void } {
  const value = () => filterSnapshot(snapshot, scope);
  // Without a resourceVersion there is nothing to tell two states apart by: no sharing.
  if (!snapshot.resourceVersion) return { json: new SharedJson(value), release: () => undefined };
  const key = JSON.stringify([snapshot.cluster, scope.nodes, scope.namespaces]);
  const version = snapshotVersion(snapshot);
  let entry = latest.get(key);
  if (entry?.version !== version) {
    entry = { version, json: new SharedJson(value) };
    latest.set(key, entry);
  }
  const { json } = entry;
  const kept = entry;
  json.readers += 1;
  if (json.forget) clearTimeout(json.forget);
  json.forget = undefined;
  let released = false;
  return {
    json,
    release: () => {
      if (released) return;
      released = true;
      json.readers -= 1;
      if (json.readers > 0) return;
      json.forget = setTimeout(() => {
        if (latest.get(key) === kept && json.readers === 0) latest.delete(key);
      }, KEEP_MS);
      json.forget.unref?.();
    },
  };
}

/** The snapshot cut to `scope`, as a JSON response written from the shared pieces. */
export function sharedSnapshotResponse(snapshot: TopologySnapshot, scope: VisibilityScope): Response {
  const { json, release } = shared(snapshot, scope);
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = json.piece(i++);
      if (piece) controller.enqueue(piece);
      else {
        release();
        controller.close();
      }
    },
    cancel() {
      release();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/json' } });
}

/** Serializations held now, for tests. */
export function sharedSnapshotJsonCount(): number {
  return latest.size;
}
