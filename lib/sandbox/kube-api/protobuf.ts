// The few Kubernetes protobuf bodies kubectl sends without a JSON alternative: `kubectl create
// role|clusterrole|rolebinding|clusterrolebinding` and the access reviews of `kubectl auth can-i`.
// Wire format: the magic `k8s\0`, then a runtime.Unknown whose field 1 is the TypeMeta
// (apiVersion, kind) and field 2 the object's own message. Field numbers follow the generated.proto
// files of k8s.io/api and apimachinery; only what these kinds carry is read.
import { badRequest } from '../errors';

export type Fields = Map<number, Buffer[]>;

/** A message's length-delimited fields by number (varints and fixed-width fields skipped). */
export function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw badRequest('truncated protobuf body');
      const b = buf[i++];
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 2) {
      const len = varint();
      out.set(field, [...(out.get(field) ?? []), buf.subarray(i, i + len)]);
      i += len;
    } else if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else break;
  }
  return out;
}

/** Unwraps the envelope: the TypeMeta and the raw object message. */
export function unwrap(body: Buffer): { apiVersion: string; kind: string; raw: Buffer } {
  if (body.subarray(0, 4).toString('binary') !== 'k8s\0') throw badRequest('invalid protobuf envelope');
  const unknown = fields(body.subarray(4));
  const typeMeta = unknown.get(1)?.[0];
  const t = typeMeta ? fields(typeMeta) : new Map();
  return { apiVersion: str(t.get(1)?.[0]), kind: str(t.get(2)?.[0]), raw: unknown.get(2)?.[0] ?? Buffer.alloc(0) };
}

const str = (b: Buffer | undefined) => (b ? b.toString('utf8') : '');
const strs = (list: Buffer[] | undefined) => (list ?? []).map((b) => b.toString('utf8'));
const one = (f: Fields, n: number) => f.get(n)?.[0];

/** map<string, string> entries: key 1, value 2. */
function stringMap(entries: Buffer[] | undefined): Record<string, string> | undefined {
  if (!entries?.length) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const f = fields(e);
    out[str(one(f, 1))] = str(one(f, 2));
  }
  return out;
}

/** ObjectMeta: name 1, generateName 2, namespace 3, labels 11, annotations 12, finalizers 14. */
function objectMeta(buf: Buffer | undefined) {
  const f = buf ? fields(buf) : new Map();
  const meta: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) meta[k] = v;
  };
  put('name', str(one(f, 1)));
  put('generateName', str(one(f, 2)));
  put('namespace', str(one(f, 3)));
  put('labels', stringMap(f.get(11)));
  put('annotations', stringMap(f.get(12)));
  put('finalizers', strs(f.get(14)));
  return meta;
}

/** PolicyRule: verbs 1, apiGroups 2, resources 3, resourceNames 4, nonResourceURLs 5. */
function policyRule(buf: Buffer) {
  const f = fields(buf);
  const rule: Record<string, string[]> = { verbs: strs(f.get(1)) };
  for (const [n, key] of [[2, 'apiGroups'], [3, 'resources'], [4, 'resourceNames'], [5, 'nonResourceURLs']] as const) {
    if (f.get(n)?.length) rule[key] = strs(f.get(n));
  }
  return rule;
}

/** Subject: kind 1, apiGroup 2, name 3, namespace 4. */
function subject(buf: Buffer) {
  const f = fields(buf);
  const s: Record<string, string> = { kind: str(one(f, 1)), name: str(one(f, 3)) };
  // Empty strings are on the wire but omitted in JSON (omitempty).
  if (str(one(f, 2))) s.apiGroup = str(one(f, 2));
  if (str(one(f, 4))) s.namespace = str(one(f, 4));
  return s;
}

/** RoleRef: apiGroup 1, kind 2, name 3. */
function roleRef(buf: Buffer | undefined) {
  const f = buf ? fields(buf) : new Map();
  return { apiGroup: str(one(f, 1)), kind: str(one(f, 2)), name: str(one(f, 3)) };
}

/** LabelSelector: matchLabels 1, matchExpressions 2 (key 1, operator 2, values 3). */
function labelSelector(buf: Buffer) {
  const f = fields(buf);
  const out: Record<string, unknown> = {};
  const labels = stringMap(f.get(1));
  if (labels) out.matchLabels = labels;
  const exprs = (f.get(2) ?? []).map((e) => {
    const x = fields(e);
    return { key: str(one(x, 1)), operator: str(one(x, 2)), ...(x.get(3)?.length ? { values: strs(x.get(3)) } : {}) };
  });
  if (exprs.length) out.matchExpressions = exprs;
  return out;
}

const DECODERS: Record<string, (f: Fields) => Record<string, unknown>> = {
  Role: (f) => ({ rules: (f.get(2) ?? []).map(policyRule) }),
  ClusterRole: (f) => {
    const agg = one(f, 3);
    return {
      rules: (f.get(2) ?? []).map(policyRule),
      ...(agg ? { aggregationRule: { clusterRoleSelectors: (fields(agg).get(1) ?? []).map(labelSelector) } } : {}),
    };
  },
  RoleBinding: (f) => ({ subjects: (f.get(2) ?? []).map(subject), roleRef: roleRef(one(f, 3)) }),
  ClusterRoleBinding: (f) => ({ subjects: (f.get(2) ?? []).map(subject), roleRef: roleRef(one(f, 3)) }),
};

/** The object in a protobuf body, or undefined for kinds the sandbox cannot read this way. */
export function decodeProtobufObject(body: Buffer, expectedKind: string): Record<string, unknown> | undefined {
  const decode = DECODERS[expectedKind];
  if (!decode) return undefined;
  const { apiVersion, kind, raw } = unwrap(body);
  const f = fields(raw);
  const rest = decode(f);
  // Repeated fields absent on the wire were empty or nil; the JSON form leaves them out.
  for (const k of Object.keys(rest)) if (Array.isArray(rest[k]) && (rest[k] as unknown[]).length === 0) delete rest[k];
  return { apiVersion, kind, metadata: objectMeta(one(f, 1)), ...rest };
}
