// Server-side field validation (the `fieldValidation` parameter of create, update and patch):
// kube-apiserver decodes a body into its Go type, which drops every field the type does not
// declare. `Strict` refuses the request naming those fields, `Warn` (the default since 1.25, and
// so the default of the 1.32 the sandbox reports) answers with one `Warning` header per field,
// `Ignore` drops them silently. Whatever the directive, an unknown field is never stored.
//
// The built-in kinds' fields come from the protobuf table (protobuf-schema.ts), which lists every
// field of every type a client may write, so one table describes the types. Custom resources have
// their own schemas: what their CRD's structural schema prunes is what is unknown (lib/sandbox/crds).
import { ApiError } from '../errors';
import type { KObject } from '../store';
import { decodeCustomResource, hasSchema } from '../crds';
import { PROTO_KINDS, PROTO_MESSAGES, type ProtoFieldRow } from './protobuf-schema';
import { messageFor } from './protobuf';
import { apiVersionOf, type ResourceDef } from './registry';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The values CreateOptions/UpdateOptions/PatchOptions accept, sorted as the apiserver lists them. */
const ALLOWED = ['', 'Ignore', 'Strict', 'Warn'];
const OPTIONS_KIND: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions' };

/** The request's directive; an empty or absent one is Warn. A value outside the list is a 422. */
export function fieldValidationOf(q: URLSearchParams, method: string): FieldValidation {
  const value = q.get('fieldValidation') ?? '';
  if (!ALLOWED.includes(value)) {
    const kind = OPTIONS_KIND[method] ?? 'CreateOptions';
    const message = `Unsupported value: ${JSON.stringify(value)}: supported values: ${ALLOWED.map((v) => JSON.stringify(v)).join(', ')}`;
    throw new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: fieldValidation: ${message}`, {
      group: 'meta.k8s.io',
      kind,
      causes: [{ reason: 'FieldValueNotSupported', message, field: 'fieldValidation' }],
    });
  }
  return (value || 'Warn') as FieldValidation;
}

/** Unknown fields of an object written through `def` (at that group/version), removed from it. */
export function pruneUnknownFields(def: ResourceDef, obj: KObject): string[] {
  const found: string[] = [];
  // Custom resources: what their CRD's structural schema prunes (defaults are filled on the way).
  if (hasSchema(def.storage)) {
    decodeCustomResource(def.storage, obj, found);
    return found;
  }
  const message = def.builtIn ? messageFor(apiVersionOf(def), def.kind) : undefined;
  if (message) pruneMessage(message, obj, '', found);
  return found;
}

/** Kinds (and the objects embedded whole, like a StatefulSet's claim templates) carry apiVersion and kind. */
const hasTypeMeta = (message: string) => PROTO_KINDS.has(message);

/** A message's JSON fields, inlined (embedded) structs' fields included. */
const fieldsCache = new Map<string, Map<string, ProtoFieldRow>>();
function fieldsOf(message: string): Map<string, ProtoFieldRow> {
  let fields = fieldsCache.get(message);
  if (fields) return fields;
  fields = new Map();
  const rows = PROTO_MESSAGES[message];
  if (Array.isArray(rows)) {
    for (const row of rows) {
      if (row[3].includes('i')) for (const [k, v] of fieldsOf(row[2])) fields.set(k, v);
      else fields.set(row[1], row);
    }
  }
  fieldsCache.set(message, fields);
  return fields;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Types with fields of their own (not scalars, nor types with their own JSON form such as Time or Quantity). */
const hasFields = (type: string) => Array.isArray(PROTO_MESSAGES[type]);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function pruneMessage(message: string, obj: Record<string, unknown>, path: string, found: string[]): void {
  const fields = fieldsOf(message);
  for (const key of Object.keys(obj)) {
    if (hasTypeMeta(message) && (key === 'apiVersion' || key === 'kind')) continue;
    const row = fields.get(key);
    if (!row) {
      found.push(join(path, key));
      delete obj[key];
      continue;
    }
    const [, , type, flags] = row;
    if (!hasFields(type)) continue;
    const value = obj[key];
    const at = join(path, key);
    if (flags.includes('m')) {
      if (isObject(value)) for (const [k, v] of Object.entries(value)) if (isObject(v)) pruneMessage(type, v, `${at}.${k}`, found);
    } else if (flags.includes('r')) {
      if (Array.isArray(value)) value.forEach((v, i) => isObject(v) && pruneMessage(type, v, `${at}[${i}]`, found));
    } else if (isObject(value)) {
      pruneMessage(type, value, at, found);
    }
  }
}

/** How a request reports what its directive allows: warnings go to the response's headers. */
export interface FieldValidationContext {
  directive: FieldValidation;
  warn: (message: string) => void;
  /** Keys the JSON body (or merge patch) repeats, which the strict decoder reports before unknown fields. */
  duplicates?: string[];
}

export const unknownField = (path: string) => `unknown field ${JSON.stringify(path)}`;
export const duplicateField = (path: string) => `duplicate field ${JSON.stringify(path)}`;

/** kube-apiserver's strict decoding error text: `strict decoding error: unknown field "a", duplicate field "b"`. */
export const strictDecodingError = (problems: string[]) => `strict decoding error: ${problems.join(', ')}`;

/**
 * Applies the directive to a decoded body's repeated and unknown fields: Strict throws what
 * `refuse` builds from the strict decoding error text, Warn sends one warning per problem.
 */
export function judgeUnknownFields(paths: string[], ctx: FieldValidationContext | undefined, refuse: (text: string) => ApiError): void {
  if (!ctx || ctx.directive === 'Ignore') return;
  const problems = [...(ctx.duplicates ?? []).map(duplicateField), ...paths.map(unknownField)];
  if (problems.length === 0) return;
  if (ctx.directive === 'Strict') throw refuse(strictDecodingError(problems));
  for (const p of problems) ctx.warn(p);
}

/** A create or update body: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: …` (400). */
export function bodyRefusal(def: ResourceDef) {
  return (text: string) => new ApiError(400, 'BadRequest', `${def.kind} in version ${JSON.stringify(def.version)} cannot be handled as a ${def.kind}: ${text}`);
}

/**
 * A JSON, merge or strategic merge patch: the apiserver refuses the patched object as an
 * invalid `patch` with no kind or name (` "" is invalid: patch: Invalid value: …`). The value
 * is the patched document for JSON and merge patches, Go's `%+v` of the patch for strategic ones.
 */
export function patchRefusal(value: string) {
  return (text: string) => {
    const cause = `Invalid value: ${goQuote(value)}: ${text}`;
    return new ApiError(422, 'Invalid', ` "" is invalid: patch: ${cause}`, { causes: [{ reason: 'FieldValueInvalid', message: cause, field: 'patch' }] });
  };
}

/** Go's %q of a string (close to JSON for the text a patch holds). */
const goQuote = (s: string) => JSON.stringify(s);

/** Go's `%+v` of a decoded JSON value: `map[spec:map[replica:3]]` (map keys sorted), `[a b]`, `<nil>`. */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (typeof value === 'object') {
    const m = value as Record<string, unknown>;
    return `map[${Object.keys(m)
      .sort()
      .map((k) => `${k}:${goPrint(m[k])}`)
      .join(' ')}]`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return goFloat(value);
  return String(value);
}

/** Go's %v of a float64 (%g with the shortest representation: 1e+21, 1.5). */
function goFloat(n: number): string {
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

/** Go's encoding/json output of a map-decoded document: keys sorted, <, > and & escaped. */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
    return v;
  };
  return JSON.stringify(sorted(value)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * Server-side apply converts the applied object to its typed form whatever the directive, and
 * that fails on an undeclared field; kube-apiserver 1.32 returns the error as it is, a 500
 * without a reason: `failed to create typed patch object (apps/web; apps/v1, Kind=Deployment):
 * .spec.replica: field not declared in schema`.
 */
export function applyRefusal(def: ResourceDef, obj: KObject, paths: string[]): ApiError {
  const gvk = `${def.group}/${def.version}, Kind=${def.kind}`;
  const errors = paths.map((p) => `${typedPath(obj, p)}: field not declared in schema`);
  const text = errors.length === 1 ? errors[0] : `errors:\n  ${errors.join('\n  ')}`;
  return new ApiError(500, '', `failed to create typed patch object (${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${gvk}): ${text}`);
}

/**
 * Lists whose elements server-side apply names by a key (their OpenAPI list-map key), as
 * `containers[name="web"]`. Other lists keep the element's index here (lists keyed by several
 * fields, such as ports, are among them, where the apiserver names both keys).
 */
const LIST_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

/** A path as structured-merge-diff prints it: a leading dot, keyed list elements by their key. */
function typedPath(obj: KObject, path: string): string {
  let node: unknown = obj;
  let out = '';
  for (const part of path.split('.')) {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(part)!;
    const name = m[1];
    node = isObject(node) ? node[name] : undefined;
    out += `.${name}`;
    for (const index of m[2].match(/\d+/g) ?? []) {
      const element: unknown = Array.isArray(node) ? node[Number(index)] : undefined;
      const key = LIST_KEYS[name];
      const value = key && isObject(element) ? element[key] : undefined;
      out += typeof value === 'string' ? `[${key}=${JSON.stringify(value)}]` : `[${index}]`;
      node = element;
    }
  }
  return out;
}
