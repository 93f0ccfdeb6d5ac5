// Writes lib/sandbox/kube-api/openapi-definitions.json.gz: the OpenAPI (Swagger 2.0 form)
// definitions of every built-in kind the sandbox serves and every type they reach, named as
// kube-apiserver names them (`io.k8s.api.apps.v1.DeploymentSpec`). The sandbox serves them at
// /openapi/v2 and, converted, at /openapi/v3/... so `kubectl explain` prints their docs.
//
// The facts come from the `generated.proto` files (messages, fields, wire types and the Go doc
// comments with their `+optional`, `+listType`, `+listMapKey`, `+patchMergeKey`,
// `+patchStrategy`, `+mapType`, `+structType` markers) and from the Go struct tags of the same
// packages (json name, omitempty, `,inline`, embedded TypeMeta), matched by protobuf field number.
//
// Regenerate (the sandbox reports 1.32, so the sources are the matching release):
//   git clone -q --depth 1 --branch v0.32.4 https://github.com/kubernetes/api /tmp/k8s-api
//   git clone -q --depth 1 --branch v0.32.4 https://github.com/kubernetes/apimachinery /tmp/k8s-apimachinery
//   git clone -q --depth 1 --branch v0.32.4 https://github.com/kubernetes/apiextensions-apiserver /tmp/k8s-apiextensions
//   git clone -q --depth 1 --branch v0.32.4 https://github.com/kubernetes/metrics /tmp/k8s-metrics
//   npx tsx scripts/openapi-schema.ts /tmp/k8s-api /tmp/k8s-apimachinery /tmp/k8s-apiextensions /tmp/k8s-metrics \
//     lib/sandbox/kube-api/openapi-definitions.json.gz
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describeDoc, fieldExtensions, isOptional, typeExtensions } from './openapi-comments';

const [apiDir, machineryDir, extensionsDir, metricsDir, outFile] = process.argv.slice(2);
if (!apiDir || !machineryDir || !extensionsDir || !metricsDir || !outFile) {
  console.error('usage: tsx scripts/openapi-schema.ts <k8s.io/api> <k8s.io/apimachinery> <k8s.io/apiextensions-apiserver> <k8s.io/metrics> <out.json.gz>');
  process.exit(2);
}
const VERSION = 'v0.32.4';

/** The built-in kinds the sandbox serves or accepts in a body, as `<proto package>.<message>`. */
const ROOTS = [
  ...['Namespace', 'Node', 'Pod', 'Event', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'ResourceQuota', 'LimitRange', 'PersistentVolumeClaim'].map((k) => `core.v1.${k}`),
  ...['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].map((k) => `apps.v1.${k}`),
  'batch.v1.Job', 'batch.v1.CronJob', 'batch.v1beta1.CronJob',
  'discovery.v1.EndpointSlice', 'discovery.v1beta1.EndpointSlice',
  'policy.v1.PodDisruptionBudget', 'policy.v1.Eviction',
  ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((k) => `rbac.v1.${k}`),
  'authorization.v1.SelfSubjectAccessReview', 'authorization.v1.SelfSubjectRulesReview',
  'authentication.v1.TokenRequest', 'authentication.v1.SelfSubjectReview',
  'coordination.v1.Lease', 'events.v1.Event', 'autoscaling.v1.Scale', 'networking.v1.Ingress', 'scheduling.v1.PriorityClass',
  'meta.v1.DeleteOptions', 'meta.v1.Status',
  'apiextensions.v1.CustomResourceDefinition',
  'metrics.v1beta1.NodeMetrics', 'metrics.v1beta1.PodMetrics',
];

/** Types whose JSON form is not their fields (custom MarshalJSON in Go), as kube-openapi declares them. */
const SPECIAL: Record<string, Record<string, unknown>> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'k8s.io.apimachinery.pkg.apis.meta.v1.Duration': { type: 'string' },
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'k8s.io.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  'k8s.io.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
  // Any JSON value, or one of two forms: no type, as kube-openapi declares them.
  'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON': {},
  'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {},
  'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {},
  'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};

const SCALARS: Record<string, Record<string, string>> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  double: { type: 'number', format: 'double' },
  float: { type: 'number', format: 'float' },
  bytes: { type: 'string', format: 'byte' },
};

