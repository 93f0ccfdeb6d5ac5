// Node actions as the signed-in user: cordon / uncordon, mark / unmark do-not-disrupt, and drain,
// either through the Eviction API (what `kubectl drain` does: PodDisruptionBudgets may refuse with
// 429, retried with backoff) or by rollout restart (cordon, restart the deployments that own
// pods here so their new pods start on other nodes before the old ones stop, then evict what is
// left). Each action leaves its record on the Node (`nodelanes.io/last-action`) and an Event, so
// the live view finds it after a reload, and kubectl describe shows who did it.

import { PatchStrategy, setHeaderOptions, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { LAST_ACTION } from '@/lib/domain/rollout';
import { AppError } from '../../errors';
import { log } from '../../log';
import { backoffDelay } from '../backoff';
import type { UserApis } from '../impersonation';
import { actionRecord, restartDeployment, type ActionContext } from './deployments';
import { recordActionEvent } from './record-event';
import { DRAIN_STATE, drainStateOf, endedDrain, type DrainState } from '@/lib/domain/drain-state';
import { rfc3339 } from '@/lib/domain/rollout';
import { rawPodHoldsResources } from '@/lib/domain/holds-resources';

const strategicMerge = () => setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
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

type Apis = Pick<UserApis, 'core' | 'apps' | 'policy'>;

const nodeTarget = (n: V1Node) => ({ apiVersion: 'v1', kind: 'Node', name: n.metadata?.name ?? '', uid: n.metadata?.uid, resourceVersion: n.metadata?.resourceVersion });

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

async function readNode(apis: Pick<UserApis, 'core'>, name: string): Promise<V1Node> {
  return apis.core.readNode({ name });
}

async function patchNode(apis: Pick<UserApis, 'core'>, name: string, patch: unknown, dryRun: boolean): Promise<V1Node> {
  return apis.core.patchNode({ name, body: patch, dryRun: dryRun ? 'All' : undefined, fieldManager: 'nodelanes' }, strategicMerge());
}

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

/** Pods a drain moves: holding resources here, not a DaemonSet's or a static (mirror) pod. */
export function podsToDrain(pods: readonly V1Pod[]): V1Pod[] {
  return pods.filter((p) => {
    if (!rawPodHoldsResources(p)) return false;
    if (p.metadata?.annotations?.['kubernetes.io/config.mirror']) return false;
    return !(p.metadata?.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet');
  });
}

export interface DrainOptions {
  /** Give up after this long (PDBs that never allow, rollouts that never finish). */
  timeoutMs?: number;
  /** Retry delays after a 429 (`backoffDelay`). */
  backoff?: { baseMs: number; maxMs: number };
  /** How often to look at rollouts and pods. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Seconds each evicted pod gets to stop (kubectl drain --grace-period); absent: the pod's own. */
  gracePeriodSeconds?: number;
}

/** How a drain's run ended: every pod gone (or the node removed once empty), cancelled, or stopped by an error. */
export type DrainEnd = 'drained' | 'cancelled' | 'failed';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts a drain: cordons (dry run first), restarts `deployments` in mode `restart` (the ones the
 * node action plan says eviction would take down), and answers; the evictions go on in the
 * background, reported as Events on the node and followed by the live view.
 */
export async function drainNode(
  apis: Apis,
  target: { name: string; mode: DrainMode; deployments: Array<{ namespace: string; name: string }>; dryRun?: boolean },
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
  const state: DrainState = { id: record.id, state: 'running', mode: target.mode, by: ctx.actor, at: rfc3339(now) };
  (patch.metadata as { annotations: Record<string, string | null> }).annotations[DRAIN_STATE] = JSON.stringify(state);
  await patchNode(apis, target.name, patch, true);
  const drainCmd = `kubectl drain ${target.name} --ignore-daemonsets --delete-emptydir-data${options.gracePeriodSeconds !== undefined ? ` --grace-period=${options.gracePeriodSeconds}` : ''}${options.timeoutMs !== undefined ? ` --timeout=${Math.round(options.timeoutMs / 1000)}s` : ''}`;
  const kubectl =
    target.mode === 'restart' && target.deployments.length
      ? [`kubectl cordon ${target.name}`, ...target.deployments.map((d) => `kubectl rollout restart deployment/${d.name} -n ${d.namespace}`), drainCmd].join(' && ')
      : drainCmd;
  const result = { node: target.name, action: 'drain' as const, dryRun: Boolean(target.dryRun), kubectl, patch, activityId: record.id, drain: { mode: target.mode, deployments: batch ?? [], pods } };
  if (target.dryRun) return { ...result, done: Promise.resolve('drained' as const) };

  const applied = await patchNode(apis, target.name, patch, false);
  const node = nodeTarget(applied);
  const say = (reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal') => recordActionEvent(apis, node, { reason, message, type }, ctx.requestId);
  // The request's Event carries the record too: once Auto Mode removes the emptied node, the
  // activity is found from it (activity.ts).
  await recordActionEvent(
    apis,
    node,
    { reason: 'DrainRequested', message: `Drain (${target.mode === 'restart' ? 'rollout restart, then evict' : 'evict'}) requested by ${ctx.actor} through nodelanes: ${pods.length} pod(s)` },
    ctx.requestId,
    record,
  );

  const generations = new Map<string, number>();
  if (target.mode === 'restart') {
    for (const d of target.deployments) {
      const restarted = await restartDeployment(apis, d, drainCtx);
      generations.set(`${d.namespace}/${d.name}`, restarted.deployment.generation);
    }
  }
  const end = (phase: 'done' | 'failed', reason?: string) => setDrainState(apis, target.name, state.id, (s) => endedDrain(s, phase, rfc3339(new Date()), reason)).catch(() => undefined);
  const done = finishDrain(apis, { ...target, id: state.id }, generations, say, options).then(
    async (outcome): Promise<DrainEnd> => {
      if (outcome === 'drained') await end('done');
      return outcome;
    },
    async (err): Promise<DrainEnd> => {
      const why = err instanceof Error ? err.message : String(err);
      log('warn', 'drain failed', { node: target.name, error: why });
      // Never a silently cordoned node: the state and a Warning say it stopped, and why.
      await end('failed', why);
      await say('DrainFailed', `Drain stopped, node left cordoned: ${why}`, 'Warning').catch(() => undefined);
      return 'failed';
    },
  );
  return { ...result, done };
}

/**
 * Whether the drain should stop: someone cancelled it (any replica, any user with the right: its
 * state on the node says so), or the node is gone (Auto Mode removes a node once it is empty,
 * which may be before this loop has seen its last pod leave).
 */
async function stopReason(apis: Apis, target: { name: string; id: string }): Promise<'cancelled' | 'node-gone' | undefined> {
  let node: V1Node;
  try {
    node = await readNode(apis, target.name);
  } catch (err) {
    if ((err as { code?: unknown }).code === 404) return 'node-gone';
    throw err;
  }
  const st = drainStateOf(node.metadata?.annotations);
  return st?.id === target.id && st.state === 'cancelled' ? 'cancelled' : undefined;
}

async function finishDrain(
  apis: Apis,
  target: { name: string; mode: DrainMode; id: string },
  generations: Map<string, number>,
  say: (reason: string, message: string, type?: 'Normal' | 'Warning') => Promise<void>,
  options: DrainOptions,
): Promise<'drained' | 'cancelled'> {
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 1_000;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);

  // Restart first: the new pods must be running elsewhere before anything here is evicted, so a
  // one-replica deployment behind a PDB never has zero ready pods.
  for (const [key, generation] of generations) {
    const [namespace, name] = key.split('/');
    for (;;) {
      const stop = await stopReason(apis, target);
      if (stop === 'cancelled') return 'cancelled';
      if (stop === 'node-gone') return nodeGone(say);
      const d = await apis.apps.readNamespacedDeployment({ namespace, name });
      const want = d.spec?.replicas ?? 1;
      const s = d.status ?? {};
      if ((s.observedGeneration ?? 0) >= generation && (s.updatedReplicas ?? 0) >= want && (s.availableReplicas ?? 0) >= want && (s.replicas ?? 0) <= want) break;
      if (Date.now() > deadline) throw new Error(`rollout of deployment ${key} did not finish in time`);
      await sleep(pollMs);
    }
  }

  const attempts = new Map<string, number>();
  const retryAt = new Map<string, number>();
  for (;;) {
    const stop = await stopReason(apis, target);
    if (stop === 'cancelled') return 'cancelled';
    if (stop === 'node-gone') return nodeGone(say);
    const list = await apis.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${target.name}` });
    const left = podsToDrain(list.items);
    const waiting = left.filter((p) => !p.metadata?.deletionTimestamp);
    if (left.length === 0) {
      await say('Drained', `Drained: no pods left but DaemonSet pods`);
      return 'drained';
    }
    if (Date.now() > deadline) throw new Error(`${left.length} pod(s) still on the node: ${left.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).join(', ')}`);
    for (const pod of waiting) {
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if ((retryAt.get(key) ?? 0) > Date.now()) continue;
      try {
        await apis.core.createNamespacedPodEviction({
          namespace: pod.metadata!.namespace!,
          name: pod.metadata!.name!,
          body: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { namespace: pod.metadata!.namespace!, name: pod.metadata!.name! },
            ...(options.gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds: options.gracePeriodSeconds } } : {}),
          },
        });
        await say('Evicted', `Evicted pod ${key}`);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 404) continue;
        if (code !== 429) throw err;
        // A PodDisruptionBudget refused: say so once per wait, then try again later.
        const attempt = attempts.get(key) ?? 0;
        attempts.set(key, attempt + 1);
        const delay = backoffDelay(attempt, options.backoff ?? { baseMs: 1_000, maxMs: 30_000 });
        retryAt.set(key, Date.now() + delay);
        await say('EvictionRefused', `Eviction of ${key} refused (429: ${refusalWords(err)}); retrying in ${Math.round(delay / 1000)} s`, 'Warning');
      }
    }
    await sleep(pollMs);
  }
}

function refusalWords(err: unknown): string {
  const body = (err as { body?: unknown }).body;
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    return String((parsed as { message?: string })?.message ?? 'too many requests');
  } catch {
    return 'too many requests';
  }
}

async function nodeGone(say: (reason: string, message: string) => Promise<void>): Promise<'drained'> {
  await say('Drained', 'Drained: the node was removed (Auto Mode removes a node once it is empty)');
  return 'drained';
}

/** Rewrites this drain's state on the node, if the node still holds it (a later drain replaced it otherwise). */
async function setDrainState(apis: Pick<UserApis, 'core'>, name: string, id: string, next: (s: DrainState) => DrainState): Promise<void> {
  const st = drainStateOf((await readNode(apis, name)).metadata?.annotations);
  if (st?.id !== id) return;
  await patchNode(apis, name, { metadata: { annotations: { [DRAIN_STATE]: JSON.stringify(next(st)) } } }, false);
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
  if (st?.state !== 'running') {
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
