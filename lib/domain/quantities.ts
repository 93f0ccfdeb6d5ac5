// Kubernetes resource quantities (`100m`, `1.5`, `512Mi`, `2e3`) as plain numbers: always finite,
// never a throw, because one malformed object must not take an informer or a controller down.
// Validation that rejects bad quantities with a message lives where input is admitted.

import type { Resources } from './model';

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

function parse(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value !== 'string') return 0;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/.exec(value.trim());
  if (!m) return 0;
  const n = Number(m[1]) * SUFFIX[m[2]];
  return Number.isFinite(n) ? n : 0;
}

// Rounded up like the apiserver's canonical form (0.1 → 100m), but 0.1 * 1000 is 100.00000000000001
// in floating point, hence the epsilon; `|| 0` turns the -0 that ceil(-ε) gives into 0.
export const cpuToMillis = (value: unknown): number => Math.max(0, Math.ceil(parse(value) * 1000 - 1e-9)) || 0;
export const memoryToBytes = (value: unknown): number => Math.max(0, Math.ceil(parse(value) - 1e-9)) || 0;
export const toCount = (value: unknown): number => Math.max(0, Math.floor(parse(value))) || 0;

/** A Kubernetes resource list (`{cpu: "3920m", memory: "15Gi", pods: "58"}`) as plain numbers. */
export function resourcesOf(list: Record<string, unknown> | undefined | null): Resources {
  return { cpuMillis: cpuToMillis(list?.cpu), memoryBytes: memoryToBytes(list?.memory), pods: toCount(list?.pods) };
}
