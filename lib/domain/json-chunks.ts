// JSON.stringify, in pieces. A 30,000-pod snapshot is 11 MB of JSON: made as one string per answer,
// fifty page loads at once held fifty of them. Written in pieces of about `chunkChars` as the
// reader takes them, an answer holds one piece at a time; long arrays (pods, nodes, events) are cut
// into batches of elements, everything else is stringified whole.
//
// The same text as JSON.stringify for what routes answer: plain objects, arrays and values with
// toJSON (Dates). Properties whose value is undefined, a function or a symbol are left out and
// such array elements become null, as JSON.stringify does.

const BATCH = 256;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function* pieces(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > BATCH) {
    yield '[';
    for (let i = 0; i < value.length; i += BATCH) {
      const batch = value.slice(i, i + BATCH).map((v) => (skipped(v) ? 'null' : JSON.stringify(v)));
      yield (i > 0 ? ',' : '') + batch.join(',');
    }
    yield ']';
  } else if (isPlainObject(value)) {
    yield '{';
    let first = true;
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (skipped(v)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* pieces(v);
    }
    yield '}';
  } else {
    yield JSON.stringify(value) ?? 'null';
  }
}

/** JSON.stringify(value) as strings of about `chunkChars` each (one longer batch at most). */
export function* jsonChunks(value: unknown, chunkChars = 64 * 1024): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value)) {
    buffer += piece;
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
