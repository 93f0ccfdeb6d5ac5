// The OpenAPI documents: /openapi/v2 (Swagger 2.0) and /openapi/v3 with one document per group
// version. The built-in kinds' schemas come from openapi-definitions.json.gz (generated from
// k8s.io/api by scripts/openapi-schema.ts), the custom resources' from their CRD files. Every
// document is built on its first request and kept: a sandbox nobody explains costs nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { RESOURCES, groupVersions, type ResourceDef } from './registry';
import { VERSION } from './discovery';
import { crds } from '../crds';
import { encodeOpenApiV2 } from './openapi-v2-protobuf';

type Schema = Record<string, unknown>;
type Gvk = { group: string; version: string; kind: string };

let builtIns: Record<string, Schema> | undefined;
/** The built-in definitions, Swagger 2.0 form (`#/definitions/` references). */
export function builtInDefinitions(): Record<string, Schema> {
  if (!builtIns) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'openapi-definitions.json.gz');
    builtIns = (JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { definitions: Record<string, Schema> }).definitions;
  }
  return builtIns;
}

const gvkOf = (s: Schema) => (s['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? [];
const sameGvk = (a: Gvk, b: Gvk) => a.group === b.group && a.version === b.version && a.kind === b.kind;

/**
 * The name of a built-in kind's definition (`io.k8s.api.apps.v1.Deployment`); its fields'
 * `$ref`s (`#/definitions/<name>`) lead to the nested types, where list fields carry
 * `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` and patch keys, as apply needs them.
 */
export function definitionNameOf(gvk: Gvk): string | undefined {
  return Object.entries(builtInDefinitions()).find(([, s]) => gvkOf(s).some((g) => sameGvk(g, gvk)))?.[0];
}

/** A custom resource's schema is named by the reversed group, version and kind (`sh.karpenter.v1.NodePool`). */
function crdDefinitions(list: readonly ResourceDef[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const r of list) {
    const schema = crds().get(r.storage)?.spec.versions.find((v) => v.name === r.version)?.schema.openAPIV3Schema;
    if (!schema) continue;
    const name = `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}`;
    out[name] = { ...schema, 'x-kubernetes-group-version-kind': [{ group: r.group, kind: r.kind, version: r.version }] };
  }
  return out;
}

/** The built-in definitions of some kinds and every definition they refer to. */
function builtInClosure(list: readonly ResourceDef[]): Record<string, Schema> {
  const all = builtInDefinitions();
  const out: Record<string, Schema> = {};
  const add = (name: string) => {
    if (out[name] || !all[name]) return;
    out[name] = all[name];
    for (const m of JSON.stringify(all[name]).matchAll(/"#\/definitions\/([^"]+)"/g)) add(m[1]);
  };
  for (const [name, schema] of Object.entries(all)) {
    if (gvkOf(schema).some((g) => list.some((r) => r.builtIn && sameGvk(g, r)))) add(name);
  }
  return out;
}

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

/** One PATCH operation per kind, carrying its GVK and the query parameters kubectl checks for. */
function patchPaths(list: readonly ResourceDef[], parameter: (name: string) => Schema): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of list) {
    const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    paths[base] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        parameters: ['fieldValidation', 'dryRun', 'fieldManager'].map(parameter),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return paths;
}

/**
 * A v2 schema in v3 form: references point into `components/schemas`, and a reference with
 * siblings (a field's description) is wrapped in `allOf`, as kube-apiserver writes them.
 */
export function toV3(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toV3);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = toV3(v);
  if (typeof out.$ref !== 'string') return out;
  const ref = out.$ref.replace('#/definitions/', '#/components/schemas/');
  const { $ref: _, ...rest } = out;
  return Object.keys(rest).length === 0 ? { $ref: ref } : { allOf: [{ $ref: ref }], ...rest };
}

/**
 * Quantity and IntOrString are typed `oneOf` in v3 (kube-openapi's v3 one-of types), so kubectl
 * explain names them (`map[string]Quantity`, `<IntOrString>`) where v2 says `string`.
 */
