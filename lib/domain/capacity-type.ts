// A node's capacity type is spelled differently by every provider: Karpenter's label says
// `spot`/`on-demand`, a managed node group `SPOT`/`ON_DEMAND`, GKE `cloud.google.com/gke-spot: "true"`,
// AKS `spot`/`regular`. The model keeps one spelling; prices ask isSpot of either.

/** One spelling for the same idea across providers: `on-demand` or `spot` (anything else lower-cased as is). */
export function normalizeCapacityType(value: string): string {
  const v = value.toLowerCase();
  if (v === 'spot' || v === 'true') return 'spot';
  if (v === 'on_demand' || v === 'on-demand' || v === 'regular') return 'on-demand';
  return v;
}

/** Whether a capacity type, in any provider's spelling, is spot. */
export const isSpot = (capacityType: string | undefined): boolean => capacityType !== undefined && normalizeCapacityType(capacityType) === 'spot';
