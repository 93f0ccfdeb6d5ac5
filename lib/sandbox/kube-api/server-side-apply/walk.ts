// Objects seen as field sets: the fields an applied configuration names, the fields a write
// added, changed or removed, the merge of an applied configuration into the live object, and
// the removal of one path from an object.
import { isPlainObject } from '../../patch';
import { equal } from '../../store';
import { emptySet, insert, type FieldSet } from './field-set';
import { isAtomicMap, itemElement, itemMatches, listType, type ApplyContext } from './list-types';

type JsonMap = Record<string, unknown>;

/**
 * The fields an applied configuration sets: its scalar leaves, atomic lists and maps, and the
 * items of keyed and set lists (the item itself and its fields). A map holding fields is not a
 * member itself, and an empty one of a built-in kind is nothing (decoding into the Go type drops
 * it: `data: {}` owns no field).
 */
export function appliedSet(config: JsonMap, ctx: ApplyContext): FieldSet {
  const set = emptySet();
  collectMap(config, undefined, [], set, ctx, false);
  return set;
}

function collectMap(map: JsonMap, parent: string | undefined, path: string[], set: FieldSet, ctx: ApplyContext, added: boolean) {
  for (const [field, value] of Object.entries(map)) collectField(value, parent, field, [...path, `f:${field}`], set, ctx, added);
}

/** `added`: the value is new to the object, so the maps in it are members too (an Update's view). */
function collectField(value: unknown, parent: string | undefined, field: string, path: string[], set: FieldSet, ctx: ApplyContext, added: boolean) {
  if (Array.isArray(value)) {
    const type = listType(parent, field, ctx);
    if (type.kind === 'atomic') return insert(set, path);
    if (added && !alwaysPresent(parent, field, path.length)) insert(set, path);
    value.forEach((item, i) => collectItem(item, itemElement(item, type, i), field, path, set, ctx, added));
    return;
  }
  // A null is a zero value in the Go types (a template's `creationTimestamp: null`), not a change.
  if (added && value === null) return;
  if (isPlainObject(value) && !isAtomicMap(parent, field, ctx)) {
    const empty = Object.keys(value).length === 0;
    if (empty && !added && ctx.builtIn) return;
    if (empty) return insert(set, path);
    if (added && !alwaysPresent(parent, field, path.length)) insert(set, path);
    return collectMap(value, field, path, set, ctx, added);
  }
  insert(set, path);
}

function collectItem(item: unknown, element: string, listField: string, path: string[], set: FieldSet, ctx: ApplyContext, added: boolean) {
  const itemPath = [...path, element];
  insert(set, itemPath);
  if (isPlainObject(item) && !element.startsWith('v:')) collectMap(item, listField, itemPath, set, ctx, added);
}

/**
 * Fields of Go struct (not pointer) type, and fields without omitempty, exist in every object,
 * even an empty one, so the apiserver never records them as added: `f:spec` has no `.` in an
 * Update entry while a new `f:labels` map has one.
 */
function alwaysPresent(parent: string | undefined, field: string, depth: number): boolean {
  if (depth === 1) return field === 'metadata' || field === 'spec' || field === 'status';
  // A pod spec's containers are a list without omitempty: an empty pod spec has `containers: null`.
  if (parent === 'spec') return field === 'template' || field === 'strategy' || field === 'updateStrategy' || field === 'containers';
  return parent === 'template' && (field === 'metadata' || field === 'spec');
}

export interface Changes {
  /** Fields added or given another value. */
  changed: FieldSet;
  /** Fields (and whole subtrees) that are gone. */
  removed: FieldSet;
}

/** What a write changed, field by field, from `before` to `after`. */
export function compare(before: JsonMap, after: JsonMap, ctx: ApplyContext): Changes {
  const out: Changes = { changed: emptySet(), removed: emptySet() };
  compareMaps(before, after, undefined, [], out, ctx);
  return out;
}

