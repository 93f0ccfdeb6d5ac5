// PodDisruptionBudget arithmetic, as the disruption controller computes it: how many of the
// covered pods may be voluntarily disrupted right now. Percentages of minAvailable and
// maxUnavailable round up, as the Kubernetes controller does.

export function disruptionsAllowed(spec: { minAvailable?: number | string; maxUnavailable?: number | string } | undefined, expected: number, healthy: number): number {
  const scaled = (v: number | string) => {
    if (typeof v === 'number') return v;
    const pct = /^(\d+)%$/.exec(v);
    return pct ? Math.ceil((Number(pct[1]) * expected) / 100) : Number(v) || 0;
  };
  if (spec?.maxUnavailable !== undefined) {
    const desiredHealthy = expected - scaled(spec.maxUnavailable);
    return Math.max(0, healthy - desiredHealthy);
  }
  const minAvailable = spec?.minAvailable !== undefined ? scaled(spec.minAvailable) : expected;
  return Math.max(0, healthy - minAvailable);
}
