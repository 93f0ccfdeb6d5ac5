// The taint manager's decision for one pod on one node: a NoExecute taint the pod does not
// tolerate evicts it at once; tolerated ones evict it after the shortest tolerationSeconds of
// the tolerations used (none given: never; zero or less: at once). And which taints the node
// lifecycle controller puts on a node for its Ready condition.
import { tolerates, type TaintLike, type Toleration } from './requirements';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

type TimedToleration = Toleration & { tolerationSeconds?: number | null };

/**
 * Seconds after the taints appeared at which the pod is evicted: 0 for at once, undefined when
 * the taints never evict it.
 */
export function evictionDelaySeconds(taints: readonly TaintLike[] | undefined, tolerations: readonly TimedToleration[] | undefined): number | undefined {
  const noExecute = (taints ?? []).filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  let min = Infinity;
  for (const taint of noExecute) {
    const used = (tolerations ?? []).filter((t) => tolerates([t], taint));
    if (used.length === 0) return 0;
    for (const t of used) if (t.tolerationSeconds != null) min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return Number.isFinite(min) ? min : undefined;
}

/** The lifecycle controller's taint key for a Ready condition status: False → not-ready, Unknown → unreachable. */
export function readinessTaintKey(readyStatus: string | undefined): string | undefined {
  if (readyStatus === 'False') return NOT_READY_TAINT;
  if (readyStatus === 'Unknown') return UNREACHABLE_TAINT;
  return undefined;
}

/** A node's taints with the readiness taints (both effects) set for its Ready status, others kept in order. */
export function withReadinessTaints<T extends TaintLike>(taints: readonly T[] | undefined, readyStatus: string | undefined, timeAdded: string): (T | TaintLike & { timeAdded?: string })[] {
  const key = readinessTaintKey(readyStatus);
  const kept = (taints ?? []).filter((t) => (t.key !== NOT_READY_TAINT && t.key !== UNREACHABLE_TAINT) || (t.key === key && (t.effect === 'NoSchedule' || t.effect === 'NoExecute')));
  if (!key) return kept;
  const out: (T | TaintLike & { timeAdded?: string })[] = [...kept];
  for (const effect of ['NoSchedule', 'NoExecute'] as const) {
    if (!kept.some((t) => t.key === key && t.effect === effect)) out.push({ key, effect, ...(effect === 'NoExecute' ? { timeAdded } : {}) });
  }
  return out;
}
