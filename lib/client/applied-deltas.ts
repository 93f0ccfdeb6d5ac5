// How many deltas the page's reducer has applied, kept on window for the browser benchmark: it
// reads the count before and after it churns pods, so a frame figure is only reported beside the
// changes the page actually took in (not merely those sent). A plain counter: nothing logged.
import type { TopologyEvent } from '@/lib/domain/model';

export const APPLIED_DELTAS_GLOBAL = '__nodelanesAppliedDeltas';

export interface AppliedDeltas {
  /** Every delta applied onto the held snapshot. */
  all: number;
  /** Of those, pods upserted or deleted. */
  pods: number;
}

export function appliedDeltas(): AppliedDeltas {
  const scope = globalThis as unknown as Record<string, AppliedDeltas | undefined>;
  return (scope[APPLIED_DELTAS_GLOBAL] ??= { all: 0, pods: 0 });
}

export function countApplied(events: readonly TopologyEvent[]) {
  const counts = appliedDeltas();
  counts.all += events.length;
  for (const event of events) if (event.type === 'pod-upserted' || event.type === 'pod-deleted') counts.pods++;
}
