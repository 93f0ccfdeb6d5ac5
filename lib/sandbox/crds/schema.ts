// A CRD's structural OpenAPI schema applied to a custom resource the way kube-apiserver's
// apiextensions code does: unknown fields pruned, nulls of non-nullable fields dropped (or
// replaced by their default), defaults filled in (a nested default only where its parent
// exists, and defaulted values defaulted in turn), then every schema rule checked.
//
// Messages are go-openapi's as kube-apiserver reports them: Required and Unsupported value for
// `required` and `enum`, `Invalid value: <value>: <path> in body …` for the rest. Field paths
// carry list indices (`spec.disruption.budgets[0].nodes`) as current servers give them; 1.20
// dropped the indices.

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
}

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  nullable?: boolean;
  default?: unknown;
  anyOf?: Schema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelRule[];
}

export interface FieldCause {
  field: string;
  reason: 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueInvalid' | 'FieldValueDuplicate';
  message: string;
  /** kube-apiserver skips the CEL rules when a type, required, enum, or too-long/too-many check failed. */
  blocksRules?: boolean;
}

type Json = unknown;
type JsonMap = Record<string, Json>;

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ObjectMeta fields a custom resource keeps; any other key under `metadata` is dropped. */
const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

const additional = (s: Schema): Schema | undefined => (isMap(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined);
const preservesUnknown = (s: Schema) => s['x-kubernetes-preserve-unknown-fields'] === true || s.additionalProperties === true;

// ---------------------------------------------------------------------------------------------
// Pruning.

function pruneValue(value: Json, s: Schema | undefined, path: string, dropped?: string[]): void {
  if (!s) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => pruneValue(item, s.items, `${path}[${i}]`, dropped));
    return;
  }
  if (!isMap(value)) return;
  const extra = additional(s);
  for (const key of Object.keys(value)) {
    const prop = s.properties?.[key];
    if (prop) pruneValue(value[key], prop, `${path}.${key}`, dropped);
    else if (extra) pruneValue(value[key], extra, `${path}.${key}`, dropped);
    else if (!preservesUnknown(s)) {
      delete value[key];
      dropped?.push(`${path}.${key}`);
    }
  }
}

/**
 * Drops what the schema does not name, in place; `apiVersion`, `kind` and ObjectMeta stay.
 * `dropped` collects the paths removed (`spec.template.spec.requirements[0].note`), which a
 * strict field validation reports instead.
 */
export function prune(obj: JsonMap, s: Schema, dropped?: string[]): void {
  for (const key of Object.keys(obj)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata') {
      if (!isMap(obj.metadata)) continue;
      for (const k of Object.keys(obj.metadata)) {
        if (OBJECT_META_FIELDS.has(k)) continue;
        delete obj.metadata[k];
        dropped?.push(`metadata.${k}`);
      }
      continue;
    }
    const prop = s.properties?.[key];
    if (prop) pruneValue(obj[key], prop, key, dropped);
    else if (!preservesUnknown(s)) {
      delete obj[key];
      dropped?.push(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Defaulting.

/** Fills defaults in place; a null in a non-nullable field with a default becomes the default. */
export function applyDefaults(value: Json, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, s.items);
    return;
  }
  if (!isMap(value)) return;
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!(key in value) || (value[key] === null && !prop.nullable)) value[key] = structuredClone(prop.default);
  }
  const extra = additional(s);
  for (const key of Object.keys(value)) {
    if (key === 'metadata' && s.properties?.metadata?.type === 'object' && !s.properties.metadata.properties) continue;
    applyDefaults(value[key], s.properties?.[key] ?? extra);
  }
}

/** Nulls in non-nullable fields without a default are dropped, as if never sent. */
export function dropNulls(value: Json, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(value)) {
    for (const item of value) dropNulls(item, s.items);
    return;
  }
  if (!isMap(value)) return;
  const extra = additional(s);
  for (const key of Object.keys(value)) {
    const prop = s.properties?.[key] ?? extra;
    if (!prop) continue;
    if (value[key] === null && !prop.nullable) delete value[key];
    else dropNulls(value[key], prop);
  }
}

// ---------------------------------------------------------------------------------------------
// Validation.

const goQuote = (s: string) => JSON.stringify(s);

/** A value as field.Invalid prints it: strings quoted, numbers and booleans bare. */
function shown(v: Json): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** go-openapi's name for a JSON value's type (an integral number is an integer). */
export function typeName(v: Json): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: Json, s: Schema): boolean {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (s.type) {
    case undefined:
      return true;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'object':
      return isMap(v);
    default:
      return typeName(v) === s.type;
  }
}

