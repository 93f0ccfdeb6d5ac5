// The Swagger 2.0 document in protobuf, gnostic's `openapi.v2.Document` message: what client-go
// asks /openapi/v2 for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, nothing
// else), so kubectl's v2 uses (explain --output plaintext-openapiv2, apply's patch and validation
// fallbacks) read the same definitions as the JSON form. Field numbers are those of gnostic's
// openapiv2/OpenAPIv2.proto. Schema keywords with no field there (oneOf, anyOf, nullable) are
// left out, as kube-apiserver leaves them out of v2.
import yaml from 'js-yaml';

type Json = Record<string, unknown>;

/** A protobuf message under construction: fields appended in order. */
class Message {
  private chunks: Buffer[] = [];
  /** Tags and varints gathered until the next payload: one Buffer for many small writes. */
  private pending: number[] = [];

  private varint(v: number) {
    if (v >= 0 && v < 0x80) {
      this.pending.push(v);
      return;
    }
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.pending.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.pending.push(Number(n));
  }

  private flush() {
    if (this.pending.length) this.chunks.push(Buffer.from(this.pending));
    this.pending = [];
  }

  private tag(n: number, wire: number) {
    this.varint((n << 3) | wire);
  }

  bytes(n: number, b: Buffer) {
    this.tag(n, 2);
    this.varint(b.length);
    this.flush();
    this.chunks.push(b);
    return this;
  }

  string(n: number, s: unknown) {
    return typeof s === 'string' && s !== '' ? this.bytes(n, Buffer.from(s, 'utf8')) : this;
  }

  strings(n: number, list: unknown) {
    if (Array.isArray(list)) for (const s of list) this.bytes(n, Buffer.from(String(s), 'utf8'));
    return this;
  }

  bool(n: number, v: unknown) {
    if (v === true) {
      this.tag(n, 0);
      this.varint(1);
    }
    return this;
  }

  int(n: number, v: unknown) {
    if (typeof v === 'number' && v !== 0) {
      this.tag(n, 0);
      this.varint(Math.trunc(v));
    }
    return this;
  }

  double(n: number, v: unknown) {
    if (typeof v !== 'number') return this;
    this.tag(n, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.flush();
    this.chunks.push(b);
    return this;
  }

  message(n: number, m: Message | undefined) {
    return m ? this.bytes(n, m.encode()) : this;
  }

  encode(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}

/** gnostic's Any: a value as YAML text. */
const anyOf = (value: unknown) => new Message().string(2, yaml.dump(value, { lineWidth: -1 }));

function extensions(m: Message, n: number, obj: Json) {
  for (const [k, v] of Object.entries(obj)) if (k.startsWith('x-')) m.message(n, new Message().string(1, k).message(2, anyOf(v)));
}

/** gnostic's Schema message, keyword by keyword in field-number order. */
function schema(s: Json): Message {
  const m = new Message()
    .string(1, s.$ref)
    .string(2, s.format)
    .string(3, s.title)
    .string(4, s.description);
  if (s.default !== undefined) m.message(5, anyOf(s.default));
  m.double(6, s.multipleOf).double(7, s.maximum).bool(8, s.exclusiveMaximum).double(9, s.minimum).bool(10, s.exclusiveMinimum);
  m.int(11, s.maxLength).int(12, s.minLength).string(13, s.pattern).int(14, s.maxItems).int(15, s.minItems).bool(16, s.uniqueItems);
  m.int(17, s.maxProperties).int(18, s.minProperties).strings(19, s.required);
  if (Array.isArray(s.enum)) for (const v of s.enum) m.message(20, anyOf(v));
  if (typeof s.additionalProperties === 'boolean') m.message(21, new Message().bool(2, s.additionalProperties));
  else if (s.additionalProperties && typeof s.additionalProperties === 'object') m.message(21, new Message().message(1, schema(s.additionalProperties as Json)));
  if (s.type !== undefined) m.message(22, new Message().strings(1, [s.type].flat()));
  if (s.items && typeof s.items === 'object') {
    const items = new Message();
    for (const i of [s.items].flat() as Json[]) items.message(1, schema(i));
    m.message(23, items);
  }
  if (Array.isArray(s.allOf)) for (const a of s.allOf as Json[]) m.message(24, schema(a));
  if (s.properties && typeof s.properties === 'object') m.message(25, named(s.properties as Record<string, Json>));
  m.bool(27, s.readOnly);
  if (s.example !== undefined) m.message(30, anyOf(s.example));
  extensions(m, 31, s);
  return m;
}

/** Properties and Definitions: repeated NamedSchema { name = 1; value = 2 }. */
function named(map: Record<string, Json>): Message {
  const m = new Message();
  for (const [name, s] of Object.entries(map)) m.message(1, new Message().string(1, name).message(2, schema(s)));
  return m;
}

/** A PATCH operation with query parameters (the only operations the sandbox's documents list). */
function operation(op: Json): Message {
  const m = new Message();
  for (const p of (op.parameters as Json[] | undefined) ?? []) {
    const query = new Message().string(2, p.in).string(4, p.name).string(6, p.type).bool(20, p.uniqueItems);
    m.message(8, new Message().message(1, new Message().message(2, new Message().message(3, query))));
  }
  const responses = new Message();
  for (const [code, r] of Object.entries((op.responses as Record<string, Json> | undefined) ?? {})) {
    responses.message(1, new Message().string(1, code).message(2, new Message().message(1, new Message().string(1, r.description))));
  }
  m.message(9, responses);
  extensions(m, 13, op);
  return m;
}

export function encodeOpenApiV2(doc: Json): Buffer {
  const info = (doc.info ?? {}) as Json;
  const paths = new Message();
  for (const [p, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    const pathItem = new Message();
    if (item.patch) pathItem.message(8, operation(item.patch as Json));
    paths.message(2, new Message().string(1, p).message(2, pathItem));
  }
  return new Message()
    .string(1, doc.swagger)
    .message(2, new Message().string(1, info.title).string(2, info.version))
    .message(8, paths)
    .message(9, named((doc.definitions ?? {}) as Record<string, Json>))
    .encode();
}
