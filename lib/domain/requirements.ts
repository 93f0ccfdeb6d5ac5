// Karpenter / EKS Auto Mode placement rules as pure functions: NodePool requirements (In, NotIn,
// Exists, DoesNotExist, Gt, Lt), whether a pod could ever land on a node of a pool, and which
// well-known labels a pool's nodes carry. Used by the sandbox's provisioner and by the UI's
// what-if planning, so both give the same answer.

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values?: string[];
  minValues?: number;
  /**
   * From a node selector term's matchFields: `key` names a field of the node, not a label. The
   * only field Kubernetes supports is metadata.name (with In or NotIn).
   */
  field?: true;
}

export const NODE_NAME_FIELD = 'metadata.name';

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
}

export interface TaintLike {
  key: string;
  value?: string;
  effect: string;
}

/**
 * Labels Karpenter knows how to satisfy without the pool naming them: a pod may select on these
 * and a pool whose offerings include the value can launch a matching node. Any other key must be
 * set by the pool (template label or requirement), or the pod is incompatible with the pool —
 * which is why a selector on the wrong key (`eks.amazonaws.com/node-class`) never provisions.
 */
export const WELL_KNOWN_LABELS = new Set([
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'karpenter.sh/capacity-type',
  'karpenter.sh/nodepool',
  'eks.amazonaws.com/nodeclass',
  'eks.amazonaws.com/compute-type',
  'eks.amazonaws.com/instance-category',
  'eks.amazonaws.com/instance-family',
  'eks.amazonaws.com/instance-generation',
  'eks.amazonaws.com/instance-cpu',
  'eks.amazonaws.com/instance-memory',
  'eks.amazonaws.com/instance-size',
]);

/** Does one requirement allow this label value (undefined = the label is absent)? */
export function allows(req: Requirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const v = Number(value);
      const bound = Number(values[0]);
      if (!Number.isFinite(v) || !Number.isFinite(bound)) return false;
      return req.operator === 'Gt' ? v > bound : v < bound;
    }
    default:
      return false;
  }
}

/** Do all requirements allow these labels? */
export function allowsAll(reqs: readonly Requirement[], labels: Record<string, string | undefined>): boolean {
  return reqs.every((r) => allows(r, labels[r.key]));
}

/** A node as required node affinity sees it: matchExpressions read its labels, matchFields its name. */
export interface AffinityNode {
  name: string;
  labels: Record<string, string | undefined>;
}

/**
 * Does one node selector term select the node? Its requirements are ANDed; a term with none
 * selects no node (Kubernetes: an empty nodeSelectorTerm matches no objects).
 */
export function termSelects(term: readonly Requirement[], node: AffinityNode): boolean {
  if (term.length === 0) return false;
  return term.every((r) => (r.field ? r.key === NODE_NAME_FIELD && allows(r, node.name) : allows(r, node.labels[r.key])));
}

/** Required node affinity: no terms allow every node, otherwise any one term must select it. */
export function affinityAllows(terms: readonly (readonly Requirement[])[] | undefined, node: AffinityNode): boolean {
  return !terms?.length || terms.some((term) => termSelects(term, node));
}

/**
 * Whether a node's labels satisfy a pod's nodeSelector: each key present with exactly that value.
 * The same as allowsAll over selectorRequirements, without building them: placement asks this
 * for every pod against every node (a review of 1,000 nodes asks it tens of millions of times).
 */
export function selectorAllows(nodeSelector: Record<string, string> | undefined, labels: Record<string, string | undefined>): boolean {
  if (!nodeSelector) return true;
  for (const key in nodeSelector) if (labels[key] !== nodeSelector[key]) return false;
  return true;
}

/** Converts a pod's nodeSelector into In requirements. */
export function selectorRequirements(nodeSelector: Record<string, string> | undefined): Requirement[] {
  return Object.entries(nodeSelector ?? {}).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
}

/** Is the taint tolerated by any of the tolerations (Kubernetes' matching rules)? */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: TaintLike): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** The taints a pod does not tolerate (PreferNoSchedule never blocks placement). */
export function untoleratedTaints(tolerations: readonly Toleration[] | undefined, taints: readonly TaintLike[] | undefined): TaintLike[] {
  return (taints ?? []).filter((t) => keepsOff(t, tolerations));
}

/** Whether any taint keeps the pod off: untoleratedTaints without the list, for checks run per pod and node. */
export function anyUntoleratedTaint(tolerations: readonly Toleration[] | undefined, taints: readonly TaintLike[] | undefined): boolean {
  return taints !== undefined && taints.some((t) => keepsOff(t, tolerations));
}

function keepsOff(taint: TaintLike, tolerations: readonly Toleration[] | undefined): boolean {
  return taint.effect !== 'PreferNoSchedule' && !tolerates(tolerations, taint);
}

export interface PoolShape {
  name: string;
  /** Labels every node of the pool gets (template labels plus pool / class identity). */
  labels: Record<string, string>;
  requirements: Requirement[];
  taints: TaintLike[];
}

