// The garbage collector, as kube-controller-manager's: every object's ownerReferences (by uid)
// make a graph; when an owner goes, what it owned goes too (pods gracefully), unless another
// owner still holds it, in which case only the dangling reference is dropped. An owner deleted
// with `Orphan` keeps its `orphan` finalizer until its dependents no longer point at it; one
// deleted with `Foreground` keeps `foregroundDeletion` until every dependent that blocks it
// (blockOwnerDeletion) is gone, and its dependents that own things are deleted in the foreground
// too. The graph is kept up to date from the store's events and indexed by owner uid, so a pass
// looks only at the dependents of owners that went or are being deleted: a 150,000-pod cluster
// is scanned once, when the collector starts.
//
// Custom resources too, as kube-controller-manager's collector covers them: a NodePool's
// NodeClaims go with it. They carry Karpenter's termination finalizer, so for them "go" means
// marked for deletion; Auto Mode (the consolidator) drains the node and lets both go. Nodes stay
// out of the graph: their NodeClaim's termination removes them.
import type { KObject, OwnerReference, ResourceKey, Store, StoredEvent } from '../store';
import { RESOURCES, verbsOf } from '../kube-api/registry';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, deleteWithPropagation, isDeletingForeground } from '../kube-api/propagation';
import { deletePod } from './owned-pods';

interface GraphNode {
  key: ResourceKey;
  namespace?: string;
  name: string;
  owners: string[];
}

const groupOfApiVersion = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** Stored kinds an object may own or be owned by, and the storage of each group/kind. */
function collectedKinds() {
  const kinds = new Map<string, ResourceKey>();
  for (const r of RESOURCES) {
    // Events own nothing and are owned by nothing; there are many, so they stay out of the graph.
    if (r.storage === 'nodes' || r.storage === 'events' || !verbsOf(r).includes('delete') || r.group === 'metrics.k8s.io') continue;
    kinds.set(`${r.group}/${r.kind}`, r.storage);
  }
  return kinds;
}

export class GarbageCollector {
  private readonly kinds = collectedKinds();
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();
  /** Dependents to look at: their owner went, or was missing when they appeared. */
  private readonly attempt = new Set<string>();
  /** Owners deleted with `Orphan` or `Foreground`, waiting for the collector. */
  private readonly finalizing = new Set<string>();
  private readonly unwatch: (() => void)[] = [];

  constructor(private readonly store: Store) {
    const keys = new Set(this.kinds.values());
    for (const key of keys) for (const o of store.peek(key)) this.observe(key, o, true);
    // Objects that arrived owned by something already gone.
    for (const [uid, node] of this.nodes) if (node.owners.some((o) => !this.nodes.has(o))) this.attempt.add(uid);
    for (const key of keys) this.unwatch.push(store.watch(key, (e) => this.onEvent(key, e)));
  }

  stop() {
    for (const u of this.unwatch) u();
  }

  collect() {
    for (const uid of [...this.finalizing]) this.finalize(uid);
    const todo = [...this.attempt];
    this.attempt.clear();
    for (const uid of todo) this.attemptToDelete(uid);
  }

  private onEvent(key: ResourceKey, e: StoredEvent) {
    const uid = e.object.metadata.uid;
    if (!uid) return;
    if (e.type !== 'DELETED') {
      this.observe(key, e.object);
      return;
    }
    const node = this.nodes.get(uid);
    if (node) for (const o of node.owners) this.dependents.get(o)?.delete(uid);
    this.nodes.delete(uid);
    this.finalizing.delete(uid);
    for (const d of this.dependents.get(uid) ?? []) this.attempt.add(d);
    this.dependents.delete(uid);
  }

