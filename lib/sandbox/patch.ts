// PATCH bodies applied the way the apiserver applies them (handlers/patch.go): JSON merge patch
// (RFC 7386), JSON patch (RFC 6902) and, for built-in kinds only, strategic merge patch with the
// merge keys and directives of the Go types kubectl and the app touch. Always returns a new object.

import { applyPatch as applyJsonPatchOps, type Operation } from 'fast-json-patch';
import { ApiError, badRequest } from './errors';
import type { KObject } from './store';
import { cloneJson } from './json-clone';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

const unsupportedMediaType = () =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** How Go's encoding/json names a JSON value's type in "cannot unmarshal X into …" errors. */
function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** RFC 7386: objects merge key by key, `null` deletes, anything else replaces. Pure. */
export function mergePatch<T>(target: T, patch: unknown): T {
  return mergeValue(target, patch) as T;
}

function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeValue(result[key], value);
  }
  return result;
}

/**
 * A failed JSON patch operation: the apiserver wraps json-patch's error in a generic 422 whose
 * message is fixed and whose details carry nothing (NewGenericServerResponse with
 * isUnexpectedResponse=false drops the server message). So the original reason is only logged
 * by the real server; we keep it on the error object for our own debugging.
 */
class JsonPatchRejected extends ApiError {
  constructor(readonly patchFailure: string) {
    super(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  }
}

const STANDARD_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function applyJsonPatch(target: KObject, patch: unknown): KObject {
  // `null` decodes to an empty patch in Go; anything else that is not an array fails to decode.
  if (patch === null) return structuredClone(target);
  if (!Array.isArray(patch)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (!isPlainObject(op)) throw badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
    // json-patch only finds an unknown op while applying, hence a 422, not a 400.
    if (!STANDARD_OPS.has(String(op.op))) throw new JsonPatchRejected(`Unexpected kind: ${String(op.op ?? '')}`);
  }
  if (patch.length > 10000) {
    throw new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: The allowed maximum operations in a JSON patch is 10000, got ${patch.length}`);
  }
  try {
    // validate=true makes the library check paths before touching anything; mutate=false clones.
    const result = applyJsonPatchOps(structuredClone(target), structuredClone(patch) as Operation[], true, false);
    const patched = result.newDocument as unknown;
    // A patch that replaces the whole document with a non-object cannot be decoded back.
    if (!isPlainObject(patched)) throw new JsonPatchRejected('patched document is not an object');
    return patched as KObject;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    // UNSURE: for these the real server's json-patch library may fail differently (e.g. it treats a
    // missing `value` on add as null). All failures land in the same generic 422, so the reply
    // matches; only the logged reason differs.
    throw new JsonPatchRejected(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Applies a PATCH body. `builtIn` says whether the kind is compiled into the apiserver (only those
 * accept strategic merge patch; custom resources answer 415 like the real server).
 */
export function applyPatch(contentType: string, target: KObject, patch: unknown, opts: { builtIn: boolean }): KObject {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  switch (mediaType) {
    case MERGE_PATCH:
      if (!isPlainObject(patch)) {
        // UNSURE: the real server's json merge patch turns a non-object body into the whole
        // document (then fails to decode it) or answers "Invalid JSON Patch" for null; either way
        // the request is refused. We refuse it up front with a 400.
        throw badRequest(patch === null ? 'Invalid JSON Patch' : `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
      }
      return mergePatch(target, patch);
    case JSON_PATCH:
      return applyJsonPatch(target, patch);
    case STRATEGIC_MERGE_PATCH:
      if (!opts.builtIn) throw unsupportedMediaType();
      if (patch === null) return structuredClone(target); // Go decodes `null` into an empty map
      if (!isPlainObject(patch)) {
        throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
      }
      return strategicMerge(target, patch) as KObject;
    default:
      throw unsupportedMediaType();
  }
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), driven by a table of the
// `patchStrategy`/`patchMergeKey` tags of the Go types instead of the types themselves.

type JsonMap = Record<string, unknown>;

export interface ListStrategy {
  /** Elements are maps matched on this field; absent for merged lists of scalars. */
  mergeKey?: string;
}

