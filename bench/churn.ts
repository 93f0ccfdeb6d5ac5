// Pod changes at a steady rate, straight to the API server: each a merge patch of the label
// `bench-t` to the moment it was sent (ms). A label, because the compact model keeps pods' labels
// (an annotation would change nothing the app sends). A client that sees the pod's delta reads
// the label back, so the latency is API server → informer → hub → SSE → client model.
import { SYNTHETIC_NAMESPACE } from '@/lib/sandbox/sim/scenario';
import { kubeRequest, type KubeTarget } from './kube-http';
import type { Delta } from './sse-client';

export const CHURN_LABEL = 'bench-t';
/** Patches waiting for the server at once, by default: more are skipped (counted), not queued. */
const MAX_IN_FLIGHT = 64;

export interface ChurnResult {
  sent: number;
  /** Changes not sent because `maxInFlight` patches were still waiting for the server. */
  skipped: number;
  failed: number;
}

/** Names of the synthetic cluster's pods, as lib/sandbox/sim/scenario.ts makes them. */
export function syntheticPodNames(nodes: number, podsPerNode: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < nodes; i++) for (let j = 0; j < podsPerNode; j++) names.push(`svc-${(i * podsPerNode + j) % 500}-${i}-${j}`);
  return names;
}

export async function churn(target: KubeTarget, names: string[], perSecond: number, seconds: number, start = 0, maxInFlight = MAX_IN_FLIGHT): Promise<ChurnResult & { next: number }> {
  const result: ChurnResult = { sent: 0, skipped: 0, failed: 0 };
  let next = start;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const ticks = Math.round(seconds * 10);
  for (let tick = 0; tick < ticks; tick++) {
    const due = performance.now() + 100;
    for (let k = 0; k < perSecond / 10; k++) {
      if (inFlight >= maxInFlight) {
        result.skipped++;
        continue;
      }
      const name = names[next++ % names.length];
      inFlight++;
      result.sent++;
      pending.push(
        kubeRequest(target, 'PATCH', `/api/v1/namespaces/${SYNTHETIC_NAMESPACE}/pods/${name}`, { metadata: { labels: { [CHURN_LABEL]: String(Date.now()) } } }, 'application/merge-patch+json')
          .then((res) => {
            if (res.status >= 300) result.failed++;
          })
          .catch(() => void result.failed++)
          .finally(() => void inFlight--),
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  await Promise.all(pending);
  return { ...result, next };
}

/** Collects delivery latencies from a full client's deltas. */
export function latencyRecorder() {
  const samples: number[] = [];
  return {
    onDelta(delta: Delta, receivedAt: number) {
      const sent = Number(delta.type === 'pod-upserted' ? delta.pod?.labels?.[CHURN_LABEL] : NaN);
      if (Number.isFinite(sent)) samples.push(receivedAt - sent);
    },
    /** The samples since the last take. */
    take(): number[] {
      return samples.splice(0);
    },
  };
}

export function percentile(xs: number[], p: number): number | undefined {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