export interface PodShape {
  nodeSelector?: Record<string, string>;
  /** Required node affinity: the pod fits if any one term is satisfied (terms are ORed). */
  affinityTerms?: Requirement[][];
  tolerations?: Toleration[];
}

export type Incompatibility =
  | { kind: 'taint'; taint: TaintLike }
  | { kind: 'undefined-label'; key: string }
  | { kind: 'label-mismatch'; key: string; wanted: string; has: string }
  | { kind: 'requirement'; key: string; detail: string };

/**
 * Could a node of this pool satisfy the pod's placement rules? Returns the reasons it cannot
 * (empty = compatible). A pod requirement on a key the pool pins with a label must match the
 * label; on a key the pool constrains with a requirement, some value must satisfy both; on a
 * well-known key, the pool's offerings decide later (instance selection); on any other key the
 * pool's nodes would not carry the label at all.
 */
export function podPoolIncompatibilities(pod: PodShape, pool: PoolShape): Incompatibility[] {
  const problems: Incompatibility[] = [];
  for (const taint of untoleratedTaints(pod.tolerations, pool.taints)) problems.push({ kind: 'taint', taint });
  const terms = pod.affinityTerms?.length ? pod.affinityTerms : [[]];
  const selector = selectorRequirements(pod.nodeSelector);
  let best: Incompatibility[] | undefined;
  for (const term of terms) {
    const termProblems = pod.affinityTerms?.length && term.length === 0 ? [EMPTY_TERM] : [...selector, ...term].flatMap((req) => requirementProblem(req, pool));
    if (termProblems.length === 0) return problems;
    if (!best || termProblems.length < best.length) best = termProblems;
  }
  return [...problems, ...(best ?? [])];
}

const EMPTY_TERM: Incompatibility = { kind: 'requirement', key: '', detail: 'an empty node selector term selects no node' };

function requirementProblem(req: Requirement, pool: PoolShape): Incompatibility[] {
  // A node's name is chosen when it launches: a term naming nodes cannot ask for a new one.
  if (req.field) return req.operator === 'NotIn' ? [] : [{ kind: 'requirement', key: req.key, detail: `${describe(req)} names a node, which a new node of the pool cannot be` }];
  const label = pool.labels[req.key];
  if (label !== undefined) {
    return allows(req, label) ? [] : [{ kind: 'label-mismatch', key: req.key, wanted: describe(req), has: label }];
  }
  const poolReqs = pool.requirements.filter((r) => r.key === req.key);
  if (poolReqs.length > 0) {
    return intersects(req, poolReqs) ? [] : [{ kind: 'requirement', key: req.key, detail: `${describe(req)} conflicts with the pool's ${poolReqs.map(describe).join(', ')}` }];
  }
  if (WELL_KNOWN_LABELS.has(req.key)) return [];
  // The pool's nodes will not have this label; only "absent" requirements can be satisfied.
  if (req.operator === 'NotIn' || req.operator === 'DoesNotExist') return [];
  return [{ kind: 'undefined-label', key: req.key }];
}

/** Is there a value both the pod's requirement and all the pool's requirements on that key allow? */
function intersects(req: Requirement, poolReqs: Requirement[]): boolean {
  const candidates = new Set<string>();
  for (const r of [req, ...poolReqs]) for (const v of r.values ?? []) candidates.add(v);
  // Numeric bounds: probe around the bounds so Gt/Lt ranges can meet.
  for (const r of [req, ...poolReqs]) {
    if ((r.operator === 'Gt' || r.operator === 'Lt') && r.values?.[0] !== undefined) {
      const n = Number(r.values[0]);
      for (const d of [-1, 1]) candidates.add(String(n + d));
    }
  }
  const all = [req, ...poolReqs];
  if ([...candidates].some((v) => all.every((r) => allows(r, v)))) return true;
  // Neither side names a value: Exists / NotIn / DoesNotExist combinations.
  const someValue = '__any_other_value__';
  if (all.every((r) => allows(r, someValue))) return true;
  return all.every((r) => allows(r, undefined));
}

export function describe(req: Requirement): string {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return values.length === 1 ? `${req.key}=${values[0]}` : `${req.key} in (${values.join(', ')})`;
    case 'NotIn':
      return `${req.key} notin (${values.join(', ')})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
    case 'Gt':
      return `${req.key} > ${values[0]}`;
    case 'Lt':
      return `${req.key} < ${values[0]}`;
  }
}

/** One line for an event or the UI: why a pod cannot use a pool. */
export function explainIncompatibility(p: Incompatibility): string {
  switch (p.kind) {
    case 'taint':
      return `did not tolerate taint ${p.taint.key}${p.taint.value ? `=${p.taint.value}` : ''}:${p.taint.effect}`;
    case 'undefined-label':
      return `label "${p.key}" does not have known values`;
    case 'label-mismatch':
      return `requires ${p.wanted} but the pool sets ${p.key}=${p.has}`;
    case 'requirement':
      return p.detail;
  }
}
