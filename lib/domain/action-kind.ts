// The kinds of action the dashboard takes, and when each is over, for the per-kind counts and
// durations on /api/metrics. A write's answer ends most actions: the patch or create is the
// server's whole part (a restart's rollout then goes on in the cluster, as kubectl's would). A
// drain goes on after its answer, on the replica that runs it, and ends there: drained, failed, or
// cancelled by someone. Refusals (4xx: no right, an impossible plan, a conflict) and dry runs are
// not actions that ran; the write counter by audit name keeps them.

export const ACTION_KINDS = ['restart', 'scale', 'pin', 'unpin', 'cordon', 'uncordon', 'drain', 'do-not-disrupt', 'node-pool', 'node-class', 'nodegroup'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

/** Audit name of each write route to its action kind; a drain's cancel is the drain's end, not an action of its own. */
const KIND_OF_AUDIT_NAME: Record<string, ActionKind> = {
  'deployment.restart': 'restart',
  'deployment.scale': 'scale',
  'deployment.pin': 'pin',
  'deployment.unpin': 'unpin',
  'node.cordon': 'cordon',
  'node.uncordon': 'uncordon',
  'node.drain': 'drain',
  'node.do-not-disrupt': 'do-not-disrupt',
  'nodepool.edit': 'node-pool',
  'nodeclass.create': 'node-class',
  'nodegroup.create': 'nodegroup',
};

export const actionKindOf = (auditName: string | undefined): ActionKind | undefined => (auditName === undefined ? undefined : KIND_OF_AUDIT_NAME[auditName]);

/** Kinds whose answer only starts them. */
const RUNS_ON: ReadonlySet<ActionKind> = new Set(['drain']);

export type WriteEnd = { finished: ActionOutcome } | { started: true } | { ran: false };

/** What a write's answer says of its action: finished (and how), started (it ends later), or never ran. */
export function writeEnd(kind: ActionKind, status: number, dryRun: boolean): WriteEnd {
  if (dryRun || (status >= 400 && status < 500)) return { ran: false };
  if (status >= 500) return { finished: 'failed' };
  return RUNS_ON.has(kind) ? { started: true } : { finished: 'succeeded' };
}

/** How a drain's run ended, as an action outcome (a node Auto Mode removed once empty was drained). */
export function drainOutcome(end: 'drained' | 'cancelled' | 'failed'): ActionOutcome {
  return end === 'drained' ? 'succeeded' : end;
}
