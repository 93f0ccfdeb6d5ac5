// How server-side apply treats a list: as a map keyed by fields of its items, as a set of
// scalars, or as one atomic value. Built-in kinds follow their OpenAPI `x-kubernetes-list-type`
// / `x-kubernetes-list-map-keys`, which mostly equal the strategic-merge `patchMergeKey`; the
// lists keyed by more than one field are named here. Custom resources' lists are atomic (the
// default for a CRD schema that does not say otherwise), and so is any list not known.
import { isPlainObject, listStrategy } from '../../patch';

export type ListType = { kind: 'map'; keys: string[] } | { kind: 'set' } | { kind: 'atomic' };

const MULTI_KEY: Record<string, string[]> = {
  'containers.ports': ['containerPort', 'protocol'],
  'initContainers.ports': ['containerPort', 'protocol'],
  'ephemeralContainers.ports': ['containerPort', 'protocol'],
  'spec.ports': ['port', 'protocol'], // Service
  '*.topologySpreadConstraints': ['topologyKey', 'whenUnsatisfiable'],
};

/** Key fields the apiserver defaults before it computes the key (a port's protocol). */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

export interface ApplyContext {
  builtIn: boolean;
}

/**
 * Maps and structs the built-in types mark atomic (`+structType=atomic`, `+mapType=atomic`): a
 * label selector (`spec.selector` of workloads, `labelSelector`, `namespaceSelector`; a Service's
 * `spec.selector` map is atomic too), a node affinity's required NodeSelector, and the key and
 * field references of env vars. Owned, merged and compared as one value.
 */
const ATOMIC_MAPS: Record<string, true> = {
  'spec.selector': true,
  '*.labelSelector': true,
  '*.namespaceSelector': true,
  'nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution': true,
  '*.secretKeyRef': true,
  '*.configMapKeyRef': true,
  '*.fieldRef': true,
  '*.resourceFieldRef': true,
};

export function isAtomicMap(parent: string | undefined, field: string, ctx: ApplyContext): boolean {
  return ctx.builtIn && Boolean(ATOMIC_MAPS[`${parent ?? ''}.${field}`] ?? ATOMIC_MAPS[`*.${field}`]);
}

export function listType(parent: string | undefined, field: string, ctx: ApplyContext): ListType {
  if (!ctx.builtIn) return { kind: 'atomic' };
  const keys = MULTI_KEY[`${parent ?? ''}.${field}`] ?? MULTI_KEY[`*.${field}`];
  if (keys) return { kind: 'map', keys };
  const strategy = listStrategy(parent, field);
  if (!strategy) return { kind: 'atomic' };
  return strategy.mergeKey ? { kind: 'map', keys: [strategy.mergeKey] } : { kind: 'set' };
}

/** The path element naming a list item: `k:{"name":"web"}`, `v:"a"`, or its index when keyless. */
export function itemElement(item: unknown, type: ListType, index: number): string {
  if (type.kind === 'set') return `v:${JSON.stringify(item)}`;
  if (type.kind === 'map' && isPlainObject(item)) {
    const key: Record<string, unknown> = {};
    for (const name of [...type.keys].sort()) {
      const value = item[name] ?? KEY_DEFAULTS[name];
      if (value !== undefined) key[name] = value;
    }
    if (Object.keys(key).length) return `k:${JSON.stringify(key)}`;
  }
  return `i:${index}`;
}

/** Whether a list item is the one a path element names. */
export function itemMatches(item: unknown, element: string, index: number): boolean {
  const body = element.slice(2);
  if (element.startsWith('v:')) return JSON.stringify(item) === body;
  if (element.startsWith('i:')) return Number(body) === index;
  if (!isPlainObject(item)) return false;
  const key = JSON.parse(body) as Record<string, unknown>;
  return Object.entries(key).every(([name, value]) => JSON.stringify(item[name] ?? KEY_DEFAULTS[name]) === JSON.stringify(value));
}
