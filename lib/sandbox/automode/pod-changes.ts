// The consolidator's view of pods, kept current by a watch: each pod in the compact model (so a
// pass walks compact pods instead of reshaping every pod), and when pods last arrived on or left
// each node (consolidateAfter counts from there).

import type { PodInfo } from '@/lib/domain/model';
import { transformPod } from '@/lib/domain/transform';
import type { KObject, Store } from '../store';
import type { SimTimer } from '../sim/clock';
import { podKey } from './shapes';

export interface PodChanges {
  pods: Map<string, PodInfo>;
  lastPodChange: Map<string, Date>;
  stop(): void;
}

export function watchPodChanges(store: Store, clock: Pick<SimTimer, 'now'>): PodChanges {
  const lastPodChange = new Map<string, Date>();
  const placement = new Map<string, string>();
  const pods = new Map<string, PodInfo>();
  for (const p of store.peek('pods')) {
    pods.set(podKey(p as KObject), transformPod(p));
    if (p.spec?.nodeName) placement.set(podKey(p as KObject), p.spec.nodeName);
  }
  const stop = store.watch('pods', (e) => {
    const key = podKey(e.object);
    if (e.type === 'DELETED') pods.delete(key);
    else pods.set(key, transformPod(e.object));
    const before = placement.get(key);
    const now = e.type === 'DELETED' ? undefined : e.object.spec?.nodeName;
    if (before === now) return;
    const at = clock.now();
    if (before) lastPodChange.set(before, at);
    if (now) lastPodChange.set(now, at);
    if (now) placement.set(key, now);
    else placement.delete(key);
  });
  return { pods, lastPodChange, stop };
}
