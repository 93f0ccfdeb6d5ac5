// The part of a drain that goes on after the request answered: wait for the restarted
// deployments' rollouts, evict what is left (PodDisruptionBudgets' 429s retried with backoff), end
// with the drain's state on the node saying how. The replica running it refreshes a heartbeat in
// that state, so that when it dies another replica sees the silence and continues the same drain
// (drain-resumer.ts) from where the cluster says it is: restarts already done are not repeated.

import { PatchStrategy, setHeaderOptions, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DRAIN_STATE, drainStateOf, endedDrain, type DrainState } from '@/lib/domain/drain-state';
import { DRAIN_BEAT_MS, drainDeadline } from '@/lib/domain/drain-takeover';
import { rawPodHoldsResources } from '@/lib/domain/holds-resources';
import { LAST_ACTION, rfc3339 } from '@/lib/domain/rollout';
import { log } from '../../log';
import { backoffDelay } from '../backoff';
import type { UserApis } from '../impersonation';
import { restartDeployment, type ActionContext } from './deployments';
import { recordActionEvent } from './record-event';
import { applySurge, restoreSurges } from './drain-surge';

export type DrainApis = Pick<UserApis, 'core' | 'apps' | 'policy'>;
type Say = (reason: string, message: string, type?: 'Normal' | 'Warning') => Promise<void>;

