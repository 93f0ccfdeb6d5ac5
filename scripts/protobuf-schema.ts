// Writes lib/sandbox/kube-api/protobuf-schema.ts: the message descriptors the sandbox's protobuf
// decoder reads request bodies with, for every message reachable from the kinds in ROOTS.
//
// The wire facts (message names, field numbers, scalar/message/map/repeated) come from the
// `generated.proto` files; the JSON facts the .proto does not carry (the json name, omitempty,
// `,inline` embedding, pointer or value) come from the Go struct tags in the same packages'
// types, matched by protobuf field number.
//
// Regenerate (the sandbox reports 1.32, so the sources are the matching release):
//   git clone -q --depth 1 --branch v0.32.4 https://github.com/kubernetes/api /tmp/k8s-api
//   git clone -q --depth 1 --branch v0.32.4 https://github.com/kubernetes/apimachinery /tmp/k8s-apimachinery
//   npx tsx scripts/protobuf-schema.ts /tmp/k8s-api /tmp/k8s-apimachinery > lib/sandbox/kube-api/protobuf-schema.ts
import fs from 'node:fs';
import path from 'node:path';

const [apiDir, machineryDir] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error('usage: tsx scripts/protobuf-schema.ts <k8s.io/api checkout> <k8s.io/apimachinery checkout>');
  process.exit(2);
}
const VERSION = 'v0.32.4';

/** The kinds a client may write with a protobuf body, as `<proto package>.<message>`. */
const ROOTS = [
  ...['Namespace', 'Node', 'Pod', 'Event', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'ResourceQuota', 'LimitRange', 'PersistentVolumeClaim'].map((k) => `core.v1.${k}`),
  ...['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].map((k) => `apps.v1.${k}`),
  'batch.v1.Job', 'batch.v1.CronJob', 'batch.v1beta1.CronJob',
  'policy.v1.PodDisruptionBudget', 'policy.v1.Eviction',
  ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((k) => `rbac.v1.${k}`),
  'authorization.v1.SelfSubjectAccessReview', 'authorization.v1.SelfSubjectRulesReview', 'authentication.v1.TokenRequest',
  'coordination.v1.Lease', 'events.v1.Event', 'autoscaling.v1.Scale', 'autoscaling.v1.HorizontalPodAutoscaler', 'autoscaling.v2.HorizontalPodAutoscaler', 'networking.v1.Ingress', 'scheduling.v1.PriorityClass',
  'meta.v1.DeleteOptions',
];

/** Messages whose JSON form is not their fields (custom MarshalJSON in Go). */
const SPECIAL: Record<string, string> = {
  'meta.v1.Time': 'time',
  'meta.v1.MicroTime': 'microTime',
  'meta.v1.Duration': 'duration',
  'meta.v1.FieldsV1': 'rawJson',
  'runtime.RawExtension': 'rawJson',
  'resource.Quantity': 'quantity',
  'intstr.IntOrString': 'intOrString',
};

const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float']);

/** `k8s.io.api.core.v1` → `core.v1`, `k8s.io.apimachinery.pkg.apis.meta.v1` → `meta.v1`. */
const shortPackage = (pkg: string) => pkg.replace(/^k8s\.io\.api\./, '').replace(/^k8s\.io\.apimachinery\.pkg\.(apis|api|util)?\.?/, '');
const sourceDir = (pkg: string) =>
  pkg.startsWith('k8s.io.api.') ? path.join(apiDir, ...pkg.slice('k8s.io.api.'.length).split('.')) : path.join(machineryDir, ...pkg.slice('k8s.io.apimachinery.'.length).split('.'));

interface ProtoField { number: number; name: string; type: string; repeated: boolean; mapValue?: string }
interface GoField { json: string; omitempty: boolean; inline: boolean; pointer: boolean }

const protoCache = new Map<string, Map<string, ProtoField[]>>();
function protoMessages(pkg: string): Map<string, ProtoField[]> {
  const cached = protoCache.get(pkg);
  if (cached) return cached;
  const text = fs.readFileSync(path.join(sourceDir(pkg), 'generated.proto'), 'utf8');
  const out = new Map<string, ProtoField[]>();
  const qualify = (t: string) => (SCALARS.has(t) ? t : t.startsWith('.') ? t.slice(1) : `${pkg}.${t}`);
  for (const m of text.matchAll(/^message (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields: ProtoField[] = [];
    for (const line of m[2].split('\n')) {
      const plain = /^\s*(optional|repeated) ([\w.]+) (\w+) = (\d+);/.exec(line);
      const map = /^\s*map<string, ([\w.]+)> (\w+) = (\d+);/.exec(line);
      if (plain) fields.push({ number: Number(plain[4]), name: plain[3], type: qualify(plain[2]), repeated: plain[1] === 'repeated' });
      else if (map) fields.push({ number: Number(map[3]), name: map[2], type: 'map', repeated: false, mapValue: qualify(map[1]) });
      else if (/^\s*(optional|repeated|map<)/.test(line)) throw new Error(`unparsed field in ${pkg}.${m[1]}: ${line}`);
    }
    out.set(m[1], fields);
  }
  protoCache.set(pkg, out);
  return out;
}

const goCache = new Map<string, Map<string, Map<number, GoField & { order: number }>>>();
/** Go structs of a package: protobuf field number → JSON facts, in declaration order. */
function goStructs(pkg: string) {
  const cached = goCache.get(pkg);
  if (cached) return cached;
  const dir = sourceDir(pkg);
  const out = new Map<string, Map<number, GoField & { order: number }>>();
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.go') || file.endsWith('_test.go') || file.startsWith('zz_') || file.startsWith('generated.')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const s of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields = new Map<number, GoField & { order: number }>();
      for (const line of s[2].split('\n')) {
        const tick = line.indexOf('`');
        if (tick < 0 || line.trim().startsWith('//')) continue;
        const tags = line.slice(tick);
        const proto = /protobuf:"[a-z0-9]+,(\d+),/.exec(tags);
        if (!proto) continue;
        const decl = line.slice(0, tick).trim().split(/\s+/);
        const goType = decl.length === 1 ? decl[0] : decl[1];
        const json = (/json:"([^"]*)"/.exec(tags)?.[1] ?? '').split(',');
        fields.set(Number(proto[1]), {
          json: json[0],
          omitempty: json.includes('omitempty'),
          inline: json[0] === '' && json.includes('inline'),
          pointer: goType.startsWith('*'),
          order: fields.size,
        });
      }
      out.set(s[1], fields);
    }
  }
  goCache.set(pkg, out);
  return out;
}

