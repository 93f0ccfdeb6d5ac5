// A large value's JSON, gzipped, made without holding the event loop: the JSON is written in
// pieces (lib/domain/json-chunks.ts) into a gzip stream, which compresses in zlib's thread pool,
// and the thread is given back whenever a slice of work has taken SLICE_MS. Made in one go, a
// 150,000-pod snapshot's encoding held the thread for most of a second, and a page load that came
// meanwhile waited for it (1.8–5.2 s for its snapshot, the first load after the sync). It also
// never exists as one string: only the gzipped bytes are kept.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { jsonChunks } from '@/lib/domain/json-chunks';

/** The longest the thread is held between two turns of the event loop, about. */
export const SLICE_MS = 8;

/** Resolves after the event loop has had a turn (I/O included), not just the microtasks. */
export const giveTheThreadBack = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a generator's steps, giving the thread back every SLICE_MS; its return value. */
export async function runInSlices<T>(steps: Generator<unknown, T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await giveTheThreadBack();
      sliceStart = performance.now();
    }
  }
}

async function* jsonPieces(value: unknown, counted: { bytes: number }): AsyncGenerator<Buffer> {
  let sliceStart = performance.now();
  for (const piece of jsonChunks(value)) {
    const bytes = Buffer.from(piece);
    counted.bytes += bytes.length;
    yield bytes;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await giveTheThreadBack();
      sliceStart = performance.now();
    }
  }
}

/** JSON.stringify(value), gzipped (zlib's defaults, as zlib.gzip), and the JSON's length in bytes. */
export async function jsonGzipInSlices(value: unknown): Promise<{ gzipped: Buffer; jsonBytes: number }> {
  const counted = { bytes: 0 };
  const out: Buffer[] = [];
  await pipeline(Readable.from(jsonPieces(value, counted)), zlib.createGzip(), async (gzipped: AsyncIterable<Buffer>) => {
    for await (const chunk of gzipped) out.push(chunk);
  });
  return { gzipped: Buffer.concat(out), jsonBytes: counted.bytes };
}
