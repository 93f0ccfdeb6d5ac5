// The scheduler: binds pending pods to nodes that fit (requests vs allocatable, max pods,
// nodeSelector, required node affinity, taints, cordons, readiness, required pod (anti-)affinity,
// DoNotSchedule topology spread), preferring the least
// allocated node, as kube-scheduler's default NodeResourcesFit scoring does (Auto Mode runs the
// upstream scheduler; bin-packing is Karpenter's job, through consolidation). Pods nothing fits are marked Unschedulable with the
// scheduler's own FailedScheduling wording; the Auto Mode provisioner takes it from there.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { upsertCondition } from '../conditions';
import { describeMisfits, misfit, placedPod, PlacementIndex, type FitNode, type Misfit } from '@/lib/domain/fit';
import { fitNode, fitPod, podsByNode } from '../automode/shapes';

/** How long an unschedulable pod waits before the next attempt (simulated ms), like the backoff queue. */
const RETRY_MS = 5_000;

/**
 * One scheduling pass. `retryAt` remembers unschedulable pods (by uid) so they are retried on a
 * backoff instead of every tick, unless the set of nodes changed.
 */
export function schedule(store: Store, record: RecordEvent, retryAt: Map<string, number> = new Map()): number {
  const now = store.now().getTime();
  const pending = [...store.peek('pods')].filter(
    (p) =>
      !p.spec?.nodeName &&
      !p.metadata.deletionTimestamp &&
      p.status?.phase === 'Pending' &&
      (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' &&
      (retryAt.get(p.metadata.uid!) ?? 0) <= now,
  ) as KObject[];
  if (pending.length === 0) return 0;
  const byNode = podsByNode(store.peek('pods') as KObject[]);
  const nodes: FitNode[] = [...store.peek('nodes')].map((n) => fitNode(n as KObject, byNode.get(n.metadata.name) ?? []));
  // Pod (anti-)affinity and topology spread count pods across nodes: one index per pass, updated as pods bind.
  const index = new PlacementIndex(nodes);
  // Biggest first, like a priority queue ordered by size: big pods get the room they need.
  const queue = pending
    .map((p) => ({ pod: p, fit: fitPod(p) }))
    .sort((a, b) => b.fit.requests.cpuMillis - a.fit.requests.cpuMillis || b.fit.requests.memoryBytes - a.fit.requests.memoryBytes || a.fit.key.localeCompare(b.fit.key));
  let bound = 0;
  for (const { pod, fit } of queue) {
    let best: FitNode | undefined;
    const reasons: Partial<Record<Misfit, number>> = {};
    for (const node of nodes) {
      const why = misfit(fit, node, index);
      if (why) {
        reasons[why] = (reasons[why] ?? 0) + 1;
        continue;
      }
      if (!best || score(node) < score(best) || (score(node) === score(best) && node.name < best.name)) best = node;
    }
    const fresh = store.get('pods', pod.metadata.namespace, pod.metadata.name);
    if (!fresh || fresh.spec?.nodeName) continue;
    if (best) {
      best.used.cpuMillis += fit.requests.cpuMillis;
      best.used.memoryBytes += fit.requests.memoryBytes;
      best.used.pods += 1;
      index.add(placedPod(fit), best);
      const conditions = upsertCondition(fresh.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: store.timestamp() });
      store.update('pods', { ...fresh, spec: { ...fresh.spec, nodeName: best.name }, status: { ...fresh.status, conditions } });
      record(fresh, 'Normal', 'Scheduled', `Successfully assigned ${fit.key} to ${best.name}`);
      bound++;
      continue;
    }
    const total = nodes.length;
    const message = `${describeMisfits(total, reasons)} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
    const before = (fresh.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
    if (before?.message !== message) {
      const conditions = upsertCondition(fresh.status?.conditions, {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: before?.status === 'False' ? before.lastTransitionTime : store.timestamp(),
        reason: 'Unschedulable',
        message,
      });
      store.update('pods', { ...fresh, status: { ...fresh.status, conditions } });
    }
    record(fresh, 'Warning', 'FailedScheduling', message);
    retryAt.set(fresh.metadata.uid!, now + RETRY_MS);
  }
  if (retryAt.size > 10_000) retryAt.clear();
  return bound;
}

function score(n: FitNode): number {
  const cpu = n.allocatable.cpuMillis ? n.used.cpuMillis / n.allocatable.cpuMillis : 1;
  const mem = n.allocatable.memoryBytes ? n.used.memoryBytes / n.allocatable.memoryBytes : 1;
  return (cpu + mem) / 2;
}