/** One field: [number, json name, type, flags]; flags: o omitempty, p pointer, r repeated, m map, i inline. */
type Row = [number, string, string, string];
const table = new Map<string, Row[] | string>();

function visit(qualified: string) {
  const pkg = qualified.slice(0, qualified.lastIndexOf('.'));
  const name = qualified.slice(qualified.lastIndexOf('.') + 1);
  const key = `${shortPackage(pkg)}.${name}`;
  if (table.has(key)) return;
  if (SPECIAL[key]) {
    table.set(key, SPECIAL[key]);
    return;
  }
  const proto = protoMessages(pkg).get(name);
  if (!proto) throw new Error(`no message ${qualified}`);
  const go = goStructs(pkg).get(name);
  if (!go) throw new Error(`no Go struct for ${qualified}`);
  const rows: (Row & { order?: number })[] = [];
  table.set(key, rows);
  const typeName = (t: string) => (SCALARS.has(t) ? t : `${shortPackage(t.slice(0, t.lastIndexOf('.')))}.${t.slice(t.lastIndexOf('.') + 1)}`);
  const order = new Map<Row, number>();
  for (const f of proto) {
    const g = go.get(f.number);
    if (!g) throw new Error(`${qualified} field ${f.number} (${f.name}) has no Go field`);
    const flags = `${g.omitempty ? 'o' : ''}${g.pointer ? 'p' : ''}${f.repeated ? 'r' : ''}${f.mapValue ? 'm' : ''}${g.inline ? 'i' : ''}`;
    const type = f.mapValue ?? f.type;
    const row: Row = [f.number, g.json, typeName(type), flags];
    order.set(row, g.order);
    rows.push(row);
    if (!SCALARS.has(type)) visit(type);
  }
  // Go's JSON writes fields in declaration order; keep it so decoded objects read the same.
  rows.sort((a, b) => order.get(a)! - order.get(b)!);
}

const FULL: Record<string, string> = { core: 'k8s.io.api.core', meta: 'k8s.io.apimachinery.pkg.apis.meta' };
// The roots are also the kinds a body's envelope may name; nested messages (PodTemplateSpec…) are not.
for (const root of ROOTS) {
  const [group] = root.split('.');
  visit(`${FULL[group] ?? `k8s.io.api.${group}`}${root.slice(group.length)}`);
}

const lines = [...table.keys()].sort().map((k) => {
  const v = table.get(k)!;
  if (typeof v === 'string') return `  '${k}': '${v}',`;
  return `  '${k}': [${v.map((r) => `[${r[0]}, '${r[1]}', '${r[2]}', '${r[3]}']`).join(', ')}],`;
});
process.stdout.write(`// GENERATED by scripts/protobuf-schema.ts from k8s.io/api and k8s.io/apimachinery ${VERSION}; do not edit.
// Regenerate with the commands at the top of that script.
//
// Every protobuf message reachable from the kinds a client may write with a protobuf body. A
// message is either a list of fields [number, json name, type, flags] in Go declaration order
// (flags: o omitempty, p pointer, r repeated, m map<string, type>, i inlined into the parent's
// JSON) or the name of a type with its own JSON form (time, quantity, intOrString…).
export type ProtoFieldRow = readonly [number, string, string, string];
export const PROTO_SCHEMA_VERSION = '${VERSION}';
export const PROTO_KINDS: ReadonlySet<string> = new Set([
${ROOTS.map((r) => `  '${r}',`).join('\n')}
]);
export const PROTO_MESSAGES: Readonly<Record<string, readonly ProtoFieldRow[] | string>> = {
${lines.join('\n')}
};
`);
