// Node actions as the signed-in user: cordon / uncordon, mark / unmark do-not-disrupt, and drain,
// either through the Eviction API (what `kubectl drain` does: PodDisruptionBudgets may refuse with
// 429, retried with backoff) or by rollout restart (cordon, restart the deployments that own
// pods here so their new pods start on other nodes before the old ones stop, then evict what is
// left). Each action leaves its record on the Node (`nodelanes.io/last-action`) and an Event, so
// the live view finds it after a reload, and kubectl describe shows who did it.

import { LAST_ACTION } from '@/lib/domain/rollout';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import { actionRecord, restartDeployment, type ActionContext } from './deployments';
import { recordActionEvent } from './record-event';
import { DRAIN_STATE, drainStateOf, endedDrain, type DrainActor, type DrainRunOptions, type DrainState } from '@/lib/domain/drain-state';
import { rfc3339 } from '@/lib/domain/rollout';
import type { SurgeOffer } from '@/lib/domain/node-action-plan';
import { applySurge } from './drain-surge';
import { THIS_RUNNER, nodeTarget, patchNode, podsToDrain, readNode, runDrain, type DrainApis, type DrainEnd, type DrainOptions } from './drain-run';

export const DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';

export type NodeAction = 'cordon' | 'uncordon' | 'do-not-disrupt' | 'allow-disruption' | 'drain';
export type DrainMode = 'evict' | 'restart';

export interface NodeActionResult {
  node: string;
  action: NodeAction;
  dryRun: boolean;
  kubectl: string;
  patch: unknown;
  activityId: string;
  /** For drains: the deployments restarted first (mode restart) and the pods to evict. */
  drain?: { mode: DrainMode; deployments: string[]; pods: string[] };
}

/** What the patch of each simple action sets, beside the action record. */
function actionPatch(action: Exclude<NodeAction, 'drain'>, record: string): Record<string, unknown> {
  const annotations: Record<string, string | null> = { [LAST_ACTION]: record };
  if (action === 'do-not-disrupt') annotations[DO_NOT_DISRUPT] = 'true';
  if (action === 'allow-disruption') annotations[DO_NOT_DISRUPT] = null;
  const patch: Record<string, unknown> = { metadata: { annotations } };
  if (action === 'cordon') patch.spec = { unschedulable: true };
  if (action === 'uncordon') patch.spec = { unschedulable: null };
  return patch;
}

const KUBECTL: Record<Exclude<NodeAction, 'drain'>, (n: string) => string> = {
  cordon: (n) => `kubectl cordon ${n}`,
  uncordon: (n) => `kubectl uncordon ${n}`,
  'do-not-disrupt': (n) => `kubectl annotate node ${n} ${DO_NOT_DISRUPT}=true`,
  'allow-disruption': (n) => `kubectl annotate node ${n} ${DO_NOT_DISRUPT}-`,
};

const EVENT: Record<Exclude<NodeAction, 'drain'>, string> = {
  cordon: 'Cordoned',
  uncordon: 'Uncordoned',
  'do-not-disrupt': 'DoNotDisruptSet',
  'allow-disruption': 'DoNotDisruptCleared',
};

/** Cordon, uncordon, or set/clear do-not-disrupt: dry run first, then the patch, then an Event. */
export async function changeNode(
  apis: Pick<UserApis, 'core'>,
  target: { name: string; action: Exclude<NodeAction, 'drain'>; dryRun?: boolean },
  ctx: ActionContext,
): Promise<NodeActionResult> {
  const now = ctx.now ?? new Date();
  const record = actionRecord(target.action, ctx, now);
  const current = await readNode(apis, target.name);
  if (current.metadata?.deletionTimestamp) throw new AppError(409, 'node_terminating', `Node "${target.name}" is being deleted.`);
  const patch = actionPatch(target.action, JSON.stringify(record));
  // The dry run asks admission (webhooks, RBAC) before anything changes.
  await patchNode(apis, target.name, patch, true);
  if (!target.dryRun) {
    const applied = await patchNode(apis, target.name, patch, false);
    await recordActionEvent(apis, nodeTarget(applied), { reason: EVENT[target.action], message: `${KUBECTL[target.action](target.name)} by ${ctx.actor} through nodelanes` }, ctx.requestId);
  }
  return { node: target.name, action: target.action, dryRun: Boolean(target.dryRun), kubectl: KUBECTL[target.action](target.name), patch, activityId: record.id };
}

export { podsToDrain, type DrainEnd, type DrainOptions } from './drain-run';

/** What a drain records in its state so another replica can continue it, and who it acts as. */
export interface DrainRecord {
  options?: DrainRunOptions;
  /** Signs the identity the drain acts as, once its state is known; undefined: the server's own. */
  sign?: (node: string, state: DrainState) => DrainActor | undefined;
}

/**
 * Starts a drain: cordons (dry run first), restarts `deployments` in mode `restart` (the ones the
 * node action plan says eviction would take down), and answers; the evictions go on in the
 * background, reported as Events on the node and followed by the live view.
 */