function compareMaps(a: JsonMap, b: JsonMap, parent: string | undefined, path: string[], out: Changes, ctx: ApplyContext) {
  for (const [field, value] of Object.entries(b)) compareField(a[field], value, parent, field, [...path, `f:${field}`], out, ctx);
  for (const field of Object.keys(a)) if (!(field in b)) insert(out.removed, [...path, `f:${field}`]);
}

function compareField(a: unknown, b: unknown, parent: string | undefined, field: string, path: string[], out: Changes, ctx: ApplyContext) {
  if (a === undefined) return collectField(b, parent, field, path, out.changed, ctx, true);
  if (Array.isArray(a) && Array.isArray(b)) {
    const type = listType(parent, field, ctx);
    if (type.kind !== 'atomic') return compareItems(a, b, type, field, path, out, ctx);
  } else if (isPlainObject(a) && isPlainObject(b) && !isAtomicMap(parent, field, ctx)) {
    return compareMaps(a, b, field, path, out, ctx);
  }
  if (!equal(a, b)) collectField(b, parent, field, path, out.changed, ctx, true);
}

function compareItems(a: unknown[], b: unknown[], type: Parameters<typeof itemElement>[1], field: string, path: string[], out: Changes, ctx: ApplyContext) {
  const before = new Map(a.map((item, i) => [itemElement(item, type, i), item]));
  const after = new Set<string>();
  b.forEach((item, i) => {
    const element = itemElement(item, type, i);
    after.add(element);
    const old = before.get(element);
    if (old === undefined) collectItem(item, element, field, path, out.changed, ctx, true);
    else if (isPlainObject(old) && isPlainObject(item) && !element.startsWith('v:')) compareMaps(old, item, field, [...path, element], out, ctx);
    else if (!equal(old, item)) collectItem(item, element, field, path, out.changed, ctx, true);
  });
  for (const element of before.keys()) if (!after.has(element)) insert(out.removed, [...path, element]);
}

/** An applied configuration merged into the live object: maps field by field, keyed and set lists item by item, the rest replaced. */
export function mergeApplied(live: JsonMap, config: JsonMap, ctx: ApplyContext): JsonMap {
  return mergeMaps(live, config, undefined, ctx);
}

function mergeMaps(live: JsonMap, config: JsonMap, parent: string | undefined, ctx: ApplyContext): JsonMap {
  const result: JsonMap = { ...live };
  for (const [field, value] of Object.entries(config)) result[field] = mergeField(live[field], value, parent, field, ctx);
  return result;
}

function mergeField(live: unknown, config: unknown, parent: string | undefined, field: string, ctx: ApplyContext): unknown {
  if (isPlainObject(live) && isPlainObject(config) && !isAtomicMap(parent, field, ctx)) return mergeMaps(live, config, field, ctx);
  if (!Array.isArray(live) || !Array.isArray(config)) return structuredClone(config);
  const type = listType(parent, field, ctx);
  if (type.kind === 'atomic') return structuredClone(config);
  const result = [...live];
  const elements = live.map((item, i) => itemElement(item, type, i));
  config.forEach((item, i) => {
    const at = elements.indexOf(itemElement(item, type, i));
    if (at < 0) return result.push(structuredClone(item));
    if (type.kind === 'map' && isPlainObject(result[at]) && isPlainObject(item)) result[at] = mergeMaps(result[at] as JsonMap, item, field, ctx);
  });
  return result;
}

/** Removes the field or list item at `path` from `obj` (in place); a missing path is no change. */
export function removePath(obj: JsonMap, path: readonly string[]): void {
  let node: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const element = path[i];
    const last = i === path.length - 1;
    if (element.startsWith('f:')) {
      if (!isPlainObject(node)) return;
      const field = element.slice(2);
      if (last) delete node[field];
      else node = node[field];
      continue;
    }
    if (!Array.isArray(node)) return;
    const list: unknown[] = node;
    const at = list.findIndex((item, index) => itemMatches(item, element, index));
    if (at < 0) return;
    if (last) list.splice(at, 1);
    else node = list[at];
  }
}
