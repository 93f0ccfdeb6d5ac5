// A drain's state, kept on its Node (annotation nodelanes.io/drain) rather than in a server's
// memory, so every replica and every user sees it and any replica can act on it: `running` while a
// drain goes on, `paused` when its runner died and no replica may continue it on the user's behalf
// (token mode: the server holds no credential of theirs), then `done`, `failed` (with why; the node
// stays cordoned, and says so) or `cancelled` (by whom; uncordoned if they asked).
//
// A running drain carries what another replica needs to continue it after a restart: the runner
// that holds it and its heartbeat (`beat`), the options it was started with, the deployments a
// drain by restart restarts, and who it acts as (`as`, signed by the server; drain-signature.ts).

import type { SurgeOffer } from './node-action-plan';

export const DRAIN_STATE = 'nodelanes.io/drain';

export type DrainPhase = 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface DrainRunOptions {
  gracePeriodSeconds?: number;
  /** Counted from the drain's start (`at`), across runners. */
  timeoutSeconds?: number;
  force?: boolean;
  deleteEmptyDirData?: boolean;
}

/** Who the drain acts as, with the server's signature over it and the drain (HMAC-SHA256, base64url). */
export interface DrainActor {
  user: string;
  groups: string[];
  sig: string;
}

export interface DrainState {
  /** The activity id of the drain. */
  id: string;
  state: DrainPhase;
  mode: 'evict' | 'restart';
  by: string;
  at: string;
  /** Why it failed or paused, or who cancelled it. */
  reason?: string;
  endedAt?: string;
  /** The replica running it, and when it last said it still does (ISO time). */
  runner?: string;
  beat?: string;
  options?: DrainRunOptions;
  /** Mode restart: the deployments (namespace/name) restarted before the evictions. */
  restart?: string[];
  /** Deployments given a surge for this drain, with the strategy to set back after their rollout. */
  surged?: SurgeOffer[];
  /** Absent: the server's own identity (sign-in off). */
  as?: DrainActor;
  /** Who resumed a paused drain, last. */
  resumedBy?: string;
}

const PHASES = new Set<DrainPhase>(['running', 'paused', 'done', 'failed', 'cancelled']);

/** The drain state an annotation holds, or undefined for none or anything malformed. */
export function drainStateOf(annotations: Record<string, string> | undefined): DrainState | undefined {
  const raw = annotations?.[DRAIN_STATE];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<DrainState>;
    if (typeof v.id !== 'string' || !PHASES.has(v.state as DrainPhase) || (v.mode !== 'evict' && v.mode !== 'restart') || typeof v.by !== 'string' || typeof v.at !== 'string') return undefined;
    return v as DrainState;
  } catch {
    return undefined;
  }
}

/** The same drain, ended. */
export function endedDrain(state: DrainState, phase: Exclude<DrainPhase, 'running' | 'paused'>, at: string, reason?: string): DrainState {
  return { ...state, state: phase, endedAt: at, ...(reason ? { reason } : {}) };
}

/** One line about the drain for the node panel. */
export function drainStateWords(s: DrainState): string {
  const mode = s.mode === 'restart' ? 'Drain by rollout restart' : 'Drain';
  const who = `started by ${s.by} at ${s.at}`;
  switch (s.state) {
    case 'running':
      return `${mode} running, ${who}${s.resumedBy ? `, resumed by ${s.resumedBy}` : ''}.`;
    case 'paused':
      return `${mode} paused (its server stopped): ${s.reason ?? `waiting for ${s.by} to resume it`}. The node stays cordoned meanwhile.`;
    case 'done':
      return `${mode} done, ${who}${s.endedAt ? `, ended ${s.endedAt}` : ''}.`;
    case 'failed':
      return `${mode} failed, ${who}: ${s.reason ?? 'no reason given'}. The node was left cordoned.`;
    case 'cancelled':
      return `${mode} ${s.reason ?? 'cancelled'}, ${who}.`;
  }
}
