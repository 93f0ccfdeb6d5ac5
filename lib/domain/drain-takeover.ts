// When a replica may take over a drain another replica started, and what it does with it. A
// running drain's runner refreshes its heartbeat (`beat`) every DRAIN_BEAT_MS; after
// STALE_AFTER_BEATS missed beats the runner is taken for dead (a restart, a crash) and any replica
// may continue the drain — but only as the user who started it, which the server proves by its own
// signature over the drain and the user (checked on the server; its verdict comes in here).

import type { DrainActor, DrainState } from './drain-state';

export const DRAIN_BEAT_MS = 10_000;
export const STALE_AFTER_BEATS = 3;
/** kubectl drain has no timeout; ours defaults to ten minutes, counted from the drain's start. */
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 600;

export type TakeoverDecision = { take: true } | { take: false; why: 'not-running' | 'own' | 'alive' };

/** Whether `self` may take over `state` at `now` (ms): running, not its own, its runner silent for three beats. */
export function drainTakeover(state: DrainState | undefined, now: number, self: string, beatMs = DRAIN_BEAT_MS): TakeoverDecision {
  if (state?.state !== 'running') return { take: false, why: 'not-running' };
  if (state.runner === self) return { take: false, why: 'own' };
  const last = Date.parse(state.beat ?? state.at);
  // An unreadable time cannot prove the runner alive.
  if (!Number.isNaN(last) && now - last <= beatMs * STALE_AFTER_BEATS) return { take: false, why: 'alive' };
  return { take: true };
}

/** The state a replica writes to hold the drain: its own name and a fresh beat, the rest unchanged. */
export function heldBy(state: DrainState, runner: string, now: Date): DrainState {
  return { ...state, state: 'running', runner, beat: now.toISOString() };
}

/** When the drain gives up (ms): its timeout counted from its original start, whoever runs it now. */
export function drainDeadline(state: Pick<DrainState, 'at' | 'options'>): number {
  return Date.parse(state.at) + (state.options?.timeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS) * 1000;
}

/** How the server may act for users: impersonating them, with their own token, or as itself (sign-in off). */
export type ServerIdentityMode = 'impersonate' | 'token' | 'off';
export type SignatureCheck = 'valid' | 'invalid' | 'absent';

export type ResumeDecision =
  | { kind: 'resume'; as: Pick<DrainActor, 'user' | 'groups'> | null }
  | { kind: 'fail'; reason: string }
  | { kind: 'pause'; reason: string };

/**
 * What a replica that took over a drain does: continue it as its user, pause it for that user to
 * resume (the server cannot act as them), or end it failed without doing anything (the identity it
 * claims is not one the server signed: someone who may patch node annotations wrote it).
 */
export function resumeDecision(state: DrainState, mode: ServerIdentityMode, signature: SignatureCheck): ResumeDecision {
  if (signature === 'invalid') return { kind: 'fail', reason: `not resumed: the drain's identity (${state.as?.user ?? 'none'}) does not carry this server's signature, so nothing was done as that user; the node is left cordoned` };
  if (!state.as) {
    if (mode === 'off') return { kind: 'resume', as: null };
    return { kind: 'fail', reason: 'not resumed: the drain carries no signed identity to act as; the node is left cordoned' };
  }
  if (mode === 'token') return { kind: 'pause', reason: `waiting for ${state.as.user} to resume it (this server holds no credential of theirs)` };
  return { kind: 'resume', as: { user: state.as.user, groups: state.as.groups } };
}

/** The text the server signs: the drain, its node and who it acts as, in a fixed order. */
export function drainSignedText(node: string, state: Pick<DrainState, 'id' | 'mode' | 'at' | 'by' | 'options' | 'restart' | 'surged'>, actor: Pick<DrainActor, 'user' | 'groups'>): string {
  const o = state.options ?? {};
  return JSON.stringify([
    'nodelanes-drain/v1',
    node,
    state.id,
    state.mode,
    state.at,
    state.by,
    actor.user,
    [...actor.groups],
    [o.gracePeriodSeconds ?? null, o.timeoutSeconds ?? null, o.force === true, o.deleteEmptyDirData === true],
    [...(state.restart ?? [])],
    (state.surged ?? []).map((o) => [o.deployment, o.from.type, o.from.type === 'RollingUpdate' ? o.from.maxSurge : null, o.from.type === 'RollingUpdate' ? (o.from.maxUnavailable ?? null) : null]),
  ]);
}

export type ResumerStep = { kind: 'leave' } | ResumeDecision;

/**
 * What the resumer does with one node's drain state at `now`: nothing (no drain, one alive, its
 * own, a paused one still in time), or take it over and decide as `resumeDecision` — except that a
 * drain past its deadline, running with no runner or paused, ends `failed` there and then, saying
 * the node is left cordoned, rather than waiting for ever.
 */
export function resumerStep(state: DrainState | undefined, now: number, self: string, mode: ServerIdentityMode, signature: SignatureCheck, beatMs = DRAIN_BEAT_MS): ResumerStep {
  if (!state) return { kind: 'leave' };
  const late = now > drainDeadline(state);
  const timedOut = (how: string): ResumerStep => ({ kind: 'fail', reason: `timed out (${state.options?.timeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS} s from its start) ${how}; the node is left cordoned` });
  if (state.state === 'paused') return late ? timedOut('while paused') : { kind: 'leave' };
  if (!drainTakeover(state, now, self, beatMs).take) return { kind: 'leave' };
  if (late) return timedOut('while no replica ran it');
  return resumeDecision(state, mode, signature);
}