/** This process among the replicas: the runner name a drain it holds carries. */
export const THIS_RUNNER = `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

const strategicMerge = () => setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export async function readNode(apis: Pick<UserApis, 'core'>, name: string): Promise<V1Node> {
  return apis.core.readNode({ name });
}

export async function patchNode(apis: Pick<UserApis, 'core'>, name: string, patch: unknown, dryRun: boolean): Promise<V1Node> {
  return apis.core.patchNode({ name, body: patch, dryRun: dryRun ? 'All' : undefined, fieldManager: 'nodelanes' }, strategicMerge());
}

export const nodeTarget = (n: V1Node) => ({ apiVersion: 'v1', kind: 'Node', name: n.metadata?.name ?? '', uid: n.metadata?.uid, resourceVersion: n.metadata?.resourceVersion });

/** Pods a drain moves: holding resources here, not a DaemonSet's or a static (mirror) pod. */
export function podsToDrain(pods: readonly V1Pod[]): V1Pod[] {
  return pods.filter((p) => {
    if (!rawPodHoldsResources(p)) return false;
    if (p.metadata?.annotations?.['kubernetes.io/config.mirror']) return false;
    return !(p.metadata?.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet');
  });
}

export interface DrainOptions {
  /** Give up after this long from the drain's start (PDBs that never allow, rollouts that never finish). */
  timeoutMs?: number;
  /** Retry delays after a 429 (`backoffDelay`). */
  backoff?: { baseMs: number; maxMs: number };
  /** How often to look at rollouts and pods. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Seconds each evicted pod gets to stop (kubectl drain --grace-period); absent: the pod's own. */
  gracePeriodSeconds?: number;
  /** The runner name written in the state (tests run two in one process); THIS_RUNNER otherwise. */
  runner?: string;
  /** How often the runner says it is alive. */
  beatMs?: number;
  /** Stops the runner where it stands, writing nothing more: what a process exit does to it. */
  stop?: AbortSignal;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Outcome = 'drained' | 'cancelled' | 'let-go';

/**
 * How a drain's run ended here: every pod gone (or the node removed once empty), cancelled,
 * stopped by an error, or let go (this runner stopped; another replica takes the drain over).
 */
export type DrainEnd = Outcome | 'failed';

/**
 * Writes `next` as the node's drain state only if the node is still at `resourceVersion` (a patch
 * with metadata.resourceVersion is refused with 409 otherwise): two replicas never both hold one drain.
 */
export async function writeDrainStateIf(apis: Pick<UserApis, 'core'>, name: string, resourceVersion: string | undefined, next: DrainState): Promise<V1Node | undefined> {
  try {
    return await patchNode(apis, name, { metadata: { resourceVersion, annotations: { [DRAIN_STATE]: JSON.stringify(next) } } }, false);
  } catch (err) {
    if ((err as { code?: unknown }).code === 409) return undefined;
    throw err;
  }
}

/**
 * Whether the runner should stop: someone cancelled the drain, another replica holds it now, or the
 * node is gone (Auto Mode removes a node once it is empty, which may be before this loop has seen
 * its last pod leave). Refreshes the heartbeat when one is due.
 */
async function stopReason(apis: DrainApis, target: { name: string; id: string; runner: string }, beat: { last: number; ms: number }): Promise<'cancelled' | 'node-gone' | 'let-go' | undefined> {
  let node: V1Node;
  try {
    node = await readNode(apis, target.name);
  } catch (err) {
    if ((err as { code?: unknown }).code === 404) return 'node-gone';
    throw err;
  }
  const st = drainStateOf(node.metadata?.annotations);
  if (st?.id !== target.id) return undefined;
  if (st.state === 'cancelled') return 'cancelled';
  if (st.state !== 'running' || (st.runner !== undefined && st.runner !== target.runner)) return 'let-go';
  const now = Date.now();
  if (now - beat.last >= beat.ms) {
    // A conflict only means the node changed since the read: the next poll beats again.
    const written = await writeDrainStateIf(apis, target.name, node.metadata?.resourceVersion, { ...st, runner: target.runner, beat: new Date(now).toISOString() });
    if (written) beat.last = now;
  }
  return undefined;
}

interface Loop {
  apis: DrainApis;
  target: { name: string; id: string; runner: string };
  beat: { last: number; ms: number };
  deadline: number;
  options: DrainOptions;
  say: Say;
}

/** One look before each step: undefined to go on, or how the drain ends here. */
async function check(loop: Loop): Promise<Outcome | undefined> {
  if (loop.options.stop?.aborted) return 'let-go';
  const stop = await stopReason(loop.apis, loop.target, loop.beat);
  if (stop === 'node-gone') {
    await loop.say('Drained', 'Drained: the node was removed (Auto Mode removes a node once it is empty)');
    return 'drained';
  }
  return stop;
}

// Restart first: the new pods must be running elsewhere before anything here is evicted, so a
// one-replica deployment behind a PDB never has zero ready pods.
async function waitForRollouts(loop: Loop, generations: Map<string, number>): Promise<Outcome | undefined> {
  const sleep = loop.options.sleep ?? defaultSleep;
  for (const [key, generation] of generations) {
    const [namespace, name] = key.split('/');
    for (;;) {
      const stop = await check(loop);
      if (stop) return stop;
      const d = await loop.apis.apps.readNamespacedDeployment({ namespace, name });
      const want = d.spec?.replicas ?? 1;
      const s = d.status ?? {};
      if ((s.observedGeneration ?? 0) >= generation && (s.updatedReplicas ?? 0) >= want && (s.availableReplicas ?? 0) >= want && (s.replicas ?? 0) <= want) break;
      if (Date.now() > loop.deadline) throw new Error(`rollout of deployment ${key} did not finish in time`);
      await sleep(loop.options.pollMs ?? 1_000);
    }
  }
  return undefined;
}

async function evictAll(loop: Loop): Promise<Outcome> {
  const { apis, target, options } = loop;
  const attempts = new Map<string, number>();
  const retryAt = new Map<string, number>();
  for (;;) {
    const stop = await check(loop);
    if (stop) return stop;
    const list = await apis.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${target.name}` });
    const left = podsToDrain(list.items);
    if (left.length === 0) {
      await loop.say('Drained', `Drained: no pods left but DaemonSet pods`);
      return 'drained';
    }
    if (Date.now() > loop.deadline) throw new Error(`${left.length} pod(s) still on the node: ${left.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).join(', ')}`);
    for (const pod of left.filter((p) => !p.metadata?.deletionTimestamp)) {
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if ((retryAt.get(key) ?? 0) > Date.now()) continue;
      try {
        await evict(apis, pod, options.gracePeriodSeconds);
        await loop.say('Evicted', `Evicted pod ${key}`);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 404) continue;
        if (code !== 429) throw err;
        // A PodDisruptionBudget refused: say so once per wait, then try again later.
        const attempt = attempts.get(key) ?? 0;
        attempts.set(key, attempt + 1);
        const delay = backoffDelay(attempt, options.backoff ?? { baseMs: 1_000, maxMs: 30_000 });
        retryAt.set(key, Date.now() + delay);
        await loop.say('EvictionRefused', `Eviction of ${key} refused (429: ${refusalWords(err)}); retrying in ${Math.round(delay / 1000)} s`, 'Warning');
      }
    }
    await (options.sleep ?? defaultSleep)(options.pollMs ?? 1_000);
  }
}

async function evict(apis: DrainApis, pod: V1Pod, gracePeriodSeconds: number | undefined): Promise<void> {
  const namespace = pod.metadata!.namespace!;
  const name = pod.metadata!.name!;
  await apis.core.createNamespacedPodEviction({
    namespace,
    name,
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { namespace, name }, ...(gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds } } : {}) },
  });
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

/** Rewrites this drain's state on the node, if the node still holds it (a later drain replaced it otherwise). */
async function setDrainState(apis: Pick<UserApis, 'core'>, name: string, id: string, next: (s: DrainState) => DrainState): Promise<void> {
  const st = drainStateOf((await readNode(apis, name)).metadata?.annotations);
  if (st?.id !== id) return;
  await patchNode(apis, name, { metadata: { annotations: { [DRAIN_STATE]: JSON.stringify(next(st)) } } }, false);
}

