// What etcd gives a paged list: every page is read at the revision of the first, so an object
// created, changed or deleted after the first page does not show in the later ones. The sandbox
// keeps the first page's order and objects (both never change once taken) under the resource and
// resourceVersion its continue tokens carry, until they are compacted: after a while, as the
// apiserver compacts etcd every 5 minutes (at most 32 are kept).

/** T is the store's object type (kept generic so this file needs nothing of the store). */
export interface ListSnapshot<T> {
  readonly rv: string;
  /** Keys (`namespace/name`) in list order. */
  readonly keys: readonly string[];
  /** The object of each key as it was at `rv`. */
  readonly objects: readonly Readonly<T>[];
}

/** Enough for several clients paging at once; each holds the resource's objects alive. */
const MAX_KEPT = 32;

export class ListSnapshots<T> {
  private readonly kept = new Map<string, { snapshot: ListSnapshot<T>; at: number }>();

  constructor(
    private readonly windowMs = 5 * 60_000,
    private readonly wallNow: () => number = Date.now,
  ) {}

  keep(resource: string, snapshot: ListSnapshot<T>) {
    const id = `${resource}@${snapshot.rv}`;
    this.kept.delete(id);
    this.kept.set(id, { snapshot, at: this.wallNow() });
    // Oldest first: Map keeps insertion order.
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= MAX_KEPT) break;
      this.kept.delete(oldest);
    }
  }

  /** The snapshot a continue token refers to, or undefined once it has been compacted. */
  find(resource: string, rv: string): ListSnapshot<T> | undefined {
    this.expire();
    return this.kept.get(`${resource}@${rv}`)?.snapshot;
  }

  /** Drops every snapshot, as an etcd compaction at the current revision would. */
  compact() {
    this.kept.clear();
  }

  private expire() {
    const before = this.wallNow() - this.windowMs;
    for (const [id, { at }] of this.kept) if (at < before) this.kept.delete(id);
  }
}
