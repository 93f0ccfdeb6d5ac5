// The taint manager (kube-controller-manager's taint-eviction-controller): a pod on a node with
// NoExecute taints it does not tolerate is deleted at once; tolerated ones delete it once the
// shortest tolerationSeconds has passed since the taints were seen (lib/domain/noexecute.ts).
// Removing the taints in time cancels the eviction, with a "Cancelling deletion" event as the
// controller's timed queue gives when it drops pending work (not after the work has run).
// Evicted pods get the DisruptionTarget condition and are deleted gracefully; the kubelet then
// finishes them, unless it is stopped.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { evictionDelaySeconds } from '@/lib/domain/noexecute';
import { upsertCondition } from '../conditions';
import { deletePod } from './owned-pods';

type Taint = { key: string; value?: string; effect: string };

export class TaintManager {
  /** Pod uid → when the NoExecute taints that will evict it were first seen, and the pod then. */
  private readonly pending = new Map<string, { since: number; pod: Readonly<KObject> }>();

  constructor(
    private readonly store: Store,
    private readonly record: RecordEvent,
  ) {}

  run() {
    const noExecute = new Map<string, Taint[]>();
    for (const n of this.store.peek('nodes')) {
      const taints = ((n.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
      if (taints.length) noExecute.set(n.metadata.name, taints);
    }
    const still = new Set<string>();
    if (noExecute.size) {
      const now = this.store.now().getTime();
      for (const p of [...this.store.peek('pods')]) {
        const taints = noExecute.get(p.spec?.nodeName);
        if (!taints || p.metadata.deletionTimestamp) continue;
        const delay = evictionDelaySeconds(taints, p.spec?.tolerations);
        if (delay === undefined) continue;
        const uid = p.metadata.uid!;
        const since = this.pending.get(uid)?.since ?? now;
        if (now >= since + delay * 1000) {
          this.pending.delete(uid);
          this.evict(p);
          continue;
        }
        still.add(uid);
        this.pending.set(uid, { since, pod: p });
      }
    }
    for (const [uid, { pod }] of this.pending) {
      if (still.has(uid)) continue;
      this.pending.delete(uid);
      this.record(pod as KObject, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
    }
  }

  private evict(p: Readonly<KObject>) {
    const t = this.store.timestamp();
    const condition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: t, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    const marked = this.store.update('pods', { ...(p as KObject), status: { ...p.status, conditions: upsertCondition(p.status?.conditions, condition) } });
    this.record(marked, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}`);
    deletePod(this.store, marked);
  }
}
