// The arithmetic of a Deployment's rolling update, as the Kubernetes deployment controller does
// it: surge rounds up, unavailability rounds down, and both zero means one may be unavailable.

export function resolveIntOrPercent(value: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const pct = /^(\d+)%$/.exec(v);
  if (!pct) return Number(v) || 0;
  const raw = (Number(pct[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

export function surgeAndUnavailable(replicas: number, strategy: { maxSurge?: number | string; maxUnavailable?: number | string } | undefined) {
  const maxSurge = resolveIntOrPercent(strategy?.maxSurge, replicas, true, '25%');
  let maxUnavailable = resolveIntOrPercent(strategy?.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

export interface RsState {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
}

/**
 * One step of a rolling update: how far the new ReplicaSet may scale up, and how many old
 * replicas may go, given what is available now. Returns the new spec.replicas per ReplicaSet.
 */
export function rollingStep(desired: number, strategy: { maxSurge?: number | string; maxUnavailable?: number | string } | undefined, next: RsState, old: RsState[]) {
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(desired, strategy);
  const result = new Map<string, number>([[next.name, next.replicas], ...old.map((o) => [o.name, o.replicas] as [string, number])]);

  // Scale up the new ReplicaSet within maxSurge.
  const total = next.replicas + old.reduce((n, o) => n + o.replicas, 0);
  const room = desired + maxSurge - total;
  if (next.replicas < desired && room > 0) result.set(next.name, Math.min(desired, next.replicas + room));

  // Scale down old ReplicaSets while keeping desired - maxUnavailable available.
  const minAvailable = desired - maxUnavailable;
  const available = next.available + old.reduce((n, o) => n + o.available, 0);
  // Old replicas that are not available can go at once: they hold no availability.
  let budget = Math.max(0, available - minAvailable);
  for (const o of [...old].sort((a, b) => a.name.localeCompare(b.name))) {
    const unhealthy = Math.max(0, o.replicas - o.available);
    let count = result.get(o.name)!;
    const drop = Math.min(count, unhealthy);
    count -= drop;
    const more = Math.min(count, budget);
    count -= more;
    budget -= more;
    result.set(o.name, count);
  }
  return result;
}
