// Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), as kubectl's typed
// client sends them for `create namespace|deployment|job|configmap|secret|service…`, `run`, the
// RBAC `create` commands, access reviews and DeleteOptions. Each body becomes the JSON object a
// JSON client would have sent, so the same admission path judges it.
//
// Wire format: the magic `k8s\0`, then a runtime.Unknown {1: TypeMeta {1 apiVersion, 2 kind},
// 2: raw (the object's own message), 3: contentEncoding, 4: contentType}. The message layouts
// are the generated table in protobuf-schema.ts; one generic decoder below reads any of them.
//
// JSON follows Go's encoding/json over the Go types, because that is what a JSON client sends:
// a non-pointer scalar is always on the wire (zero included) and left out of JSON when tagged
// omitempty; a pointer is on the wire only when set; a struct is always in JSON (omitempty never
// drops structs), an absent slice or map is `null` unless omitempty.
import { ApiError, badRequest } from '../errors';
import { PROTO_KINDS, PROTO_MESSAGES, type ProtoFieldRow } from './protobuf-schema';

const MAGIC = 'k8s\0';

interface WireField {
  number: number;
  wire: number;
  varint: bigint;
  bytes: Buffer;
}

/** A malformed message, worded as the apiserver's generated (gogo-protobuf) decoders word it. */
class ProtoError extends Error {}
const truncated = () => new ProtoError('unexpected EOF');

/** A cursor over one message's bytes. */
class Reader {
  private i = 0;
  constructor(private readonly buf: Buffer) {}
  get done() {
    return this.i >= this.buf.length;
  }
  /** A varint as a number: tags and lengths (a length above 2^63 wraps negative, as in Go). */
  int(): number {
    let n = 0;
    // Up to seven bytes (49 bits) a double holds exactly, which is every real tag and length.
    for (let k = 0; k < 7; k++) {
      if (this.done) throw truncated();
      const b = this.buf[this.i++];
      n += (b & 0x7f) * 2 ** (7 * k);
      if (b < 0x80) return n;
    }
    return Number(BigInt.asIntN(64, this.rest(BigInt(n))));
  }
  /** A varint value, all 64 bits of it (negative int32/int64 take ten bytes). */
  varint(): bigint {
    let n = 0;
    for (let k = 0; k < 7; k++) {
      if (this.done) throw truncated();
      const b = this.buf[this.i++];
      n += (b & 0x7f) * 2 ** (7 * k);
      if (b < 0x80) return BigInt(n);
    }
    return this.rest(BigInt(n));
  }
  private rest(low: bigint): bigint {
    let n = low;
    for (let shift = 49n; ; shift += 7n) {
      if (this.done) throw truncated();
      if (shift > 63n) throw new ProtoError('proto: integer overflow');
      const b = this.buf[this.i++];
      n |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return n;
    }
  }
  take(len: number): Buffer {
    if (len < 0) throw new ProtoError('proto: negative length found during unmarshaling');
    if (this.i + len > this.buf.length) throw truncated();
    const bytes = this.buf.subarray(this.i, this.i + len);
    this.i += len;
    return bytes;
  }
}

/** Splits one message into its fields, in wire order. */
function scan(buf: Buffer, message = 'Unknown'): WireField[] {
  const out: WireField[] = [];
  const r = new Reader(buf);
  while (!r.done) {
    const tag = r.int();
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (number <= 0) throw new ProtoError(`proto: ${message}: illegal tag ${number} (wire type ${wire})`);
    if (wire === 0) out.push({ number, wire, varint: r.varint(), bytes: EMPTY });
    else if (wire === 2) out.push({ number, wire, varint: 0n, bytes: r.take(r.int()) });
    else if (wire === 1) out.push({ number, wire, varint: 0n, bytes: r.take(8) });
    else if (wire === 5) out.push({ number, wire, varint: 0n, bytes: r.take(4) });
    // Groups (3, 4) are proto1 relics no Kubernetes type uses; 6 and 7 are not protobuf at all.
    else if (wire === 4) throw new ProtoError(`proto: ${message}: wiretype end group for non-group`);
    else throw new ProtoError(`proto: illegal wireType ${wire}`);
  }
  return out;
}