export async function drainNode(
  apis: DrainApis,
  target: { name: string; mode: DrainMode; deployments: Array<{ namespace: string; name: string }>; surge?: SurgeOffer[]; dryRun?: boolean } & DrainRecord,
  ctx: ActionContext,
  options: DrainOptions = {},
): Promise<NodeActionResult & { done: Promise<DrainEnd> }> {
  const now = ctx.now ?? new Date();
  const batch = target.mode === 'restart' ? target.deployments.map((d) => `${d.namespace}/${d.name}`) : undefined;
  const drainCtx: ActionContext = { ...ctx, activity: { ...ctx.activity, id: ctx.activity?.id ?? ctx.requestId, ...(batch ? { batch } : {}) } };
  const record = actionRecord(`drain-${target.mode}`, drainCtx, now);
  const current = await readNode(apis, target.name);
  if (current.metadata?.deletionTimestamp) throw new AppError(409, 'node_terminating', `Node "${target.name}" is being deleted.`);
  const podList = await apis.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${target.name}` });
  const pods = podsToDrain(podList.items).map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
  const patch = actionPatch('cordon', JSON.stringify(record));
  const state = startState(target, record.id, ctx.actor, now, options.runner ?? THIS_RUNNER, batch, target.surge);
  (patch.metadata as { annotations: Record<string, string | null> }).annotations[DRAIN_STATE] = JSON.stringify(state);
  await patchNode(apis, target.name, patch, true);
  const drainCmd = `kubectl drain ${target.name} --ignore-daemonsets --delete-emptydir-data${options.gracePeriodSeconds !== undefined ? ` --grace-period=${options.gracePeriodSeconds}` : ''}${options.timeoutMs !== undefined ? ` --timeout=${Math.round(options.timeoutMs / 1000)}s` : ''}`;
  const kubectl =
    target.mode === 'restart' && target.deployments.length
      ? [`kubectl cordon ${target.name}`, ...target.deployments.map((d) => `kubectl rollout restart deployment/${d.name} -n ${d.namespace}`), drainCmd].join(' && ')
      : drainCmd;
  const result = { node: target.name, action: 'drain' as const, dryRun: Boolean(target.dryRun), kubectl, patch, activityId: record.id, drain: { mode: target.mode, deployments: batch ?? [], pods } };
  if (target.dryRun) {
    for (const offer of target.surge ?? []) await applySurge(apis, offer, ctx.actor, ctx.requestId, true);
    return { ...result, done: Promise.resolve('drained' as const) };
  }

  const applied = await patchNode(apis, target.name, patch, false);
  // The request's Event carries the record too: once Auto Mode removes the emptied node, the
  // activity is found from it (activity.ts).
  await recordActionEvent(
    apis,
    nodeTarget(applied),
    { reason: 'DrainRequested', message: `Drain (${target.mode === 'restart' ? 'rollout restart, then evict' : 'evict'}) requested by ${ctx.actor} through nodelanes: ${pods.length} pod(s)` },
    ctx.requestId,
    record,
  );

  const generations = new Map<string, number>();
  if (target.mode === 'restart') {
    // The surge first: a restart of a Recreate deployment would stop its pod before the new one runs.
    for (const offer of target.surge ?? []) await applySurge(apis, offer, ctx.actor, ctx.requestId);
    for (const d of target.deployments) {
      const restarted = await restartDeployment(apis, d, drainCtx);
      generations.set(`${d.namespace}/${d.name}`, restarted.deployment.generation);
    }
  }
  return { ...result, done: runDrain(apis, applied, state, generations, ctx.requestId, options) };
}

/** A new drain's state: running, held by `runner`, with what a replica needs to continue it. */
function startState(target: { name: string; mode: DrainMode } & DrainRecord, id: string, by: string, now: Date, runner: string, restart: string[] | undefined, surged: SurgeOffer[] | undefined): DrainState {
  const base: DrainState = {
    id,
    state: 'running',
    mode: target.mode,
    by,
    at: rfc3339(now),
    runner,
    beat: now.toISOString(),
    ...(target.options ? { options: target.options } : {}),
    ...(restart ? { restart } : {}),
    ...(surged?.length ? { surged } : {}),
  };
  const as = target.sign?.(target.name, base);
  return as ? { ...base, as } : base;
}

export interface CancelResult {
  node: string;
  dryRun: boolean;
  cancelled: DrainState;
  uncordoned: boolean;
  kubectl: string;
  patch: unknown;
}

/**
 * Cancels the drain running on a node, as the signed-in user: its state on the node says
 * `cancelled`, which the replica running it reads before each step and stops at; `uncordon` also
 * makes the node schedulable again. Works whether or not any replica still runs it (a server
 * restarted mid-drain): the node then says cancelled rather than running for ever.
 */
export async function cancelDrain(apis: Pick<UserApis, 'core'>, target: { name: string; uncordon: boolean; dryRun?: boolean }, ctx: ActionContext): Promise<CancelResult> {
  const node = await readNode(apis, target.name);
  const st = drainStateOf(node.metadata?.annotations);
  if (st?.state !== 'running' && st?.state !== 'paused') {
    throw new AppError(409, 'no_drain_running', `No drain is running on node "${target.name}"${st ? ` (the last one is ${st.state})` : ''}.`);
  }
  const ended = endedDrain(st, 'cancelled', rfc3339(ctx.now ?? new Date()), `cancelled by ${ctx.actor}`);
  const patch: Record<string, unknown> = { metadata: { annotations: { [DRAIN_STATE]: JSON.stringify(ended) } }, ...(target.uncordon ? { spec: { unschedulable: null } } : {}) };
  const kubectl = target.uncordon ? `kubectl uncordon ${target.name}` : `kubectl annotate node ${target.name} ${DRAIN_STATE}- # the drain stops; the node stays cordoned`;
  await patchNode(apis, target.name, patch, true);
  if (!target.dryRun) {
    const applied = await patchNode(apis, target.name, patch, false);
    await recordActionEvent(
      apis,
      nodeTarget(applied),
      { reason: 'DrainCancelled', message: `Drain ${st.id} cancelled by ${ctx.actor} through nodelanes; node ${target.uncordon ? 'uncordoned' : 'left cordoned'}`, type: 'Warning' },
      ctx.requestId,
    );
  }
  return { node: target.name, dryRun: Boolean(target.dryRun), cancelled: ended, uncordoned: target.uncordon, kubectl, patch };
}