  private observe(key: ResourceKey, o: Readonly<KObject>, initial = false) {
    const uid = o.metadata.uid!;
    const finalizers = o.metadata.finalizers;
    if (o.metadata.deletionTimestamp && (finalizers?.includes(ORPHAN_FINALIZER) || finalizers?.includes(FOREGROUND_FINALIZER))) this.finalizing.add(uid);
    else if (this.finalizing.size > 0) this.finalizing.delete(uid);
    const refs = o.metadata.ownerReferences ?? [];
    const known = this.nodes.get(uid);
    // Most events are status updates of an object whose owners did not change.
    if (known && known.owners.length === refs.length && refs.every((r, i) => r.uid === known.owners[i])) return;
    const owners = refs.map((r) => r.uid);
    const before = known?.owners ?? [];
    for (const old of before) if (!owners.includes(old)) this.dependents.get(old)?.delete(uid);
    for (const owner of owners) {
      let set = this.dependents.get(owner);
      if (!set) this.dependents.set(owner, (set = new Set()));
      set.add(uid);
    }
    this.nodes.set(uid, { key, namespace: o.metadata.namespace, name: o.metadata.name, owners });
    // A new reference to an owner not (or no longer) there.
    if (!initial && owners.some((owner) => !before.includes(owner) && !this.nodes.has(owner))) this.attempt.add(uid);
  }

  private read(uid: string): KObject | undefined {
    const node = this.nodes.get(uid);
    return node && this.store.get(node.key, node.namespace, node.name);
  }

  /** The owner a reference names, if it is a kind the collector knows and it exists. */
  private ownerState(ref: OwnerReference, dependent: GraphNode): 'unknown' | 'dangling' | 'waiting' | 'solid' {
    const key = this.kinds.get(`${groupOfApiVersion(ref.apiVersion)}/${ref.kind}`);
    if (!key) return 'unknown';
    const node = this.nodes.get(ref.uid);
    // A namespaced owner is looked up in its dependent's namespace.
    if (!node || node.key !== key || (node.namespace !== undefined && node.namespace !== dependent.namespace)) return 'dangling';
    const owner = this.finalizing.has(ref.uid) ? this.read(ref.uid) : undefined;
    return owner && isDeletingForeground(owner) ? 'waiting' : 'solid';
  }

  private attemptToDelete(uid: string) {
    const node = this.nodes.get(uid);
    const o = this.read(uid);
    if (!node || !o) return;
    const refs = o.metadata.ownerReferences ?? [];
    const states = refs.map((r) => this.ownerState(r, node));
    if (!states.some((s) => s === 'dangling' || s === 'waiting')) return;
    if (states.some((s) => s === 'solid' || s === 'unknown')) {
      // Another owner still holds it: only the references to owners that went are dropped.
      const kept = refs.filter((_, i) => states[i] === 'solid' || states[i] === 'unknown');
      this.store.update(node.key, { ...o, metadata: { ...o.metadata, ownerReferences: kept } });
      return;
    }
    if (o.metadata.deletionTimestamp) return;
    if (node.key === 'pods') {
      deletePod(this.store, o);
      return;
    }
    // Dependents of an owner deleted in the foreground that own things themselves go the same way.
    const foreground = states.includes('waiting') && (this.dependents.get(uid)?.size ?? 0) > 0;
    deleteWithPropagation(this.store, node.key, o, foreground ? 'Foreground' : 'Background');
  }

  private finalize(uid: string) {
    const owner = this.read(uid);
    if (!owner?.metadata.deletionTimestamp) {
      this.finalizing.delete(uid);
      return;
    }
    const finalizers = owner.metadata.finalizers ?? [];
    const dependents = [...(this.dependents.get(uid) ?? [])];
    if (finalizers.includes(ORPHAN_FINALIZER)) {
      for (const d of dependents) {
        const o = this.read(d);
        if (!o) continue;
        const { ownerReferences, ...metadata } = o.metadata;
        const refs = (ownerReferences ?? []).filter((r) => r.uid !== uid);
        this.store.update(this.nodes.get(d)!.key, { ...o, metadata: refs.length ? { ...metadata, ownerReferences: refs } : metadata });
      }
      this.release(owner, ORPHAN_FINALIZER);
      return;
    }
    if (!finalizers.includes(FOREGROUND_FINALIZER)) return;
    let blocking = 0;
    for (const d of dependents) {
      const o = this.read(d);
      if (!o) continue;
      if (o.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion)) blocking++;
      if (!o.metadata.deletionTimestamp) this.attemptToDelete(d);
    }
    if (blocking === 0) this.release(owner, FOREGROUND_FINALIZER);
  }

  /** Removes one finalizer; the store deletes the object with its last one. */
  private release(owner: KObject, finalizer: string) {
    const node = this.nodes.get(owner.metadata.uid!)!;
    const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.store.update(node.key, { ...owner, metadata: { ...owner.metadata, finalizers } });
  }
}
