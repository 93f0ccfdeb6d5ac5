// The pods the scheduler and the kubelet have something to do for, kept from the store's pod
// events, so that their passes (every 2 s on a large cluster) cost what is pending, not a walk
// over 150,000 pods that merely run: a pass that walks them all holds every watch event back.
//
// Membership is a superset of what a pass acts on; a pass still checks each pod as before. The
// objects held are the stored ones (the store replaces an object on every write, never changes it
// in place), so they are current as of the last event and must not be modified.
import type { KObject, Store } from '../store';

type Pod = Readonly<KObject>;

/** A pod the scheduler may bind: unbound, not deleting, Pending. */
export const awaitsScheduling = (p: Pod) => !p.spec?.nodeName && !p.metadata.deletionTimestamp && p.status?.phase === 'Pending';

export class PodWork {
  /** Pods that await scheduling, by `namespace/name`. */
  readonly unbound = new Map<string, Pod>();
  /** Bound pods the kubelet may act on: deleting, not yet started, or on a node it does not know. */
  private readonly kubelet = new Map<string, Pod>();
  private readonly nodes = new Set<string>();
  /** A node went: its pods must be found, which only a walk over every pod does. */
  private rescan = false;

  constructor(private readonly store: Store) {
    for (const n of store.peek('nodes')) this.nodes.add(n.metadata.name);
    for (const p of store.peek('pods')) this.note(p);
    store.watch('nodes', (e) => {
      if (e.type !== 'DELETED') return void this.nodes.add(e.object.metadata.name);
      this.nodes.delete(e.object.metadata.name);
      this.rescan = true;
    });
    store.watch('pods', (e) => (e.type === 'DELETED' ? this.forget(e.object) : this.note(e.object)));
  }

  /** The bound pods with work for the kubelet, as stored now (a pod it finds nothing to do for leaves the set). */
  forKubelet(): Pod[] {
    if (this.rescan) {
      this.rescan = false;
      for (const p of this.store.peek('pods')) if (p.spec?.nodeName && !this.nodes.has(p.spec.nodeName)) this.kubelet.set(keyOf(p), p);
    }
    // A pod noted while its node was not known yet, whose node has come since.
    for (const [key, p] of this.kubelet) if (!this.kubeletMayAct(p)) this.kubelet.delete(key);
    return [...this.kubelet.values()];
  }

  private note(p: Pod) {
    const key = keyOf(p);
    if (awaitsScheduling(p)) this.unbound.set(key, p);
    else this.unbound.delete(key);
    if (this.kubeletMayAct(p)) this.kubelet.set(key, p);
    else this.kubelet.delete(key);
  }

  private forget(p: Pod) {
    this.unbound.delete(keyOf(p));
    this.kubelet.delete(keyOf(p));
  }

  private kubeletMayAct(p: Pod): boolean {
    const nodeName = p.spec?.nodeName;
    if (!nodeName) return false;
    return !this.nodes.has(nodeName) || Boolean(p.metadata.deletionTimestamp) || (p.status?.phase === 'Pending' && !p.status?.startTime);
  }
}

const keyOf = (p: Pod) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`;

const byStore = new WeakMap<Store, PodWork>();

/** The store's pod work, built with one walk over its pods on first use and kept by its events from then on. */
export function podWorkFor(store: Store): PodWork {
  let work = byStore.get(store);
  if (!work) byStore.set(store, (work = new PodWork(store)));
  return work;
}
