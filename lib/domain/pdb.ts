// PodDisruptionBudget arithmetic, as the disruption controller computes it: how many of the
// covered pods may be voluntarily disrupted right now. Percentages of minAvailable and
// maxUnavailable round up, as the Kubernetes controller does.

type PdbSpec = { minAvailable?: number | string; maxUnavailable?: number | string } | undefined;

/** How many covered pods must stay healthy (status.desiredHealthy). */
export function desiredHealthy(spec: PdbSpec, expected: number): number {
  const scaled = (v: number | string) => {
    if (typeof v === 'number') return v;
    const pct = /^(\d+)%$/.exec(v);
    return pct ? Math.ceil((Number(pct[1]) * expected) / 100) : Number(v) || 0;
  };
  if (spec?.maxUnavailable !== undefined) return Math.max(0, expected - scaled(spec.maxUnavailable));
  return spec?.minAvailable !== undefined ? scaled(spec.minAvailable) : expected;
}

export function disruptionsAllowed(spec: PdbSpec, expected: number, healthy: number): number {
  return Math.max(0, healthy - desiredHealthy(spec, expected));
}