// Keyed `<parent field>.<list field>`, or `*.<list field>` wherever the list appears. Lists not
// listed here have no patch strategy in the Go types and are replaced whole: tolerations,
// node taints (NodeSpec.Taints carries no patchStrategy tag, whatever one might expect),
// args, command, envFrom, requirements…
const LIST_STRATEGIES: Record<string, ListStrategy> = {
  '*.containers': { mergeKey: 'name' },
  '*.initContainers': { mergeKey: 'name' },
  '*.ephemeralContainers': { mergeKey: 'name' },
  '*.env': { mergeKey: 'name' },
  '*.volumes': { mergeKey: 'name' },
  '*.imagePullSecrets': { mergeKey: 'name' },
  '*.volumeMounts': { mergeKey: 'mountPath' },
  '*.volumeDevices': { mergeKey: 'devicePath' },
  '*.hostAliases': { mergeKey: 'ip' },
  '*.topologySpreadConstraints': { mergeKey: 'topologyKey' },
  '*.schedulingGates': { mergeKey: 'name' },
  '*.resourceClaims': { mergeKey: 'name' },
  'containers.ports': { mergeKey: 'containerPort' },
  'initContainers.ports': { mergeKey: 'containerPort' },
  'ephemeralContainers.ports': { mergeKey: 'containerPort' },
  'spec.ports': { mergeKey: 'port' }, // Service
  'status.conditions': { mergeKey: 'type' },
  'status.addresses': { mergeKey: 'type' }, // Node
  'status.podIPs': { mergeKey: 'ip' },
  'status.hostIPs': { mergeKey: 'ip' },
  'metadata.ownerReferences': { mergeKey: 'uid' },
  'metadata.finalizers': {},
  'spec.podCIDRs': {},
};

/** The list's patch strategy in the Go types, by the field holding it and the field above (`spec.ports`). */
export function listStrategy(parent: string | undefined, field: string): ListStrategy | undefined {
  return LIST_STRATEGIES[`${parent ?? ''}.${field}`] ?? LIST_STRATEGIES[`*.${field}`];
}

const PATCH_DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

// The strategicpatch package's sentinel errors that the handler maps to 400.
const badRetainKeys = () => badRequest('invalid patch format of retainKeys');
const badPrimitiveList = () => badRequest('invalid patch format of primitive list');
const badSetElementOrder = () => badRequest('invalid patch format of setElementOrder list');

/**
 * Errors the handler does not map pass through as plain errors, which the apiserver answers with
 * a 500 whose message is the error text. UNSURE: the real Status has an empty reason; ours says
 * InternalError because StatusReason has no empty member.
 */
const unmappedPatchError = (message: string) => new ApiError(500, 'InternalError', message);