/**
 * Runs a held drain to its end in the background: rollouts of `generations`, then evictions, then
 * `done`, or `failed` with why (a Warning says the node stays cordoned). A runner that was stopped
 * or let the drain go to another replica writes nothing.
 */
export function runDrain(apis: DrainApis, node: V1Node, state: DrainState, generations: Map<string, number>, requestId: string, options: DrainOptions): Promise<DrainEnd> {
  const name = node.metadata?.name ?? '';
  const target = nodeTarget(node);
  const say: Say = (reason, message, type = 'Normal') => recordActionEvent(apis, target, { reason, message, type }, requestId);
  const loop: Loop = {
    apis,
    target: { name, id: state.id, runner: state.runner ?? options.runner ?? THIS_RUNNER },
    beat: { last: Date.parse(state.beat ?? state.at), ms: options.beatMs ?? DRAIN_BEAT_MS },
    deadline: options.timeoutMs !== undefined ? Date.parse(state.at) + options.timeoutMs : drainDeadline(state),
    options,
    say,
  };
  const end = (phase: 'done' | 'failed', reason?: string) => setDrainState(apis, name, state.id, (s) => endedDrain(s, phase, rfc3339(new Date()), reason)).catch(() => undefined);
  const surged = state.surged ?? [];
  const actor = state.as?.user ?? state.by;
  // Set back once the rollouts are done (or the drain ends there); a runner letting go leaves it to the next.
  const restore = () => (surged.length ? restoreSurges(apis, surged, actor, requestId) : Promise.resolve());
  const run = async () => {
    let rolled: Outcome | undefined;
    try {
      rolled = await waitForRollouts(loop, generations);
    } catch (err) {
      if (!options.stop?.aborted) await restore();
      throw err;
    }
    if (rolled !== 'let-go') await restore();
    return rolled ?? (await evictAll(loop));
  };
  return run().then(
    async (outcome): Promise<DrainEnd> => {
      if (outcome === 'drained') await end('done');
      return outcome;
    },
    async (err): Promise<DrainEnd> => {
      if (options.stop?.aborted) return 'let-go';
      const why = err instanceof Error ? err.message : String(err);
      log('warn', 'drain failed', { node: name, error: why });
      // Never a silently cordoned node: the state and a Warning say it stopped, and why.
      await end('failed', why);
      await say('DrainFailed', `Drain stopped, node left cordoned: ${why}`, 'Warning').catch(() => undefined);
      return 'failed';
    },
  );
}

/**
 * Continues a drain this replica has just taken over (its state already says so): the restarts the
 * first runner had not made yet are made now (a deployment restarted by this drain carries its id
 * in its last-action record), then the rest runs as for a new drain, against the same deadline.
 */
export async function continueDrain(apis: DrainApis, node: V1Node, state: DrainState, ctx: ActionContext, options: DrainOptions): Promise<DrainEnd> {
  const name = node.metadata?.name ?? '';
  const say = (reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal') => recordActionEvent(apis, nodeTarget(node), { reason, message, type }, ctx.requestId);
  let generations: Map<string, number>;
  try {
    await say('DrainResumed', `Drain ${state.id} resumed by replica ${state.runner} as ${ctx.actor}${state.resumedBy ? ` (asked by ${state.resumedBy})` : ''}: ${state.mode === 'restart' ? 'rollout restart, then evict' : 'evict'}`);
    generations = await restartsOf(apis, state, ctx);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    await setDrainState(apis, name, state.id, (s) => endedDrain(s, 'failed', rfc3339(new Date()), why)).catch(() => undefined);
    await say('DrainFailed', `Drain stopped, node left cordoned: ${why}`, 'Warning').catch(() => undefined);
    return 'failed';
  }
  return runDrain(apis, node, state, generations, ctx.requestId, options);
}

/** The generation each restarted deployment must reach: restarted by this drain already, or now. */
async function restartsOf(apis: DrainApis, state: DrainState, ctx: ActionContext): Promise<Map<string, number>> {
  const generations = new Map<string, number>();
  const drainCtx: ActionContext = { ...ctx, activity: { id: state.id, batch: state.restart } };
  for (const key of state.restart ?? []) {
    const [namespace, name] = key.split('/');
    const d = await apis.apps.readNamespacedDeployment({ namespace, name });
    if (restartedBy(d.metadata?.annotations?.[LAST_ACTION], state.id)) {
      generations.set(key, d.metadata?.generation ?? 0);
      continue;
    }
    // Not restarted yet: its surge (idempotent) first, as the first runner would have.
    const offer = state.surged?.find((o) => o.deployment === key);
    if (offer) await applySurge(apis, offer, ctx.actor, ctx.requestId);
    generations.set(key, (await restartDeployment(apis, { namespace, name }, drainCtx)).deployment.generation);
  }
  return generations;
}

function restartedBy(record: string | undefined, id: string): boolean {
  try {
    return (JSON.parse(record ?? '{}') as { id?: string }).id === id;
  } catch {
    return false;
  }
}