const EMPTY = Buffer.alloc(0);

const WIRE_OF: Record<string, number> = { string: 2, bytes: 2, int32: 0, int64: 0, bool: 0, double: 1, float: 5 };

/** The wire type a field of this type arrives with (messages and maps are length-delimited). */
const wireOf = (type: string) => WIRE_OF[type] ?? 2;

function scalar(type: string, f: WireField): unknown {
  switch (type) {
    case 'string':
      return f.bytes.toString('utf8');
    case 'bytes':
      return f.bytes.toString('base64');
    case 'bool':
      return f.varint !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, f.varint));
    case 'int64':
      // Go's int64 becomes a JSON number; above 2^53 it loses precision here, as in JavaScript JSON.
      return Number(BigInt.asIntN(64, f.varint));
    case 'double':
      return f.bytes.readDoubleLE(0);
    case 'float':
      return f.bytes.readFloatLE(0);
    default:
      throw new Error(`unknown scalar ${type}`);
  }
}

const ZERO: Record<string, unknown> = { string: '', bool: false, int32: 0, int64: 0, double: 0, float: 0 };
const isZero = (v: unknown) => v === '' || v === 0 || v === false;

const indexes = new Map<string, Map<number, ProtoFieldRow>>();
function rowsByNumber(type: string, rows: readonly ProtoFieldRow[]) {
  let index = indexes.get(type);
  if (!index) {
    index = new Map(rows.map((r) => [r[0], r]));
    indexes.set(type, index);
  }
  return index;
}

/** Decodes one message of a described type into its JSON form. */
export function decodeMessage(type: string, buf: Buffer): unknown {
  const spec = PROTO_MESSAGES[type];
  if (spec === undefined) throw new Error(`no protobuf descriptor for ${type}`);
  if (typeof spec === 'string') return special(spec, buf);
  const index = rowsByNumber(type, spec);
  const seen = new Map<number, WireField[]>();
  for (const f of scan(buf, type.slice(type.lastIndexOf('.') + 1))) {
    const row = index.get(f.number);
    // Unknown fields are skipped, as the apiserver's generated decoders do (newer clients).
    if (!row) continue;
    const [, json, fieldType, flags] = row;
    const packed = flags.includes('r') && f.wire === 2 && wireOf(fieldType) === 0;
    if (f.wire !== wireOf(fieldType) && !packed) {
      throw new ProtoError(`proto: wrong wireType = ${f.wire} for field ${goName(json, fieldType)}`);
    }
    const list = seen.get(f.number) ?? [];
    if (packed) list.push(...unpack(f));
    else list.push(f);
    seen.set(f.number, list);
  }
  const out: Record<string, unknown> = {};
  for (const [number, json, fieldType, flags] of spec) {
    const present = seen.get(number);
    const omitempty = flags.includes('o');
    const message = !(fieldType in WIRE_OF);
    const pointer = flags.includes('p');
    let value: unknown;
    if (flags.includes('m')) {
      if (!present) value = undefined;
      else value = Object.fromEntries(present.map((e) => mapEntry(fieldType, e.bytes)));
    } else if (flags.includes('r')) {
      value = present?.map((f) => (message ? decodeMessage(fieldType, f.bytes) : scalar(fieldType, f)));
    } else if (message) {
      // Repeated occurrences of one message field merge, which is what decoding their concatenation does.
      if (present) value = decodeMessage(fieldType, Buffer.concat(present.map((f) => f.bytes)));
      else if (!pointer) value = decodeMessage(fieldType, EMPTY);
    } else if (present) {
      value = scalar(fieldType, present[present.length - 1]);
    } else if (!pointer && fieldType !== 'bytes') {
      value = ZERO[fieldType];
    }
    if (flags.includes('i')) {
      Object.assign(out, value);
      continue;
    }
    const empty = value === undefined || (!message && !pointer && isZero(value)) || (Array.isArray(value) && value.length === 0) || (isPlainMap(flags, value) && Object.keys(value as object).length === 0);
    if (omitempty && empty) continue;
    // A struct is never omitted; nil pointers, slices and maps are null without omitempty.
    out[json] = value === undefined ? null : value;
  }
  return out;
}

