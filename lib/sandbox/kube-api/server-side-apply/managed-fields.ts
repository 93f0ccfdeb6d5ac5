// metadata.managedFields: who owns which field. Every write records its manager's entry; an
// apply owns exactly what it sent, drops what it sent before and no longer sends, and may not
// change a field another manager owns (a 409) unless it forces.
import { ApiError, type StatusCause } from '../../errors';
import { difference, emptySet, fromFieldsV1, intersection, isEmpty, members, nodeAt, pathString, setsEqual, toFieldsV1, union, type FieldSet } from './field-set';
import { appliedSet, compare, mergeApplied, removePath } from './walk';
import type { ApplyContext } from './list-types';
import { CLIENT_SIDE_UPGRADER, takeoverFields } from './last-applied';

type JsonMap = Record<string, unknown>;

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonMap;
  subresource?: string;
}

/** One manager's fields, as the set logic works with them. */
interface Owner {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

export interface Writer {
  manager: string;
  apiVersion: string;
  /** `status` for writes to the status subresource, which keep entries of their own. */
  subresource?: string;
  now: string;
}

// The apiserver tells managers apart by name, operation, subresource and — for Update only —
// the apiVersion written (an applier stays one manager whatever version it applies).
const sameOwner = (a: Omit<Owner, 'set'>, b: Omit<Owner, 'set'>) =>
  a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '') && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);

function readOwners(entries: unknown): Owner[] {
  if (!Array.isArray(entries)) return [];
  return entries.map((e: ManagedFieldsEntry) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    time: e.time,
    subresource: e.subresource,
    set: fromFieldsV1(e.fieldsV1),
  }));
}