/** Where each proto package prefix's sources are. */
const SOURCES: [string, string][] = [
  ['k8s.io.api.', apiDir],
  ['k8s.io.apimachinery.', machineryDir],
  ['k8s.io.apiextensions_apiserver.', extensionsDir],
  ['k8s.io.metrics.', metricsDir],
];
function sourceDir(pkg: string): string {
  const source = SOURCES.find(([prefix]) => pkg.startsWith(prefix));
  if (!source) throw new Error(`no sources for ${pkg}`);
  return path.join(source[1], ...pkg.slice(source[0].length).split('.'));
}
/** `k8s.io.api.apps.v1.DeploymentSpec` → `io.k8s.api.apps.v1.DeploymentSpec` (Go's module path, `apiextensions-apiserver`). */
const definitionName = (qualified: string) => qualified.replace(/^k8s\.io\./, 'io.k8s.').replace('apiextensions_apiserver', 'apiextensions-apiserver');

interface ProtoField { number: number; name: string; type: string; repeated: boolean; map: boolean; comment: string[] }
interface ProtoMessage { comment: string[]; fields: ProtoField[] }

/** The comment lines just above line `i`, without their `//`. */
function commentAbove(lines: string[], i: number): string[] {
  const out: string[] = [];
  for (let j = i - 1; j >= 0 && /^\s*\/\//.test(lines[j]); j--) out.unshift(lines[j].replace(/^\s*\/\/ ?/, ''));
  return out;
}

const protoCache = new Map<string, Map<string, ProtoMessage>>();
function protoMessages(pkg: string): Map<string, ProtoMessage> {
  const cached = protoCache.get(pkg);
  if (cached) return cached;
  const lines = fs.readFileSync(path.join(sourceDir(pkg), 'generated.proto'), 'utf8').split('\n');
  const qualify = (t: string) => (SCALARS[t] ? t : t.startsWith('.') ? t.slice(1) : `${pkg}.${t}`);
  const out = new Map<string, ProtoMessage>();
  let current: ProtoMessage | undefined;
  lines.forEach((line, i) => {
    const start = /^message (\w+) \{/.exec(line);
    if (start) {
      current = { comment: commentAbove(lines, i), fields: [] };
      out.set(start[1], current);
      return;
    }
    if (line.startsWith('}')) current = undefined;
    if (!current) return;
    const plain = /^\s*(optional|repeated) ([\w.]+) (\w+) = (\d+);/.exec(line);
    const map = /^\s*map<string, ([\w.]+)> (\w+) = (\d+);/.exec(line);
    const comment = commentAbove(lines, i);
    if (plain) current.fields.push({ number: Number(plain[4]), name: plain[3], type: qualify(plain[2]), repeated: plain[1] === 'repeated', map: false, comment });
    else if (map) current.fields.push({ number: Number(map[3]), name: map[2], type: qualify(map[1]), repeated: false, map: true, comment });
    else if (/^\s*(optional|repeated|map<)/.test(line)) throw new Error(`unparsed field in ${pkg}: ${line}`);
  });
  protoCache.set(pkg, out);
  return out;
}

interface GoField { json: string; omitempty: boolean; inline: boolean }
interface GoStruct { fields: Map<number, GoField & { order: number }>; typeMeta: boolean }
const goCache = new Map<string, { structs: Map<string, GoStruct>; slices: Map<string, string>; group: string }>();
/** Go structs of a package (protobuf field number → JSON facts), its named slice types and its API group. */
function goPackage(pkg: string) {
  const cached = goCache.get(pkg);
  if (cached) return cached;
  const dir = sourceDir(pkg);
  const structs = new Map<string, GoStruct>();
  const slices = new Map<string, string>();
  let group = '';
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.go') || file.endsWith('_test.go') || file.startsWith('zz_') || file.startsWith('generated.')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    group = /^const GroupName = "([^"]*)"/m.exec(text)?.[1] ?? group;
    for (const s of text.matchAll(/^type (\w+) \[\](\w+)$/gm)) slices.set(s[1], s[2]);
    for (const s of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) structs.set(s[1], goStruct(s[2]));
    for (const s of text.matchAll(/^type (\w+) struct ?\{\}/gm)) structs.set(s[1], goStruct(''));
  }
  const out = { structs, slices, group };
  goCache.set(pkg, out);
  return out;
}

function goStruct(body: string): GoStruct {
  const fields = new Map<number, GoField & { order: number }>();
  let typeMeta = false;
  for (const line of body.split('\n')) {
    const tick = line.indexOf('`');
    if (tick < 0 || line.trim().startsWith('//')) continue;
    const tags = line.slice(tick);
    const json = (/json:"([^"]*)"/.exec(tags)?.[1] ?? '').split(',');
    if (/\bTypeMeta$/.test(line.slice(0, tick).trim()) && json.includes('inline')) typeMeta = true;
    const proto = /protobuf:"[a-z0-9]+,(\d+),/.exec(tags);
    if (!proto) continue;
    fields.set(Number(proto[1]), { json: json[0], omitempty: json.includes('omitempty'), inline: json[0] === '' && json.includes('inline'), order: fields.size });
  }
  return { fields, typeMeta };
}