const isPlainMap = (flags: string, v: unknown) => flags.includes('m') && v !== null && typeof v === 'object';

/** Packed repeated varints (one length-delimited run), which protobuf decoders accept for repeated integers. */
function unpack(f: WireField): WireField[] {
  const out: WireField[] = [];
  const r = new Reader(f.bytes);
  while (!r.done) out.push({ number: f.number, wire: 0, varint: r.varint(), bytes: EMPTY });
  return out;
}

/** map<string, V> entries are messages {1 key, 2 value}. */
function mapEntry(valueType: string, buf: Buffer): [string, unknown] {
  let key = '';
  let value: WireField | undefined;
  for (const f of scan(buf)) {
    if (f.number === 1 && f.wire === 2) key = f.bytes.toString('utf8');
    else if (f.number === 2 && f.wire === wireOf(valueType)) value = f;
  }
  if (!(valueType in WIRE_OF)) return [key, decodeMessage(valueType, value?.bytes ?? EMPTY)];
  return [key, value ? scalar(valueType, value) : valueType === 'bytes' ? '' : ZERO[valueType]];
}

/** Field `n` of a small message, last occurrence wins. */
function field(buf: Buffer, n: number): WireField | undefined {
  let last: WireField | undefined;
  for (const f of scan(buf)) if (f.number === n) last = f;
  return last;
}

