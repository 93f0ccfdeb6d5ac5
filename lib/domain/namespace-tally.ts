// The namespaces the pods live in, kept up to date at the cost of what changed: going over
// 150,000 pods on every batch of deltas cost a few milliseconds of every frame, and the list
// changes only when a namespace gets its first pod or loses its last.
import { identityDiff } from './identity-diff';
import type { PodInfo } from './model';

export interface NamespaceTally {
  pods?: readonly PodInfo[];
  /** Pods per namespace. */
  counts: Map<string, number>;
  /** The namespaces with pods, sorted: the same array for as long as they stay the same. */
  list: string[];
}

export const createNamespaceTally = (): NamespaceTally => ({ counts: new Map(), list: [] });

/** The namespaces of `counts`, sorted; `kept` itself when it lists the same ones. */
function listOf(counts: Map<string, number>, kept: string[]): string[] {
  const list = [...counts.keys()].filter(Boolean).sort();
  return list.length === kept.length && list.every((ns, i) => ns === kept[i]) ? kept : list;
}

/** The tally moved on to `pods`; its `list` is a new array only when the namespaces changed. */
export function tallyNamespaces(tally: NamespaceTally, pods: readonly PodInfo[]): NamespaceTally {
  if (tally.pods === pods) return tally;
  const diff = tally.pods ? identityDiff(tally.pods, pods, Math.max(64, pods.length >> 4)) : undefined;
  if (!diff) {
    // Pods come grouped by namespace: one map update per run of them, not per pod.
    const counts = new Map<string, number>();
    for (let i = 0; i < pods.length; ) {
      const namespace = pods[i].namespace;
      let end = i + 1;
      while (end < pods.length && pods[end].namespace === namespace) end++;
      counts.set(namespace, (counts.get(namespace) ?? 0) + end - i);
      i = end;
    }
    return { pods, counts, list: listOf(counts, tally.list) };
  }
  const counts = new Map(tally.counts);
  let changed = false;
  for (const pod of diff.removed) {
    const left = (counts.get(pod.namespace) ?? 0) - 1;
    if (left > 0) counts.set(pod.namespace, left);
    else changed = counts.delete(pod.namespace) || changed;
  }
  for (const pod of diff.added) {
    const had = counts.get(pod.namespace) ?? 0;
    counts.set(pod.namespace, had + 1);
    if (had === 0) changed = true;
  }
  return { pods, counts, list: changed ? listOf(counts, tally.list) : tally.list };
}
