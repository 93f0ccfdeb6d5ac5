// Editing a NodePool someone made (never Auto Mode's built-in `system` / `general-purpose`): the
// fields a platform team tunes after the fact — allowed instance types, limits, consolidation and
// disruption budgets — applied to the object as it is in the cluster, with what changes said
// before anything is sent: the spec diff, and the nodes that stop matching the pool's
// requirements (Karpenter marks those Drifted and replaces them, paced by the budgets). Limits,
// consolidation and budgets are not part of drift: changing them replaces no node.

import yaml from 'js-yaml';
import { instanceSpec } from './instance-types';
import { BUILT_IN_NODE_POOLS, type NodeInfo } from './model';
import type { Budget, Finding } from './node-class';
import { allows, type Requirement } from './requirements';

export const INSTANCE_TYPE_KEY = 'node.kubernetes.io/instance-type';

/** Present fields are set; absent ones stay as they are. `[]` / `null` remove (Karpenter's defaults apply). */
export interface NodePoolEdit {
  instanceTypes?: string[];
  limits?: { cpu?: string | null; memory?: string | null };
  consolidationPolicy?: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
  consolidateAfter?: string;
  budgets?: Budget[];
}

/** The part of a karpenter.sh/v1 NodePool spec this edit reads and writes; the rest is carried along untouched. */
export interface RawNodePoolSpec {
  template?: { metadata?: unknown; spec?: { requirements?: Requirement[]; [k: string]: unknown } };
  limits?: Record<string, string>;
  disruption?: { consolidationPolicy?: string; consolidateAfter?: string; budgets?: Budget[]; [k: string]: unknown };
  [k: string]: unknown;
}

/** What the form starts from: the editable fields as they are now. */
export interface EditableNodePool {
  /** undefined: the pool does not restrict types with a plain `In` list (any type, or another operator). */
  instanceTypes?: string[];
  limits: { cpu?: string; memory?: string };
  consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
  consolidateAfter: string;
  budgets: Budget[];
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

export function editableOf(spec: RawNodePoolSpec): EditableNodePool {
  const req = spec.template?.spec?.requirements?.find((r) => r.key === INSTANCE_TYPE_KEY);
  return {
    ...(req?.operator === 'In' ? { instanceTypes: [...(req.values ?? [])] } : {}),
    limits: { ...(spec.limits?.cpu ? { cpu: String(spec.limits.cpu) } : {}), ...(spec.limits?.memory ? { memory: String(spec.limits.memory) } : {}) },
    consolidationPolicy: spec.disruption?.consolidationPolicy === 'WhenEmpty' ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized',
    // Karpenter v1's defaults when the spec leaves them out.
    consolidateAfter: spec.disruption?.consolidateAfter ?? '0s',
    budgets: clone(spec.disruption?.budgets ?? []),
  };
}

/** The spec after the edit. The instance-type requirement keeps its place among the others. */
export function editedSpec(spec: RawNodePoolSpec, edit: NodePoolEdit): RawNodePoolSpec {
  const next = clone(spec);
  if (edit.instanceTypes) {
    next.template = { ...(next.template ?? {}), spec: { ...(next.template?.spec ?? {}) } };
    const reqs = [...(next.template.spec!.requirements ?? [])];
    const at = reqs.findIndex((r) => r.key === INSTANCE_TYPE_KEY);
    const replacement: Requirement | undefined = edit.instanceTypes.length ? { key: INSTANCE_TYPE_KEY, operator: 'In', values: [...edit.instanceTypes] } : undefined;
    if (at >= 0) reqs.splice(at, 1, ...(replacement ? [replacement] : []));
    else if (replacement) reqs.unshift(replacement);
    next.template.spec!.requirements = reqs;
  }
  if (edit.limits) {
    const limits = { ...(next.limits ?? {}) };
    for (const key of ['cpu', 'memory'] as const) {
      const v = edit.limits[key];
      if (v === null) delete limits[key];
      else if (v !== undefined) limits[key] = v;
    }
    if (Object.keys(limits).length) next.limits = limits;
    else delete next.limits;
  }
  if (edit.consolidationPolicy || edit.consolidateAfter || edit.budgets) {
    const d = { ...(next.disruption ?? {}) };
    if (edit.consolidationPolicy) d.consolidationPolicy = edit.consolidationPolicy;
    if (edit.consolidateAfter) d.consolidateAfter = edit.consolidateAfter;
    if (edit.budgets) {
      if (edit.budgets.length) d.budgets = clone(edit.budgets);
      else delete d.budgets;
    }
    next.disruption = d;
  }
  return next;
}

export interface SpecChange {
  /** Dotted path in the spec, e.g. `limits.cpu` or `template.spec.requirements`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

const EDITED_PATHS = ['template.spec.requirements', 'limits.cpu', 'limits.memory', 'disruption.consolidationPolicy', 'disruption.consolidateAfter', 'disruption.budgets'];

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** The fields that differ, in a fixed order (only the ones an edit can touch). */
export function specChanges(before: RawNodePoolSpec, after: RawNodePoolSpec): SpecChange[] {
  return EDITED_PATHS.flatMap((path) => {
    const b = at(before, path);
    const a = at(after, path);
    return JSON.stringify(b) === JSON.stringify(a) ? [] : [{ path, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) }];
  });
}

/**
 * The JSON merge patch (RFC 7386) that turns `before` into `after` for the edited fields, with
 * the resourceVersion precondition and our annotations. Arrays (requirements, budgets) are
 * replaced whole, as merge patch does; a removed field is `null`.
 */
export function nodePoolPatch(before: RawNodePoolSpec, after: RawNodePoolSpec, meta: { resourceVersion?: string; annotations?: Record<string, string> } = {}) {
  const spec: Record<string, unknown> = {};
  for (const c of specChanges(before, after)) {
    const keys = c.path.split('.');
    let o = spec;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys.at(-1)!] = c.after === undefined ? null : c.after;
  }
  // Removing the last limit leaves `limits: {}` in the object, which Karpenter reads as "no limits" too.
  return {
    metadata: { ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}), ...(meta.annotations ? { annotations: meta.annotations } : {}) },
    spec,
  };
}

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** A line diff (longest common subsequence) of the two specs as YAML, as a reviewer reads it. */
export function yamlDiff(before: RawNodePoolSpec, after: RawNodePoolSpec): DiffLine[] {
  const a = yaml.dump(before, { noRefs: true, lineWidth: 120, sortKeys: true }).trimEnd().split('\n');
  const b = yaml.dump(after, { noRefs: true, lineWidth: 120, sortKeys: true }).trimEnd().split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ op: '-', text: a[i++] });
    else out.push({ op: '+', text: b[j++] });
  }
  return out;
}

