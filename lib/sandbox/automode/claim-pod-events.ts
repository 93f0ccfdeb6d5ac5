// What Karpenter keeps on a NodeClaim for everyone else to see: status.lastPodEventTime, and the
// Consolidatable condition once its pods have been stable for consolidateAfter (cleared again when
// they change). Written only when something changed.

import { ApiError } from '../errors';
import { upsertCondition } from '../conditions';
import type { Store } from '../store';
import { NODECLAIMS } from './provisioner';

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string };

/** A writer of the NodeClaim's pod-event status, bound to the store. */
export function claimPodEventsWriter(store: Store) {
  return function recordPodEvents(name: string, lastChange: Date | undefined, isConsolidatable: boolean) {
    const claim = store.get(NODECLAIMS, undefined, name);
    if (!claim || claim.metadata.deletionTimestamp) return;
    const lastPodEventTime = lastChange ? lastChange.toISOString().replace(/\.\d{3}Z$/, 'Z') : claim.status?.lastPodEventTime;
    const conditions: Condition[] = claim.status?.conditions ?? [];
    const has = conditions.some((c) => c.type === 'Consolidatable' && c.status === 'True');
    if (lastPodEventTime === claim.status?.lastPodEventTime && has === isConsolidatable) return;
    const next = isConsolidatable
      ? has
        ? conditions
        : upsertCondition(conditions, { type: 'Consolidatable', status: 'True', reason: 'Consolidatable', message: '', lastTransitionTime: store.timestamp() })
      : conditions.filter((c) => c.type !== 'Consolidatable');
    try {
      store.update(NODECLAIMS, { ...claim, status: { ...claim.status, ...(lastPodEventTime ? { lastPodEventTime } : {}), conditions: next } });
    } catch (err) {
      // Written concurrently (the provisioner moving it along); the next pass catches up.
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  };
}
