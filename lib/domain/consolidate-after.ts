// consolidateAfter: how long a node's pods must have been stable before consolidation may take
// it. One reading for the verdicts (lib/domain/consolidation.ts) and the sandbox's NodeClaim
// Consolidatable condition, so the page and the simulated cluster count the same wait.

import { parseDuration } from './disruption-budgets';

/**
 * When a node whose pods last changed at `lastPodChange` becomes a candidate; undefined for
 * `Never`. A value that does not read as a duration counts as 0s, the default when the field is
 * absent (the API server's pattern on the NodePool field keeps such values out).
 */
export function consolidatableAt(consolidateAfter: string, lastPodChange: Date): Date | undefined {
  if (consolidateAfter === 'Never') return undefined;
  let waitMs = 0;
  try {
    waitMs = parseDuration(consolidateAfter);
  } catch {
    // The default: see above.
  }
  return new Date(lastPodChange.getTime() + waitMs);
}

/** Its pods have been stable for consolidateAfter at `now` (never, for `Never`). */
export function isConsolidatable(consolidateAfter: string, lastPodChange: Date, now: Date): boolean {
  const at = consolidatableAt(consolidateAfter, lastPodChange);
  return at !== undefined && now.getTime() >= at.getTime();
}
