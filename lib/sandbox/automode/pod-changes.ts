// The consolidator's view of pods, kept current by a watch: each pod in the compact model (so a
// pass walks compact pods instead of reshaping every pod), and when pods last arrived on or left
// each node (consolidateAfter counts from there). A written pod is reshaped when a pass asks for
// the pods, not on every write: a pod changed many times between passes is reshaped once, and
// none is while no pass needs pods (no node is a candidate).

import type { PodInfo } from '@/lib/domain/model';
import { transformPod } from '@/lib/domain/transform';
import type { KObject, Store } from '../store';
import type { SimTimer } from '../sim/clock';
import { podKey } from './shapes';

export interface PodChanges {
  /** Every pod in the compact model, as stored now. */
  pods(): PodInfo[];
  lastPodChange: Map<string, Date>;
  stop(): void;
}

export function watchPodChanges(store: Store, clock: Pick<SimTimer, 'now'>): PodChanges {
  const lastPodChange = new Map<string, Date>();
  const placement = new Map<string, string>();
  const compact = new Map<string, PodInfo>();
  /** Pods written since the last pass that asked, as stored (the store replaces, never changes, them). */
  const written = new Map<string, Readonly<KObject>>();
  for (const p of store.peek('pods')) {
    written.set(podKey(p as KObject), p);
    if (p.spec?.nodeName) placement.set(podKey(p as KObject), p.spec.nodeName);
  }
  const stop = store.watch('pods', (e) => {
    const key = podKey(e.object);
    if (e.type === 'DELETED') {
      compact.delete(key);
      written.delete(key);
    } else written.set(key, e.object);
    const before = placement.get(key);
    const now = e.type === 'DELETED' ? undefined : e.object.spec?.nodeName;
    if (before === now) return;
    const at = clock.now();
    if (before) lastPodChange.set(before, at);
    if (now) lastPodChange.set(now, at);
    if (now) placement.set(key, now);
    else placement.delete(key);
  });
  const pods = () => {
    for (const [key, p] of written) compact.set(key, transformPod(p));
    written.clear();
    return [...compact.values()];
  };
  return { pods, lastPodChange, stop };
}
