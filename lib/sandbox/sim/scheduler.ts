// The scheduler: binds pending pods to nodes that fit (requests vs allocatable, max pods,
// nodeSelector, required node affinity, taints, cordons, readiness, required pod (anti-)affinity,
// DoNotSchedule topology spread), preferring the least
// allocated node, as kube-scheduler's default NodeResourcesFit scoring does (Auto Mode runs the
// upstream scheduler; bin-packing is Karpenter's job, through consolidation). Pods nothing fits are marked Unschedulable with the
// scheduler's own FailedScheduling wording; the Auto Mode provisioner takes it from there.
// Higher-priority pods go first, and a pod nothing fits may preempt lower-priority ones
// (./preemption.ts): it is nominated to a node, waits for its victims to leave, and binds there;
// the room it was nominated to is held against pods of lower priority meanwhile.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { upsertCondition } from '../conditions';
import { describeMisfits, misfit, placedPod, PlacementIndex, type FitNode, type FitPod, type Misfit } from '@/lib/domain/fit';
import { fitNode, fitPod, podsByNode } from '../automode/shapes';
import { preempt } from './preemption';
import { podWorkFor } from './pod-work';

/** How long an unschedulable pod waits before the next attempt (simulated ms), like the backoff queue. */
const RETRY_MS = 5_000;

/**
 * One scheduling pass. `retryAt` remembers unschedulable pods (by uid) so they are retried on a
 * backoff instead of every tick, unless the set of nodes changed.
 */
export function schedule(store: Store, record: RecordEvent, retryAt: Map<string, number> = new Map()): number {
  const now = store.now().getTime();
  // The pods awaiting scheduling are kept from the store's events (pod-work.ts): a pass with
  // nothing pending costs nothing, however many pods run.
  const pending = [...podWorkFor(store).unbound.values()].filter(
    (p) => (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && (retryAt.get(p.metadata.uid!) ?? 0) <= now,
  ) as KObject[];
  if (pending.length === 0) return 0;
  const byNode = podsByNode(store.peek('pods') as KObject[]);
  const nodes: FitNode[] = [...store.peek('nodes')].map((n) => fitNode(n as KObject, byNode.get(n.metadata.name) ?? []));
  // Pod (anti-)affinity and topology spread count pods across nodes: one index per pass, updated as pods bind.
  const index = new PlacementIndex(nodes);
  // Highest priority first, as the scheduling queue orders; among equals biggest first, so big
  // pods get the room they need.
  const queue = pending
    .map((p) => ({ pod: p, fit: fitPod(p), priority: Number(p.spec?.priority ?? 0) }))
    .sort((a, b) => b.priority - a.priority || b.fit.requests.cpuMillis - a.fit.requests.cpuMillis || b.fit.requests.memoryBytes - a.fit.requests.memoryBytes || a.fit.key.localeCompare(b.fit.key));
  const nominations = nominatedPods(store);
  let bound = 0;
  for (const { pod, fit, priority } of queue) {
    const nominated = pod.status?.nominatedNodeName as string | undefined;
    // Pods nominated after preemption hold their node's room against pods of no higher priority
    // (the scheduler filters with them as if they were there), waiting or not.
    const held = [...nominations].filter(([uid, n]) => uid !== pod.metadata.uid && n.priority >= priority).map(([, n]) => n);
    for (const n of held) hold(nodes, n.node, n.fit, 1);
    let best: FitNode | undefined;
    const reasons: Partial<Record<Misfit, number>> = {};
    const whyNot = new Map<string, Misfit>();
    for (const node of nodes) {
      const why = misfit(fit, node, index);
      if (why) {
        reasons[why] = (reasons[why] ?? 0) + 1;
        whyNot.set(node.name, why);
        continue;
      }
      // The nominated node, when it fits, is taken before any other, as the scheduler does.
      if (nominated && best?.name === nominated) continue;
      if (node.name === nominated || !best || score(node) < score(best) || (score(node) === score(best) && node.name < best.name)) best = node;
    }
    const release = () => held.forEach((n) => hold(nodes, n.node, n.fit, -1));
    const fresh = store.get('pods', pod.metadata.namespace, pod.metadata.name);
    if (!fresh || fresh.spec?.nodeName) {
      release();
      continue;
    }
    if (best) {
      release();
      nominations.delete(fresh.metadata.uid!);
      best.used.cpuMillis += fit.requests.cpuMillis;
      best.used.memoryBytes += fit.requests.memoryBytes;
      best.used.pods += 1;
      index.add(placedPod(fit), best);
      const conditions = upsertCondition(fresh.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: store.timestamp() });
      const { nominatedNodeName: _done, ...status } = fresh.status ?? {};
      store.update('pods', { ...fresh, spec: { ...fresh.spec, nodeName: best.name }, status: { ...status, conditions } });
      record(fresh, 'Normal', 'Scheduled', `Successfully assigned ${fit.key} to ${best.name}`);
      bound++;
      continue;
    }
    // Victims are chosen with the other nominated pods' room still held, as the scheduler's
    // filters see it.
    const preemption = preempt({ store, record, pod: fresh, fit, nodes, whyNot, byNode });
    release();
    const message = [describeMisfits(nodes.length, reasons), preemption].filter(Boolean).join(' ');
    const latest = store.get('pods', fresh.metadata.namespace, fresh.metadata.name) ?? fresh;
    if (latest.status?.nominatedNodeName) nominations.set(fresh.metadata.uid!, { node: latest.status.nominatedNodeName, fit, priority });
    else nominations.delete(fresh.metadata.uid!);
    unschedulable(store, latest, message);
    record(latest, 'Warning', 'FailedScheduling', message);
    retryAt.set(fresh.metadata.uid!, now + RETRY_MS);
  }
  if (retryAt.size > 10_000) retryAt.clear();
  return bound;
}

interface Nomination {
  node: string;
  fit: FitPod;
  priority: number;
}

/** Pods waiting for the node they were nominated to, by uid. */
function nominatedPods(store: Store): Map<string, Nomination> {
  const out = new Map<string, Nomination>();
  for (const p of store.peek('pods')) {
    const node = p.status?.nominatedNodeName;
    if (!node || p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
    out.set(p.metadata.uid!, { node, fit: fitPod(p as KObject), priority: Number(p.spec?.priority ?? 0) });
  }
  return out;
}

/** Adds (sign 1) or takes back (-1) a nominated pod's requests on its node. */
function hold(nodes: FitNode[], nodeName: string | undefined, fit: FitPod, sign: 1 | -1) {
  const node = nodeName ? nodes.find((n) => n.name === nodeName) : undefined;
  if (!node) return;
  node.used.cpuMillis += sign * fit.requests.cpuMillis;
  node.used.memoryBytes += sign * fit.requests.memoryBytes;
  node.used.pods += sign;
}

function unschedulable(store: Store, fresh: KObject, message: string) {
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
}

function score(n: FitNode): number {
  const cpu = n.allocatable.cpuMillis ? n.used.cpuMillis / n.allocatable.cpuMillis : 1;
  const mem = n.allocatable.memoryBytes ? n.used.memoryBytes / n.allocatable.memoryBytes : 1;
  return (cpu + mem) / 2;
}
