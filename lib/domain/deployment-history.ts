// A Deployment's revision history as the deployment controller keeps it on its ReplicaSets:
// each ReplicaSet carries `deployment.kubernetes.io/revision`; the one matching the current
// template takes max(old revisions)+1 when it is not already the newest (this is how `rollout
// undo` makes a new revision out of an old ReplicaSet), remembering the numbers it had in
// `deployment.kubernetes.io/revision-history`; the Deployment's own annotations (change-cause
// among them) are copied onto it; old ReplicaSets beyond revisionHistoryLimit go, oldest first.

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations the controller never copies from the Deployment to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);
/** The controller stops growing revision-history past this many characters. */
const HISTORY_MAX_CHARS = 2000;

export const revisionOf = (annotations: Record<string, string> | undefined): number => {
  const n = Number(annotations?.[REVISION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
};

/** The revision the current template's ReplicaSet should have: one past every other one. */
export const nextRevision = (others: (Record<string, string> | undefined)[]) => Math.max(0, ...others.map(revisionOf)) + 1;

/**
 * The annotations of the ReplicaSet that matches the Deployment's template, after the controller
 * has been through it: the Deployment's annotations copied on, the revision raised to `revision`
 * if it was lower, the old number appended to the history when it was raised.
 */
export function newReplicaSetAnnotations(rs: Record<string, string> | undefined, deployment: Record<string, string> | undefined, revision: number): Record<string, string> {
  const out: Record<string, string> = { ...rs };
  for (const [k, v] of Object.entries(deployment ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  const had = rs?.[REVISION];
  const old = revisionOf(rs);
  if (old >= revision) return out;
  out[REVISION] = String(revision);
  if (had === undefined) return out;
  const history = rs?.[REVISION_HISTORY];
  if (!history) {
    out[REVISION_HISTORY] = had;
    return out;
  }
  // Oldest entries give way so the list stays under the length limit.
  const entries = history.split(',');
  let length = history.length + had.length + 1;
  let start = 0;
  while (length > HISTORY_MAX_CHARS && start < entries.length) length -= entries[start++].length + 1;
  if (length <= HISTORY_MAX_CHARS) out[REVISION_HISTORY] = [...entries.slice(start), had].join(',');
  return out;
}

export interface OldReplicaSet {
  name: string;
  revision: number;
  specReplicas: number;
  statusReplicas: number;
  /** metadata.generation > status.observedGeneration: its controller has not caught up. */
  pending: boolean;
  deleting: boolean;
}

/**
 * Old ReplicaSets to delete under revisionHistoryLimit: as many of the oldest as exceed the
 * limit, skipping (not replacing) any that still have replicas or are not yet observed.
 */
export function replicaSetsToPrune(old: OldReplicaSet[], limit: number | undefined): string[] {
  if (limit === undefined || limit === null) return [];
  const alive = old.filter((rs) => !rs.deleting).sort((a, b) => a.revision - b.revision || a.name.localeCompare(b.name));
  const excess = alive.length - limit;
  return alive
    .slice(0, Math.max(0, excess))
    .filter((rs) => rs.specReplicas === 0 && rs.statusReplicas === 0 && !rs.pending)
    .map((rs) => rs.name);
}

type Json = unknown;
const withoutNulls = (v: Json): Json => {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
  return out;
};

/**
 * A pod template with the pod-template-hash label taken off and nulls dropped (kubectl writes
 * `creationTimestamp: null` back when it restores an old template), for comparing templates
 * the way the controller's EqualIgnoreHash does.
 */
export function templateIgnoringHash(template: Json): Json {
  const t = withoutNulls(structuredClone(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  if (t.metadata && Object.keys(t.metadata).length === 0) delete t.metadata;
  return t;
}