/** Go's `%v` of a map, used in the merge-key error text, approximated for flat maps. */
function goMapText(map: JsonMap): string {
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${k}:${isPlainObject(map[k]) ? goMapText(map[k] as JsonMap) : String(map[k])}`);
  return `map[${entries.join(' ')}]`;
}

/** A value that is new to the object: directives dropped, nulls dropped (IgnoreUnmatchedNulls). */
function cleanNewValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((item) => !(isPlainObject(item) && (item[PATCH_DIRECTIVE] === 'delete' || isDirectiveOnly(item))))
      .map(cleanNewValue);
  }
  if (!isPlainObject(value)) return value;
  const result: JsonMap = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$') || child === null) continue;
    result[key] = cleanNewValue(child);
  }
  return result;
}

const isDirectiveOnly = (item: JsonMap) => Object.keys(item).every((k) => k.startsWith('$'));

function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

function mergeMap(original: JsonMap, patch: JsonMap, parent: string | undefined): JsonMap {
  const directive = patch[PATCH_DIRECTIVE];
  if (directive === 'replace') return cleanNewValue(patch) as JsonMap;
  if (directive === 'delete') return {};
  // UNSURE: the apiserver rejects unknown directives in maps; `merge` is the default behaviour,
  // so we accept it as such.
  if (directive !== undefined && directive !== 'merge') {
    throw unmappedPatchError(`Unknown patch type: ${String(directive)} in map: ${goMapText(patch)}`);
  }

  if (RETAIN_KEYS in patch) applyRetainKeys(original, patch);

  const orders: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH_DIRECTIVE || key === RETAIN_KEYS) continue;
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      orders.push([key.slice(SET_ELEMENT_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      deleteFromPrimitiveList(original, key.slice(DELETE_FROM_PRIMITIVE_LIST.length), value);
      continue;
    }
    // Other `$` keys are not fields of any Go type; the typed decode would drop them.
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete original[key];
      continue;
    }
    const current = original[key];
    if (isPlainObject(current) && isPlainObject(value)) original[key] = mergeMap(current, value, key);
    else if (Array.isArray(current) && Array.isArray(value)) original[key] = mergeList(current, value, parent, key);
    else original[key] = cleanNewValue(value);
  }
  for (const [list, order] of orders) applySetElementOrder(original, list, order, parent);
  return original;
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  const retain = patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw badRetainKeys();
  const kept = new Set(retain.map(String));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith('$')) continue;
    if (!kept.has(key)) throw badRetainKeys();
  }
  for (const key of Object.keys(original)) if (!kept.has(key)) delete original[key];
}

function deleteFromPrimitiveList(original: JsonMap, list: string, toDelete: unknown): void {
  if (!Array.isArray(toDelete)) throw badPrimitiveList();
  const current = original[list];
  if (!Array.isArray(current)) return;
  const remaining = current.filter((item) => !toDelete.some((d) => sameKey(d, item)));
  // Go drops empty lists on the way out (omitempty), so an emptied list disappears.
  if (remaining.length) original[list] = remaining;
  else delete original[list];
}

function mergeList(original: unknown[], patch: unknown[], parent: string | undefined, field: string): unknown[] {
  const strategy = listStrategy(parent, field);
  if (!strategy) return cleanNewValue(patch) as unknown[];
  // `{"$patch": "replace"}` anywhere in the list: the rest of the patch list is the new list.
  if (patch.some((item) => isPlainObject(item) && item[PATCH_DIRECTIVE] === 'replace')) {
    return cleanNewValue(patch.filter((item) => !(isPlainObject(item) && item[PATCH_DIRECTIVE] === 'replace'))) as unknown[];
  }
  if (strategy.mergeKey === undefined) {
    // A merged list of scalars is a set: what the object had, then what the patch adds.
    const result = [...original];
    for (const item of patch) if (!result.some((existing) => sameKey(existing, item))) result.push(item);
    return result;
  }
  const mergeKey = strategy.mergeKey;
  let result = original.map((item) => (isPlainObject(item) ? { ...item } : item));
  for (const item of patch) {
    if (!isPlainObject(item)) throw unmappedPatchError(`map: ${String(item)} does not contain declared merge key: ${mergeKey}`);
    if (!(mergeKey in item)) throw unmappedPatchError(`map: ${goMapText(item)} does not contain declared merge key: ${mergeKey}`);
    const key = item[mergeKey];
    const index = result.findIndex((existing) => isPlainObject(existing) && sameKey(existing[mergeKey], key));
    if (item[PATCH_DIRECTIVE] === 'delete') {
      result = result.filter((existing) => !(isPlainObject(existing) && sameKey(existing[mergeKey], key)));
      continue;
    }
    if (index >= 0) result[index] = mergeMap(result[index] as JsonMap, item, field);
    else result.push(cleanNewValue(item));
  }
  return result;
}

/**
 * `$setElementOrder/<list>`: the order the client wants for the items it names. Items it does not
 * name (added by the server, e.g. injected sidecars) keep their slots. UNSURE: the apiserver's
 * normalizeElementOrder interleaves such items by their original positions in a slightly more
 * elaborate way; for lists the client fully names, the result is identical.
 */
function applySetElementOrder(original: JsonMap, list: string, order: unknown, parent: string | undefined): void {
  if (!Array.isArray(order)) throw badSetElementOrder();
  const current = original[list];
  if (!Array.isArray(current)) return;
  const mergeKey = listStrategy(parent, list)?.mergeKey;
  const identity = (item: unknown) => (mergeKey !== undefined && isPlainObject(item) ? item[mergeKey] : item);
  const wanted = order.map((entry) => (mergeKey !== undefined && isPlainObject(entry) ? entry[mergeKey] : entry));
  const rank = (item: unknown) => wanted.findIndex((w) => sameKey(w, identity(item)));
  const named = current.filter((item) => rank(item) >= 0).sort((a, b) => rank(a) - rank(b));
  let next = 0;
  original[list] = current.map((item) => (rank(item) >= 0 ? named[next++] : item));
}

/** Strategic merge of `patch` into a copy of `target`. */
export function strategicMerge(target: KObject, patch: JsonMap): KObject {
  return mergeMap(cloneJson(target) as JsonMap, patch, undefined) as KObject;
}