/** A node of the pool and why the new requirements no longer admit it. */
export interface DriftedNode {
  name: string;
  instanceType?: string;
  reason: string;
}

/**
 * Nodes of the pool that matched the old requirements and fail a requirement the edit changed.
 * Only changed requirements are checked: the compact model keeps a subset of each node's labels,
 * and a requirement nobody touched cannot start a drift.
 */
export function driftedNodes(pool: string, before: RawNodePoolSpec, after: RawNodePoolSpec, nodes: readonly Pick<NodeInfo, 'name' | 'labels' | 'instanceType' | 'pool' | 'terminating'>[]): DriftedNode[] {
  const old = new Map((before.template?.spec?.requirements ?? []).map((r) => [r.key, JSON.stringify(r)]));
  const changed = (after.template?.spec?.requirements ?? []).filter((r) => old.get(r.key) !== JSON.stringify(r));
  if (!changed.length) return [];
  return nodes
    .filter((n) => n.pool.source === 'karpenter-nodepool' && n.pool.name === pool && !n.terminating)
    .flatMap((n) => {
      const labels: Record<string, string | undefined> = { ...n.labels, ...(n.instanceType ? { [INSTANCE_TYPE_KEY]: n.instanceType } : {}) };
      const failed = changed.find((r) => !allows(r, labels[r.key]));
      if (!failed) return [];
      return [{ name: n.name, ...(n.instanceType ? { instanceType: n.instanceType } : {}), reason: `${failed.key}=${labels[failed.key] ?? '(absent)'} is no longer allowed` }];
    })
    .sort((x, y) => x.name.localeCompare(y.name));
}

export function preflightNodePoolEdit(pool: string, before: RawNodePoolSpec, after: RawNodePoolSpec, edit: NodePoolEdit): Finding[] {
  const out: Finding[] = [];
  if (BUILT_IN_NODE_POOLS.includes(pool)) {
    out.push({ level: 'error', code: 'built-in', message: `"${pool}" is an Auto Mode built-in NodePool: it can be enabled or disabled, never edited.` });
  }
  const unknown = (edit.instanceTypes ?? []).filter((t) => !instanceSpec(t));
  if (unknown.length) {
    out.push({ level: 'error', code: 'unknown-instance-type', field: 'instanceTypes', message: `Unknown instance type${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` });
  }
  if (edit.instanceTypes && edit.instanceTypes.length === 0) {
    out.push({ level: 'warning', code: 'any-instance-type', field: 'instanceTypes', message: 'No instance-type requirement: Auto Mode may launch any type the other requirements allow.' });
  }
  if (specChanges(before, after).length === 0) {
    out.push({ level: 'info', code: 'no-change', message: 'Nothing changes: the pool already has these settings.' });
  }
  return out;
}

/** The kubectl equivalent of the patch (merge patch, as the dashboard sends it). */
export function patchCommand(pool: string, patch: { spec: unknown }): string {
  return `kubectl patch nodepool ${pool} --type merge -p '${JSON.stringify({ spec: patch.spec }).replaceAll("'", `'\\''`)}'`;
}

/** What planning an edit answers (the routes and the edit form share it). */
export interface NodePoolPlan {
  name: string;
  resourceVersion: string;
  generation: number;
  current: EditableNodePool;
  changes: SpecChange[];
  diff: DiffLine[];
  drifted: DriftedNode[];
  findings: Finding[];
  patch: ReturnType<typeof nodePoolPatch>;
  kubectl: string;
}