const V3_FORMS: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
};

function v3Schemas(definitions: Record<string, Schema>): Record<string, Schema> {
  const out = toV3(definitions) as Record<string, Schema>;
  for (const [name, form] of Object.entries(V3_FORMS)) {
    if (out[name]) out[name] = { description: out[name].description, ...form };
  }
  return out;
}

const v3Docs = new Map<string, Schema | undefined>();
/** The per-group-version v3 document: its kinds' PATCH operations and schemas. */
export function openApiDocument(group: string, version: string): Schema | undefined {
  const key = `${group}/${version}`;
  if (!v3Docs.has(key)) {
    const list = RESOURCES.filter((r) => r.group === group && r.version === version);
    const schemas = list.length ? { ...v3Schemas(builtInClosure(list)), ...crdDefinitions(list) } : undefined;
    v3Docs.set(
      key,
      schemas && {
        openapi: '3.0.0',
        info: { title: 'Kubernetes', version: VERSION.gitVersion },
        paths: patchPaths(list, (name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } })),
        components: { schemas },
      },
    );
  }
  return v3Docs.get(key);
}

let root: { paths: Record<string, { serverRelativeURL: string }> } | undefined;
/** The v3 index; each document's hash is of its content, so kubectl's cache notices a change. */
export function openApiRoot() {
  if (!root) {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const gv of groupVersions()) {
      const p = gvPath(gv.group, gv.version);
      const hash = crypto.createHash('sha512').update(JSON.stringify(openApiDocument(gv.group, gv.version))).digest('hex').toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
    root = { paths };
  }
  return root;
}

let v2: Schema | undefined;
/** The Swagger 2.0 document: every built-in definition and every custom resource's schema. */
export function openApiV2(): Schema {
  v2 ??= {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: VERSION.gitVersion },
    paths: patchPaths(RESOURCES, (name) => ({ uniqueItems: true, type: 'string', name, in: 'query' })),
    definitions: { ...builtInDefinitions(), ...crdDefinitions(RESOURCES) },
  };
  return v2;
}

/**
 * The media types /openapi/v2 serves, in kube-openapi's order of preference for a wildcard. The
 * `@` form is what client-go asks for; the answer names the `.` form, since a `@` in a
 * Content-Type is no valid media type to Go's parser (kubectl would fail on it).
 */
const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const V2_TYPES: [string, string][] = [
  ['application/json', 'application/json'],
  ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', V2_PROTOBUF],
  [V2_PROTOBUF, V2_PROTOBUF],
];

/**
 * What /openapi/v2 answers an Accept header with, as kube-openapi's handler picks: the first
 * clause (highest q first) one of its types matches, JSON for a wildcard; undefined (406) when
 * none does. client-go asks for the protobuf form alone.
 */
export function openApiV2Type(accept: string | undefined): string | undefined {
  const clauses = (accept || '*/*')
    .split(',')
    .map((c, i) => {
      const [range, ...params] = c.trim().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1);
      return { range: range.trim().toLowerCase(), q: Number.isNaN(q) ? 1 : q, i };
    })
    .filter((c) => c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { range } of clauses) {
    const [type, subtype] = range.split('/');
    const match = V2_TYPES.find(([accepted]) => {
      const [t, s] = accepted.split('/');
      return (type === t || type === '*') && (subtype === s || subtype === '*');
    });
    if (match) return match[1];
  }
  return undefined;
}

const v2Bodies = new Map<string, Buffer>();
/** The v2 document in the form a negotiated type names, encoded once. */
export function openApiV2Body(type: string): Buffer {
  let body = v2Bodies.get(type);
  if (!body) {
    body = type === 'application/json' ? Buffer.from(JSON.stringify(openApiV2())) : encodeOpenApiV2(openApiV2());
    v2Bodies.set(type, body);
  }
  return body;
}