type Schema = Record<string, unknown>;
const definitions: Record<string, Schema> = {};

/** The schema of one value of proto type `type`, referring to messages by name. */
function valueSchema(type: string): Schema {
  if (SCALARS[type]) return { ...SCALARS[type] };
  visit(type);
  return { $ref: `#/definitions/${definitionName(type)}` };
}

function fieldSchema(f: ProtoField): Schema {
  const value = valueSchema(f.type);
  const base = f.map ? { type: 'object', additionalProperties: value } : f.repeated ? { type: 'array', items: value } : value;
  const description = describeDoc(f.comment);
  return { ...(description ? { description } : {}), ...base, ...fieldExtensions(f.comment) };
}

const TYPE_META: Record<string, Schema> = {
  apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources', type: 'string' },
  kind: { description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds', type: 'string' },
};

/** Properties and required names of a message, inlined messages merged in, in Go declaration order. */
function members(qualified: string): { properties: Record<string, Schema>; required: string[]; typeMeta: boolean } {
  const pkg = qualified.slice(0, qualified.lastIndexOf('.'));
  const name = qualified.slice(qualified.lastIndexOf('.') + 1);
  const message = protoMessages(pkg).get(name);
  const go = goPackage(pkg).structs.get(name);
  if (!message || !go) throw new Error(`no message or Go struct for ${qualified}`);
  const properties: Record<string, Schema> = go.typeMeta ? { ...TYPE_META } : {};
  const required: string[] = [];
  const ordered = message.fields.map((f) => ({ f, g: go.fields.get(f.number) })).sort((a, b) => (a.g?.order ?? 0) - (b.g?.order ?? 0));
  for (const { f, g } of ordered) {
    if (!g) throw new Error(`${qualified} field ${f.number} (${f.name}) has no Go field`);
    if (g.inline) {
      const inner = members(f.type);
      Object.assign(properties, inner.properties);
      required.push(...inner.required);
      continue;
    }
    properties[g.json] = fieldSchema(f);
    if (!g.omitempty && !isOptional(f.comment)) required.push(g.json);
  }
  return { properties, required, typeMeta: go.typeMeta };
}

function visit(qualified: string) {
  const defName = definitionName(qualified);
  if (definitions[defName]) return;
  const pkg = qualified.slice(0, qualified.lastIndexOf('.'));
  const name = qualified.slice(qualified.lastIndexOf('.') + 1);
  const message = protoMessages(pkg).get(name);
  if (!message) throw new Error(`no message ${qualified}`);
  const description = describeDoc(message.comment);
  const head = description ? { description } : {};
  if (SPECIAL[qualified]) {
    definitions[defName] = { ...head, ...SPECIAL[qualified] };
    return;
  }
  const go = goPackage(pkg);
  const element = go.slices.get(name);
  if (element) {
    definitions[defName] = { ...head, type: 'array', items: valueSchema(element) };
    return;
  }
  const schema: Schema = { ...head, type: 'object' };
  definitions[defName] = schema; // before the fields: types may refer to themselves (JSONSchemaProps-like)
  const { properties, required, typeMeta } = members(qualified);
  if (required.length) schema.required = required;
  schema.properties = properties;
  Object.assign(schema, typeExtensions(message.comment));
  if (typeMeta && ROOTS.some((r) => qualified.endsWith(`.${r}`)) && !pkg.includes('.meta.')) {
    schema['x-kubernetes-group-version-kind'] = [{ group: go.group, kind: name, version: pkg.slice(pkg.lastIndexOf('.') + 1) }];
  }
}

const FULL: Record<string, string> = {
  meta: 'k8s.io.apimachinery.pkg.apis.meta',
  apiextensions: 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions',
  metrics: 'k8s.io.metrics.pkg.apis.metrics',
};
for (const root of ROOTS) {
  const [group] = root.split('.');
  visit(`${FULL[group] ?? `k8s.io.api.${group}`}${root.slice(group.length)}`);
}

const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
const json = JSON.stringify({ source: `k8s.io/api, apimachinery, apiextensions-apiserver and metrics ${VERSION}`, definitions: sorted });
fs.writeFileSync(outFile, zlib.gzipSync(json, { level: 9 }));
console.error(`${Object.keys(sorted).length} definitions, ${json.length} bytes of JSON, ${fs.statSync(outFile).size} gzipped`);
