// A drain's state, kept on its Node (annotation nodelanes.io/drain) rather than in a server's
// memory, so every replica and every user sees it and any replica can act on it: `running` while a
// drain goes on, then `done`, `failed` (with why; the node stays cordoned, and says so) or
// `cancelled` (by whom; uncordoned if they asked).

export const DRAIN_STATE = 'nodelanes.io/drain';

export type DrainPhase = 'running' | 'done' | 'failed' | 'cancelled';

export interface DrainState {
  /** The activity id of the drain. */
  id: string;
  state: DrainPhase;
  mode: 'evict' | 'restart';
  by: string;
  at: string;
  /** Why it failed, or who cancelled it. */
  reason?: string;
  endedAt?: string;
}

const PHASES = new Set<DrainPhase>(['running', 'done', 'failed', 'cancelled']);

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
export function endedDrain(state: DrainState, phase: Exclude<DrainPhase, 'running'>, at: string, reason?: string): DrainState {
  return { ...state, state: phase, endedAt: at, ...(reason ? { reason } : {}) };
}
