// A set of field paths as server-side apply keeps them (sigs.k8s.io/structured-merge-diff): a
// tree whose edges are path elements in their managedFields spelling — `f:<field>`,
// `k:{"name":"web"}` for an item of a list keyed by fields, `v:<json>` for an item of a set
// list, `i:<n>` for an index — and whose nodes say whether the path itself is in the set.

export interface FieldSet {
  member: boolean;
  children: Map<string, FieldSet>;
}

export type FieldPath = readonly string[];

export const emptySet = (): FieldSet => ({ member: false, children: new Map() });

export function insert(set: FieldSet, path: FieldPath): void {
  let node = set;
  for (const element of path) {
    let child = node.children.get(element);
    if (!child) node.children.set(element, (child = emptySet()));
    node = child;
  }
  node.member = true;
}

export function isEmpty(set: FieldSet): boolean {
  return !set.member && set.children.size === 0;
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const result: FieldSet = { member: a.member || b.member, children: new Map() };
  for (const [k, child] of a.children) result.children.set(k, b.children.has(k) ? union(child, b.children.get(k)!) : copy(child));
  for (const [k, child] of b.children) if (!a.children.has(k)) result.children.set(k, copy(child));
  return result;
}

/** The members of `a` that are not members of `b`. */
export function difference(a: FieldSet, b: FieldSet | undefined): FieldSet {
  const result: FieldSet = { member: a.member && !b?.member, children: new Map() };
  for (const [k, child] of a.children) {
    const rest = difference(child, b?.children.get(k));
    if (!isEmpty(rest)) result.children.set(k, rest);
  }
  return result;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const result: FieldSet = { member: a.member && b.member, children: new Map() };
  for (const [k, child] of a.children) {
    const other = b.children.get(k);
    if (!other) continue;
    const both = intersection(child, other);
    if (!isEmpty(both)) result.children.set(k, both);
  }
  return result;
}

export function setsEqual(a: FieldSet, b: FieldSet): boolean {
  if (a.member !== b.member || a.children.size !== b.children.size) return false;
  for (const [k, child] of a.children) {
    const other = b.children.get(k);
    if (!other || !setsEqual(child, other)) return false;
  }
  return true;
}

/** The node at `path`, if the set has one (a member or a parent of members). */
export function nodeAt(set: FieldSet, path: FieldPath): FieldSet | undefined {
  let node: FieldSet | undefined = set;
  for (const element of path) node = node?.children.get(element);
  return node;
}

function copy(set: FieldSet): FieldSet {
  return union(set, emptySet());
}

// structured-merge-diff orders path elements by kind (field names, then keys, values, indexes).
const KIND_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

function compareElements(a: string, b: string): number {
  const byKind = (KIND_ORDER[a[0]] ?? 4) - (KIND_ORDER[b[0]] ?? 4);
  if (byKind) return byKind;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every member path, in the set's order. */
export function members(set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = set.member ? [prefix] : [];
  for (const k of [...set.children.keys()].sort(compareElements)) out.push(...members(set.children.get(k)!, [...prefix, k]));
  return out;
}

/** managedFields' fieldsV1: `{}` for a member leaf, `.` for a member that also has members below. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (set.member && set.children.size) out['.'] = {};
  for (const k of [...set.children.keys()].sort(compareElements)) out[k] = toFieldsV1(set.children.get(k)!);
  return out;
}

export function fromFieldsV1(json: unknown): FieldSet {
  const set = emptySet();
  if (!json || typeof json !== 'object' || Array.isArray(json)) return set;
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length === 0) set.member = true;
  for (const [k, child] of entries) {
    if (k === '.') set.member = true;
    else set.children.set(k, fromFieldsV1(child));
  }
  return set;
}

/** A path as the apiserver prints it in conflicts: `.spec.containers[name="web"].image`. */
export function pathString(path: FieldPath): string {
  return path.map(elementString).join('');
}

function elementString(element: string): string {
  const body = element.slice(2);
  switch (element[0]) {
    case 'f':
      return `.${body}`;
    case 'k': {
      const key = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.keys(key).map((name) => `${name}=${JSON.stringify(key[name])}`).join(',')}]`;
    }
    case 'v':
      return `[=${body}]`;
    default:
      return `[${body}]`;
  }
}