/** Types whose JSON is not their fields: the Go types with their own MarshalJSON. */
function special(kind: string, buf: Buffer): unknown {
  switch (kind) {
    case 'time':
    case 'microTime': {
      // An empty message is the zero time, which marshals as null.
      if (buf.length === 0) return null;
      const seconds = Number(BigInt.asIntN(64, field(buf, 1)?.varint ?? 0n));
      const nanos = Number(BigInt.asIntN(32, field(buf, 2)?.varint ?? 0n));
      const date = new Date(seconds * 1000);
      // Go refuses to marshal a year outside 0-9999 as RFC 3339.
      if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 0) throw new ProtoError(`Time.MarshalJSON: year outside of range [0,9999]`);
      const base = date.toISOString().slice(0, 19);
      // metav1.Time keeps whole seconds; MicroTime keeps microseconds, always six digits.
      return kind === 'time' ? `${base}Z` : `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
    }
    case 'duration':
      return goDuration(BigInt.asIntN(64, field(buf, 1)?.varint ?? 0n));
    case 'quantity': {
      const s = field(buf, 1)?.bytes.toString('utf8');
      return s ? s : '0';
    }
    case 'intOrString': {
      const type = field(buf, 1)?.varint ?? 0n;
      if (type === 1n) return field(buf, 3)?.bytes.toString('utf8') ?? '';
      return Number(BigInt.asIntN(32, field(buf, 2)?.varint ?? 0n));
    }
    case 'rawJson': {
      const raw = field(buf, 1)?.bytes;
      if (!raw) return null;
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch {
        throw new ProtoError('an embedded raw object is not JSON');
      }
    }
    default:
      throw new Error(`unknown special protobuf type ${kind}`);
  }
}

/** Go's time.Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
export function goDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const n = nanos < 0n ? -nanos : nanos;
  const frac = (value: bigint, unit: bigint) => {
    const whole = value / unit;
    const rest = value % unit;
    if (rest === 0n) return `${whole}`;
    return `${whole}.${rest.toString().padStart(unit.toString().length - 1, '0').replace(/0+$/, '')}`;
  };
  if (n < 1000n) return `${sign}${n}ns`;
  if (n < 1_000_000n) return `${sign}${frac(n, 1000n)}µs`;
  if (n < 1_000_000_000n) return `${sign}${frac(n, 1_000_000n)}ms`;
  const hours = n / 3_600_000_000_000n;
  const minutes = (n / 60_000_000_000n) % 60n;
  const seconds = frac(n % 60_000_000_000n, 1_000_000_000n);
  return `${sign}${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
}

/** Whether a body starts with the Kubernetes protobuf magic number. */
export const isProtobuf = (body: Buffer) => body.length >= MAGIC.length && body.subarray(0, MAGIC.length).toString('latin1') === MAGIC;

/** Unwraps the `k8s\0` + runtime.Unknown envelope (ProtoError when it is not one). */
export function unwrap(body: Buffer): Envelope {
  if (body.length === 0) throw new ProtoError('empty data');
  if (!isProtobuf(body)) throw new ProtoError(`provided data does not appear to be a protobuf message, expected prefix [${[...Buffer.from(MAGIC, 'latin1')].join(' ')}]`);
  const unknown = body.subarray(MAGIC.length);
  const typeMeta = field(unknown, 1)?.bytes ?? EMPTY;
  const encoding = field(unknown, 3)?.bytes.toString('utf8');
  if (encoding) throw new ApiError(415, 'UnsupportedMediaType', `unsupported protobuf content encoding ${JSON.stringify(encoding)}`);
  return {
    apiVersion: field(typeMeta, 1)?.bytes.toString('utf8') ?? '',
    kind: field(typeMeta, 2)?.bytes.toString('utf8') ?? '',
    raw: field(unknown, 2)?.bytes ?? EMPTY,
  };
}

/**
 * The descriptor of a kind: `apps/v1` Deployment → `apps.v1.Deployment`, `v1` Pod → `core.v1.Pod`,
 * `rbac.authorization.k8s.io/v1` Role → `rbac.v1.Role`. DeleteOptions travels under every group's
 * version but is always meta/v1's message.
 */
export function messageFor(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'meta.v1.DeleteOptions';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const name = `${group ? group.split('.')[0] : 'core'}.${version}.${kind}`;
  return PROTO_KINDS.has(name) ? name : undefined;
}

/**
 * The object in a protobuf body as JSON (apiVersion and kind from the envelope), or undefined for
 * kinds the sandbox has no descriptor for. `expectedKind` is the endpoint's kind: the sandbox
 * decodes what the envelope names and leaves a mismatch to admission, as for JSON bodies.
 * Malformed bodies are 400s in the apiserver's words: before the envelope names a kind, "the
 * object provided is unrecognized" with the first bytes in hex; after, "cannot be handled as".
 */
export function decodeProtobufObject(body: Buffer, expectedKind = 'Unknown'): Record<string, unknown> | undefined {
  let envelope: Envelope;
  try {
    envelope = unwrap(body);
  } catch (err) {
    if (err instanceof ProtoError) throw badRequest(`the object provided is unrecognized (must be of type ${expectedKind}): ${err.message} (${summarize(body)})`);
    throw err;
  }
  const { apiVersion, kind, raw } = envelope;
  const type = messageFor(apiVersion, kind || expectedKind);
  if (!type) return undefined;
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  // The apiserver reads the kind the envelope names, then fails to convert it to the endpoint's.
  if (kind && expectedKind !== 'Unknown' && kind !== expectedKind) {
    throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expectedKind}: converting (${version}.${kind}) to (${internalPackage(type, expectedKind)}.${expectedKind}): unknown conversion`);
  }
  try {
    return { kind: kind || expectedKind, apiVersion, ...(decodeMessage(type, raw) as Record<string, unknown>) };
  } catch (err) {
    if (err instanceof ProtoError) throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expectedKind}: ${err.message}`);
    throw err;
  }
}

/** The Go package of a kind's internal type (`core`, `apps`…), preferring the envelope's group. */
function internalPackage(envelopeType: string, kind: string): string {
  const own = envelopeType.split('.')[0];
  const kinds = [...PROTO_KINDS];
  return kinds.some((k) => k.startsWith(`${own}.`) && k.endsWith(`.${kind}`)) ? own : (kinds.find((k) => k.endsWith(`.${kind}`))?.split('.')[0] ?? own);
}

/** The apiserver's summary of a body it could not read: JSON as text, anything else as hex, 30 bytes at most. */
function summarize(body: Buffer): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, 30);
  const text = body[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return body.length > 30 ? `${text} ...` : text;
}

/** The Go field name the generated decoder names in its errors (json name, capitalised; an embedded struct's type). */
const goName = (json: string, type: string) => (json ? json[0].toUpperCase() + json.slice(1) : type.slice(type.lastIndexOf('.') + 1));
