import type { PdbInfo } from '@/lib/domain/model';
import { NOTHING, fromLabelSelectorObject, type LabelSelector } from '@/lib/domain/label-selector';
import { timeOf, type Raw } from './raw';

function intOrPercent(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return /^\d+$/.test(value) ? Number(value) : value;
  return undefined;
}

export function transformPdb(raw: Raw): PdbInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  let selector: LabelSelector;
  try {
    selector = fromLabelSelectorObject(spec.selector);
  } catch {
    // The API server validates selectors; one it let through that we cannot read matches nothing.
    selector = NOTHING;
  }
  const info: PdbInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    uid: meta.uid ?? '',
    selector,
    currentHealthy: Number(status.currentHealthy) || 0,
    desiredHealthy: Number(status.desiredHealthy) || 0,
    disruptionsAllowed: Number(status.disruptionsAllowed) || 0,
    expectedPods: Number(status.expectedPods) || 0,
  };
  const minAvailable = intOrPercent(spec.minAvailable);
  if (minAvailable !== undefined) info.minAvailable = minAvailable;
  const maxUnavailable = intOrPercent(spec.maxUnavailable);
  if (maxUnavailable !== undefined) info.maxUnavailable = maxUnavailable;
  return info;
}
