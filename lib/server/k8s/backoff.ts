// Reconnect delays for watches. Exponential so a down API server is not hammered, capped so a
// recovered one is noticed within half a minute, and jittered ("equal jitter": half fixed, half
// random) so that many informers — or many nodelanes replicas — do not reconnect in lockstep.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = options.random ?? Math.random;
  // 2 ** 30 and beyond only overflows into the cap; clamping the exponent keeps it a finite number.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
