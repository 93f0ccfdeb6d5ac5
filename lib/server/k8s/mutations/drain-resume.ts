// Taking over a drain whose runner died, with the node's resourceVersion as the guard (a patch
// carrying metadata.resourceVersion is refused with 409 when the node changed since it was read),
// so two replicas never both continue one drain; and the user's own Resume of a paused drain.

import type { V1Node } from '@kubernetes/client-node';
import { DRAIN_STATE, drainStateOf, endedDrain, type DrainActor, type DrainState } from '@/lib/domain/drain-state';
import { heldBy } from '@/lib/domain/drain-takeover';
import { rfc3339 } from '@/lib/domain/rollout';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import type { ActionContext } from './deployments';
import { continueDrain, nodeTarget, patchNode, readNode, THIS_RUNNER, writeDrainStateIf, type DrainApis, type DrainOptions } from './drain-run';
import { recordActionEvent } from './record-event';

/** Holds the drain for `runner` if the node is still as read; the node as written, or undefined when another replica was first. */
export async function takeOverDrain(apis: Pick<UserApis, 'core'>, node: V1Node, state: DrainState, runner: string, now: Date): Promise<{ node: V1Node; state: DrainState } | undefined> {
  const held = heldBy(state, runner, now);
  const written = await writeDrainStateIf(apis, node.metadata?.name ?? '', node.metadata?.resourceVersion, held);
  return written ? { node: written, state: held } : undefined;
}

/**
 * Ends a drain no replica may run (`failed`: an identity the server did not sign, or past its
 * deadline) or pauses it for its user, guarded as a takeover; a Warning Event says why. Written
 * with the server's own identity: nothing is done as the user.
 */
export async function settleUnrunDrain(apis: Pick<UserApis, 'core'>, node: V1Node, state: DrainState, phase: 'failed' | 'paused', reason: string, requestId: string): Promise<boolean> {
  const next: DrainState =
    phase === 'failed' ? endedDrain(state, 'failed', rfc3339(new Date()), reason) : { ...state, state: 'paused', reason, runner: undefined, beat: undefined };
  const written = await writeDrainStateIf(apis, node.metadata?.name ?? '', node.metadata?.resourceVersion, next);
  if (!written) return false;
  const words = phase === 'failed' ? `Drain ${state.id} stopped, node left cordoned: ${reason}` : `Drain ${state.id} paused: ${reason}`;
  await recordActionEvent(apis, nodeTarget(written), { reason: phase === 'failed' ? 'DrainFailed' : 'DrainPaused', message: words, type: 'Warning' }, requestId);
  return true;
}

export interface ResumeResult {
  node: string;
  dryRun: boolean;
  activityId: string;
  resumed: DrainState;
  done: Promise<void>;
}

/**
 * Resumes a paused drain as the user asking (their own request, so their own credential): they
 * become who the drain acts as from here on (`sign`), this replica runs it, the same options and
 * deadline as when it started. 409 `no_drain_paused` when there is none.
 */
export async function resumePausedDrain(
  apis: DrainApis,
  target: { name: string; dryRun?: boolean; sign: (node: string, state: DrainState) => DrainActor | undefined },
  ctx: ActionContext,
  options: DrainOptions = {},
): Promise<ResumeResult> {
  const node = await readNode(apis, target.name);
  const st = drainStateOf(node.metadata?.annotations);
  if (st?.state !== 'paused') {
    throw new AppError(409, 'no_drain_paused', `No drain is paused on node "${target.name}"${st ? ` (the last one is ${st.state})` : ''}.`);
  }
  const { reason: _reason, as: _as, ...rest } = st;
  const unsigned: DrainState = { ...rest, state: 'running', resumedBy: ctx.actor };
  const as = target.sign(target.name, unsigned);
  const next = heldBy(as ? { ...unsigned, as } : unsigned, options.runner ?? THIS_RUNNER, ctx.now ?? new Date());
  const patch = { metadata: { resourceVersion: node.metadata?.resourceVersion, annotations: { [DRAIN_STATE]: JSON.stringify(next) } } };
  await patchNode(apis, target.name, patch, true);
  if (target.dryRun) return { node: target.name, dryRun: true, activityId: st.id, resumed: next, done: Promise.resolve() };
  const taken = await writeDrainStateIf(apis, target.name, node.metadata?.resourceVersion, next);
  if (!taken) throw new AppError(409, 'drain_changed', `The drain on node "${target.name}" changed while resuming it; look again.`);
  const done = continueDrain(apis, taken, next, ctx, options).then(() => undefined);
  return { node: target.name, dryRun: false, activityId: st.id, resumed: next, done };
}
