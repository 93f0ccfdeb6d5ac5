// GET topology's answer, serialized once per cluster state and visibility scope and shared by the
// requests that overlap. Each request used to stringify the whole snapshot for itself (11 MB of
// JSON at 30,000 pods, in 64 KB pieces but all of it garbage afterwards): fifty page loads at once
// took the server from ~190 MiB to ~400 MiB. Now the pieces are made once, as the first reader
// needs them, kept as Buffers (never one string), and every overlapping request writes the same
// ones; Next's compression gzips each response in chunks as it is written. A serialization is kept
// while a request still reads it, only the newest per cluster and scope.
import type { TopologySnapshot } from '@/lib/domain/model';
import { jsonChunks } from '@/lib/domain/json-chunks';
import { filterSnapshot, type VisibilityScope } from '@/lib/domain/visibility';
import { snapshotVersion } from './snapshot-payload';

const JOIN_MS = 1_000;

/**
 * One snapshot's JSON, made piece by piece as its fastest reader asks, each piece dropped once every
 * reader has written it: what is held is the stretch between the slowest reader and the fastest,
 * not the whole answer (58 MB of pieces at 150,000 pods, held until the slowest of fifty page loads
 * had finished, was most of what the server grew by while they ran).
 */
class SharedJson {
  private readonly createdAt = Date.now();
  /** Piece i is at made[i - dropped]; the ones before `dropped` every reader has passed. */
  private readonly made: Buffer[] = [];
  private dropped = 0;
  private done = false;
  private source: Generator<string> | undefined;
  /** Each open reader's next piece. */
  private readonly positions = new Map<symbol, number>();

  constructor(private readonly value: () => unknown) {}

  /** Whether a new reader can still start from the first piece. */
  get fresh(): boolean {
    return this.dropped === 0;
  }

  get heldBytes(): number {
    return this.made.reduce((sum, piece) => sum + piece.length, 0);
  }

  get readers(): number {
    return this.positions.size;
  }

  open(): symbol {
    const reader = Symbol('reader');
    this.positions.set(reader, 0);
    read.add(this);
    return reader;
  }

  /** The reader's next piece, or undefined past the end. */
  next(reader: symbol): Buffer | undefined {
    const i = this.positions.get(reader);
    if (i === undefined) return undefined;
    while (this.dropped + this.made.length <= i && !this.done) {
      this.source ??= jsonChunks(this.value());
      const next = this.source.next();
      if (next.done) {
        this.done = true;
        this.source = undefined;
      } else this.made.push(Buffer.from(next.value));
    }
    const piece = this.made[i - this.dropped];
    this.positions.set(reader, i + 1);
    this.dropPassed();
    return piece;
  }

  close(reader: symbol): void {
    this.positions.delete(reader);
    if (this.positions.size === 0) read.delete(this);
    this.dropPassed();
  }

  private dropPassed(): void {
    // Requests that come together reach this a little apart (each checks its user's access
    // first): for JOIN_MS every piece is kept, so they all start on this serialization.
    if (Date.now() - this.createdAt < JOIN_MS && this.positions.size > 0) return;
    let slowest = Infinity;
    for (const i of this.positions.values()) slowest = Math.min(slowest, i);
    // No reader left: nothing is kept (a later request serializes afresh).
    const passed = Math.min(slowest, this.dropped + this.made.length) - this.dropped;
    if (passed <= 0) return;
    this.made.splice(0, passed);
    this.dropped += passed;
  }
}

const latest = new Map<string, { version: string; json: SharedJson }>();
/** Serializations some request still reads (the newest of a state is also in `latest`). */
const read = new Set<SharedJson>();

function shared(snapshot: TopologySnapshot, scope: VisibilityScope): { json: SharedJson; reader: symbol; release: () => void } {
  const value = () => filterSnapshot(snapshot, scope);
  // Without a resourceVersion there is nothing to tell two states apart by: no sharing.
  if (!snapshot.resourceVersion) {
    const json = new SharedJson(value);
    const reader = json.open();
    return { json, reader, release: () => json.close(reader) };
  }
  const key = JSON.stringify([snapshot.cluster, scope.nodes, scope.namespaces]);
  const version = snapshotVersion(snapshot);
  let entry = latest.get(key);
  // A serialization whose first pieces are gone serves the readers it has; a new one starts.
  if (entry?.version !== version || !entry.json.fresh) {
    entry = { version, json: new SharedJson(value) };
    latest.set(key, entry);
  }
  const { json } = entry;
  const kept = entry;
  const reader = json.open();
  let released = false;
  return {
    json,
    reader,
    release: () => {
      if (released) return;
      released = true;
      json.close(reader);
      if (json.readers === 0 && latest.get(key) === kept) latest.delete(key);
    },
  };
}

/** The snapshot cut to `scope`, as a JSON response written from the shared pieces. */
export function sharedSnapshotResponse(snapshot: TopologySnapshot, scope: VisibilityScope): Response {
  const { json, reader, release } = shared(snapshot, scope);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = json.next(reader);
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

/** Bytes of pieces held now, for tests. */
export function sharedSnapshotHeldBytes(): number {
  let bytes = 0;
  for (const json of read) bytes += json.heldBytes;
  return bytes;
}

/** Serializations held now, for tests. */
export function sharedSnapshotJsonCount(): number {
  return latest.size;
}