// RFC 3339 date-time, as strfmt accepts it (a space may stand for the T, fractions are optional).
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const FORMATS: Record<string, (v: string) => boolean> = { 'date-time': (v) => DATE_TIME.test(v) };

const patterns = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern)));
  return re;
}

const invalid = (field: string, value: string, detail: string, blocksRules = false): FieldCause => ({
  field,
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${value}: ${detail}`,
  ...(blocksRules ? { blocksRules } : {}),
});

/** Every schema rule the value breaks, depth first; `path` is the value's field path. */
export function validateValue(v: Json, s: Schema, path: string, out: FieldCause[]): void {
  if (v === null) {
    if (!s.nullable) out.push(invalid(path, '"null"', `${path} in body must be of type ${s.type ?? 'object'}: "null"`, true));
    return;
  }
  if (!typeMatches(v, s)) {
    const want = s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type;
    out.push(invalid(path, goQuote(typeName(v)), `${path} in body must be of type ${want}: ${goQuote(typeName(v))}`, true));
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    const supported = s.enum.map((e) => (typeof e === 'string' ? goQuote(e) : goQuote(JSON.stringify(e)))).join(', ');
    out.push({ field: path, reason: 'FieldValueNotSupported', message: `Unsupported value: ${shown(v)}: supported values: ${supported}`, blocksRules: true });
  }
  if (typeof v === 'string') validateString(v, s, path, out);
  else if (typeof v === 'number') validateNumber(v, s, path, out);
  else if (Array.isArray(v)) validateArray(v, s, path, out);
  else if (isMap(v)) validateObject(v, s, path, out);
}

function validateString(v: string, s: Schema, path: string, out: FieldCause[]): void {
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) out.push(invalid(path, shown(v), `${path} in body should be at most ${s.maxLength} chars long`, true));
  if (s.minLength !== undefined && length < s.minLength) out.push(invalid(path, shown(v), `${path} in body should be at least ${s.minLength} chars long`));
  if (s.pattern !== undefined && !regex(s.pattern).test(v)) out.push(invalid(path, shown(v), `${path} in body should match '${s.pattern}'`));
  const format = s.format ? FORMATS[s.format] : undefined;
  if (format && !format(v)) out.push(invalid(path, shown(v), `${path} in body must be of type ${s.format}: ${goQuote(v)}`));
}

function validateNumber(v: number, s: Schema, path: string, out: FieldCause[]): void {
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    out.push(invalid(path, shown(v), `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
  }
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    out.push(invalid(path, shown(v), `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  }
}

function validateArray(v: Json[], s: Schema, path: string, out: FieldCause[]): void {
  if (s.maxItems !== undefined && v.length > s.maxItems) out.push(invalid(path, String(v.length), `${path} in body should have at most ${s.maxItems} items`, true));
  if (s.minItems !== undefined && v.length < s.minItems) out.push(invalid(path, String(v.length), `${path} in body should have at least ${s.minItems} items`));
  if (s.items) v.forEach((item, i) => validateValue(item, s.items!, `${path}[${i}]`, out));
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) out.push({ field: `${path}[${i}]`, reason: 'FieldValueDuplicate', message: `Duplicate value: ${shown(item)}` });
      seen.add(key);
    });
  } else if (listType === 'map') {
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isMap(item)) return;
      const key = JSON.stringify(keys.map((k) => item[k] ?? null));
      if (seen.has(key)) {
        const entries = keys.map((k) => `${goQuote(k)}:${shown(item[k] ?? null)}`).join(', ');
        out.push({ field: `${path}[${i}]`, reason: 'FieldValueDuplicate', message: `Duplicate value: map[string]interface {}{${entries}}` });
      }
      seen.add(key);
    });
  }
}

function validateObject(v: JsonMap, s: Schema, path: string, out: FieldCause[]): void {
  const count = Object.keys(v).length;
  if (s.maxProperties !== undefined && count > s.maxProperties) out.push(invalid(path, String(count), `${path} in body should have at most ${s.maxProperties} properties`, true));
  if (s.minProperties !== undefined && count < s.minProperties) out.push(invalid(path, String(count), `${path} in body should have at least ${s.minProperties} properties`));
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const key of s.required ?? []) {
    if (!(key in v)) out.push({ field: at(key), reason: 'FieldValueRequired', message: 'Required value', blocksRules: true });
  }
  const extra = additional(s);
  for (const [key, value] of Object.entries(v)) {
    if (!path && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
    const prop = s.properties?.[key] ?? extra;
    if (prop) validateValue(value, prop, at(key), out);
  }
}