function writeOwners(owners: Owner[]): ManagedFieldsEntry[] {
  return owners
    .filter((o) => !isEmpty(o.set))
    .map((o) => ({
      manager: o.manager,
      operation: o.operation,
      apiVersion: o.apiVersion,
      ...(o.time ? { time: o.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(o.set),
      ...(o.subresource ? { subresource: o.subresource } : {}),
    }));
}

/** A set without the subtrees under any member of `removed`. */
function withoutSubtrees(set: FieldSet, removed: FieldSet): FieldSet {
  const result: FieldSet = { member: set.member, children: new Map() };
  for (const [k, child] of set.children) {
    const gone = removed.children.get(k);
    if (gone?.member) continue;
    const rest = gone ? withoutSubtrees(child, gone) : child;
    if (!isEmpty(rest)) result.children.set(k, rest);
  }
  return result;
}

/** Sets the writer's entry, keeping its time when its fields did not change. */
function own(owners: Owner[], who: Omit<Owner, 'set' | 'time'>, set: FieldSet, now: string): Owner[] {
  const at = owners.findIndex((o) => sameOwner(o, who));
  if (at < 0) return [...owners, { ...who, time: now, set }];
  const before = owners[at];
  const next = [...owners];
  next[at] = { ...who, time: setsEqual(before.set, set) && before.time ? before.time : now, set };
  return next;
}

/**
 * A create, update or patch by a manager that does not apply: it owns what it added or changed,
 * no one else owns those any more, and no one owns what it removed. `before` and `after` are
 * the fields this write may touch (see ownedView); `before` is undefined on create.
 */
export function recordUpdate(entries: unknown, before: JsonMap | undefined, after: JsonMap, writer: Writer, ctx: ApplyContext): ManagedFieldsEntry[] {
  // An object that exists without managedFields stays untracked until its first apply.
  if (before !== undefined && readOwners(entries).length === 0) return [];
  const { changed, removed } = compare(before ?? {}, after, ctx);
  const who = { manager: writer.manager, operation: 'Update' as const, apiVersion: writer.apiVersion, subresource: writer.subresource };
  let owners = readOwners(entries).map((o) => ({ ...o, set: withoutSubtrees(sameOwner(o, who) ? o.set : difference(o.set, changed), removed) }));
  const mine = owners.find((o) => sameOwner(o, who))?.set ?? emptySet();
  owners = own(owners, who, union(mine, changed), writer.now);
  return writeOwners(owners);
}

export interface ApplyResult {
  object: JsonMap;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Server-side apply of `config` onto `live` (both reduced to the fields this request may
 * touch). Entries of an object that has none yet start with `before-first-apply`, an Update
 * entry owning every field the object has, so a first apply cannot silently take them over.
 */
export interface Applier extends Writer {
  force: boolean;
  /** The object's last client-side applied configuration (owned fields only), if it has one. */
  lastApplied?: JsonMap;
}

export function applyConfig(live: JsonMap, entries: unknown, config: JsonMap, writer: Applier, ctx: ApplyContext): ApplyResult {
  let owners = readOwners(entries);
  if (owners.length === 0 && Object.keys(live).length) {
    owners = [{ manager: 'before-first-apply', operation: 'Update', apiVersion: writer.apiVersion, time: writer.now, set: compare({}, live, ctx).changed }];
  }
  const who = { manager: writer.manager, operation: 'Apply' as const, apiVersion: writer.apiVersion, subresource: writer.subresource };
  const applied = appliedSet(config, ctx);
  const previous = owners.find((o) => sameOwner(o, who))?.set ?? emptySet();
  const others = owners.filter((o) => !sameOwner(o, who));
  const merged = mergeApplied(live, config, ctx);
  dropAbandoned(merged, difference(previous, applied), others);
  const { changed, removed } = compare(live, merged, ctx);
  const conflicts = others.flatMap((o) => members(intersection(o.set, changed)).map((path) => ({ owner: o, path })));
  if (conflicts.length && !writer.force) {
    const left = conflictsLeft(conflicts, live, writer, ctx);
    if (left.length) throw conflictError(left);
  }
  owners = owners.map((o) => ({ ...o, set: withoutSubtrees(sameOwner(o, who) ? o.set : difference(o.set, changed), removed) }));
  owners = own(owners, who, applied, writer.now);
  return { object: merged, managedFields: writeOwners(owners) };
}

/** Conflicts kubectl may not override on the strength of its last client-side apply (see last-applied.ts). */
function conflictsLeft(conflicts: Array<{ owner: Owner; path: string[] }>, live: JsonMap, writer: Applier, ctx: ApplyContext) {
  if (writer.manager !== CLIENT_SIDE_UPGRADER || !writer.lastApplied) return conflicts;
  const allowed = takeoverFields(writer.lastApplied, live, ctx);
  return conflicts.filter((c) => !nodeAt(allowed, c.path)?.member);
}

/**
 * Fields the applier owned, no longer applies, and no one else owns (here or below) are removed.
 * Parents go first: a list item is found by its key fields, so they must still be there.
 */
function dropAbandoned(obj: JsonMap, abandoned: FieldSet, others: Owner[]) {
  for (const path of members(abandoned)) {
    if (others.some((o) => nodeAt(o.set, path))) continue;
    removePath(obj, path);
  }
}

/** How the apiserver names a manager in a conflict: an updater with the version it wrote. */
function managerText(o: Owner): string {
  const name = `${JSON.stringify(o.manager)}${o.subresource ? ` with subresource ${JSON.stringify(o.subresource)}` : ''}`;
  return o.operation === 'Update' ? `${name} using ${o.apiVersion}` : name;
}

function conflictError(conflicts: Array<{ owner: Owner; path: string[] }>): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${managerText(c.owner)}`, field: pathString(c.path) }));
  if (conflicts.length === 1) {
    return new ApiError(409, 'Conflict', `Apply failed with 1 conflict: conflict with ${managerText(conflicts[0].owner)}: ${causes[0].field}`, { causes });
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const name = managerText(c.owner);
    byManager.set(name, [...(byManager.get(name) ?? []), pathString(c.path)]);
  }
  const lines = [...byManager.keys()].sort().flatMap((name) => [`conflicts with ${name}:`, ...byManager.get(name)!.map((p) => `- ${p}`)]);
  return new ApiError(409, 'Conflict', `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, { causes });
}
