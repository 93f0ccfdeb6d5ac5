// Rollout facts shared by the restart action, its plan and the live view: how kubectl restarts a
// deployment, when a restart must be refused, and which PodDisruptionBudgets cover its pods.

import { fromLabelSelectorObject, matchesLabelSelector, type LabelSelectorObject } from './label-selector';

/** The pod-template annotation `kubectl rollout restart` sets; changing it rolls every pod. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Where nodelanes records the last action it took on an object (JSON), so a reload can find it. */
export const LAST_ACTION = 'nodelanes.io/last-action';

export interface ActionRecord {
  /** The activity id: one per user action, shared by every object a batch touches. */
  id: string;
  action: string;
  by: string;
  at: string;
  /** The pool a pin moved the workload to. */
  target?: { key: string; value: string };
  /** Every object of the batch (`namespace/name` for deployments, `name` for pools). */
  batch?: string[];
  /** The cluster when the action started, for the summary after it settles (per pool: the charts' first point). */
  before?: { nodes: number; hourly: number; perPool?: PoolCount[] };
  /** The cluster at moments a server saw it change while the action ran (activity-timeline.ts). */
  steps?: ActivityMark[];
  /** The cluster when a server first saw the action settled: the end of its time taken. */
  finished?: ActivityMark;
}

/** Pods and nodes of one pool and their estimated cost per hour, at one moment. */
export interface PoolCount {
  pool: string;
  nodes: number;
  pods: number;
  hourly: number;
}

/** The cluster at one moment of an action, as its record keeps it. */
export interface ActivityMark {
  at: string;
  nodes: number;
  hourly: number;
  perPool: PoolCount[];
}

/** The action record an object carries, or undefined when it has none (or a malformed one). */
export function actionRecordOf(annotations: Record<string, string> | undefined | null): ActionRecord | undefined {
  const text = annotations?.[LAST_ACTION];
  if (!text) return undefined;
  try {
    const r = JSON.parse(text) as Partial<ActionRecord>;
    return typeof r.id === 'string' && typeof r.action === 'string' && typeof r.by === 'string' && typeof r.at === 'string' ? (r as ActionRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** kubectl formats the time as RFC 3339 in seconds (Go's time.RFC3339). */
export function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The restartedAt value that surely rolls the pods. kubectl writes the time in whole seconds, so a
 * second restart within the same second leaves the pod template as it was and starts nothing —
 * while the request succeeds. When the template already holds this second (or a later one, from
 * a clock ahead of ours), one second after it is used instead.
 */
export function restartStamp(at: Date, previous?: string): string {
  const now = rfc3339(at);
  const before = previous ? Date.parse(previous) : NaN;
  if (Number.isNaN(before) || before < Date.parse(now)) return now;
  return rfc3339(new Date(before + 1000));
}

/** The strategic-merge patch of a rollout restart, as kubectl sends it, plus our action record. */
export function restartPatch(at: Date, record?: ActionRecord, resourceVersion?: string, previousStamp?: string) {
  return {
    metadata: {
      ...(resourceVersion ? { resourceVersion } : {}),
      ...(record ? { annotations: { [LAST_ACTION]: JSON.stringify(record) } } : {}),
    },
    spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartStamp(at, previousStamp) } } } },
  };
}

export interface DeploymentCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface RestartRefusal {
  code: 'paused' | 'rollout_stuck';
  message: string;
}

/**
 * Why a restart must not go ahead, or undefined. A paused deployment ignores template changes
 * (kubectl refuses too); a rollout past its progress deadline will not finish, and restarting it
 * only adds a third ReplicaSet to the two already stuck.
 */
export function restartRefusal(deployment: { name: string; paused?: boolean; conditions?: readonly DeploymentCondition[] }): RestartRefusal | undefined {
  if (deployment.paused) {
    return { code: 'paused', message: `Deployment "${deployment.name}" is paused: resume it first (kubectl rollout resume deployment/${deployment.name}).` };
  }
  const progressing = deployment.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return {
      code: 'rollout_stuck',
      message: `The current rollout of "${deployment.name}" is stuck (ProgressDeadlineExceeded${progressing.message ? `: ${progressing.message}` : ''}). Fix it before restarting.`,
    };
  }
  return undefined;
}

export interface PdbLike {
  name: string;
  selector?: LabelSelectorObject | null;
  disruptionsAllowed?: number;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

/**
 * The PDBs whose selector matches the pod template's labels. In policy/v1 an empty selector
 * covers every pod of the namespace and a null one covers none; a selector the API server would
 * not parse covers none either.
 */
export function pdbsCovering<T extends PdbLike>(pdbs: readonly T[], podLabels: Record<string, string> | undefined): T[] {
  return pdbs.filter((pdb) => {
    try {
      return matchesLabelSelector(fromLabelSelectorObject(pdb.selector), podLabels ?? {});
    } catch {
      return false;
    }
  });
}

/** kubectl's equivalent of a restart, for people who act from a terminal or a runbook. */
export function restartCommand(namespace: string, name: string): string {
  return `kubectl rollout restart deployment/${name} -n ${namespace}`;
}
