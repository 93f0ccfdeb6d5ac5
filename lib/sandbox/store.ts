// The sandbox's etcd: every object of every kind, one resourceVersion counter for all of them,
// and a bounded event history per resource so that watches can resume from a resourceVersion
// (and get 410 Expired when it has fallen out of the window, as with the real watch cache).
//
// The store knows nothing about HTTP. The API layer and the in-process controllers both use it;
// the controllers therefore see exactly what kubectl and the app see.

import { ApiError, alreadyExists, conflict, notFound } from './errors';
import { OrderedKeys, namespaceRange, upperBound } from './ordered-keys';
import { ListSnapshots, type ListSnapshot } from './list-snapshots';
import { cloneJson } from './json-clone';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  generateName?: string;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // Specs and statuses are free-form here; kinds with rules validate them in validate.ts.
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: WatchEventType;
  /** The object as stored by this change, shared by every watcher and the history: read it, never modify it. */
  object: KObject;
  rv: number;
}

export type Listener = (event: StoredEvent) => void;

/** Identifies a resource collection: `pods`, `apps/deployments`, `karpenter.sh/nodepools`. */
export type ResourceKey = string;

export const resourceKey = (group: string, resource: string): ResourceKey => (group ? `${group}/${resource}` : resource);

const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

export interface StoreOptions {
  /** How many events each resource keeps for watch resumption. The real default is ~100. */
  historySize?: number;
  /** Wall-clock source for timestamps; the simulation passes its scaled clock. */
  now?: () => Date;
  /** Deterministic uid source (seeded scenarios). */
  uid?: () => string;
  /** How long a paged list's continue tokens stay valid (wall-clock ms; default 5 minutes). */
  listSnapshotMs?: number;
}

class History {
  readonly events: StoredEvent[] = [];
  /** The oldest resourceVersion a watch may resume from without losing events. */
  constructor(
    private readonly size: number,
    /** Versions from before the history began cannot be replayed either. */
    public floor: number,
  ) {}

  push(event: StoredEvent) {
    this.events.push(event);
    if (this.events.length > this.size) {
      const dropped = this.events.shift()!;
      this.floor = dropped.rv;
    }
  }
}

export class Store {
  private rv = 1000;
  private readonly startRv = this.rv;
  private readonly objects = new Map<ResourceKey, Map<string, KObject>>();
  private readonly histories = new Map<ResourceKey, History>();
  private readonly listeners = new Map<ResourceKey, Set<Listener>>();
  /** The resourceVersion of each resource's latest change. */
  private readonly lastChanges = new Map<ResourceKey, number>();
  /** Object keys in list order, per resource. */
  private readonly ordered = new Map<ResourceKey, OrderedKeys>();
  /** What continue tokens refer to: each paged list's first page, as it was. */
  readonly listSnapshots: ListSnapshots<KObject>;
  private readonly historySize: number;
  readonly now: () => Date;
  private readonly makeUid: () => string;

  constructor(options: StoreOptions = {}) {
    this.historySize = options.historySize ?? 1000;
    this.now = options.now ?? (() => new Date());
    this.makeUid = options.uid ?? (() => crypto.randomUUID());
    this.listSnapshots = new ListSnapshots(options.listSnapshotMs);
  }

  /** A fresh uid, for admission that must know an object's uid before it is stored. */
  newUid(): string {
    return this.makeUid();
  }

  /** Current resourceVersion of the whole store (what a list reports). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  timestamp(): string {
    // RFC 3339 without fractional seconds, as the apiserver writes metav1.Time.
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private bucket(key: ResourceKey): Map<string, KObject> {
    let b = this.objects.get(key);
    if (!b) this.objects.set(key, (b = new Map()));
    return b;
  }

  private history(key: ResourceKey): History {
    let h = this.histories.get(key);
    if (!h) {
      // Like a freshly started watch cache: it can replay what happened after it began, and
      // a resourceVersion from before that is answered with 410 Expired.
      h = new History(this.historySize, this.startRv);
      this.histories.set(key, h);
    }
    return h;
  }

  /** Objects of a resource, optionally in one namespace, sorted by namespace then name. */
  list(key: ResourceKey, namespace?: string): KObject[] {
    return Array.from(this.scan(key, { namespace }), clone);
  }

  /**
   * The stored objects themselves, unsorted and uncloned: for controllers scanning large
   * collections every tick. Callers must not modify what they get.
   */
  peek(key: ResourceKey): Iterable<Readonly<KObject>> {
    return this.bucket(key).values();
  }

  /**
   * Stored objects in list order (namespace, then name), starting after the key `after`
   * (`namespace/name`), uncloned. Paging through a large collection costs a binary search per
   * page instead of a sort.
   */
  *scan(key: ResourceKey, opts: { after?: string; namespace?: string } = {}): Generator<Readonly<KObject>> {
    const bucket = this.bucket(key);
    const keys = this.order(key).current();
    const [start, end] = namespaceRange(keys, opts.namespace);
    const from = opts.after !== undefined ? Math.max(start, upperBound(keys, opts.after)) : start;
    for (let i = from; i < end; i++) {
      const obj = bucket.get(keys[i]);
      if (obj) yield obj;
    }
  }

  /**
   * The resource's objects in list order as they are now, at the store's resourceVersion: what
   * a paged list's later pages are read from (see list-snapshots.ts). Costs one pass over the
   * resource; nothing is copied but references.
   */
  snapshot(key: ResourceKey): ListSnapshot<KObject> {
    const bucket = this.bucket(key);
    const keys = this.order(key).current();
    return { rv: this.resourceVersion, keys, objects: keys.map((k) => bucket.get(k)!) };
  }

  /** Puts every resource's keys in list order now, so that no later read pays for the sort. */
  orderKeys() {
    for (const key of this.objects.keys()) this.order(key).current();
  }

  private order(key: ResourceKey): OrderedKeys {
    let o = this.ordered.get(key);
    if (!o) {
      o = new OrderedKeys();
      for (const k of this.bucket(key).keys()) o.add(k);
      this.ordered.set(key, o);
    }
    return o;
  }

  get(key: ResourceKey, namespace: string | undefined, name: string): KObject | undefined {
    const obj = this.bucket(key).get(objectKey(namespace, name));
    return obj ? clone(obj) : undefined;
  }

  /** Like get, but a missing object is a NotFound ApiError. */
  require(key: ResourceKey, namespace: string | undefined, name: string): KObject {
    const obj = this.get(key, namespace, name);
    if (!obj) throw notFound(resourceOf(key), groupOf(key), name);
    return obj;
  }

  /**
   * Stores a new object. Fills uid, creationTimestamp, resourceVersion (and generation=1 when
   * asked). With `dryRun` it returns what would be stored and changes nothing.
   */
  create(key: ResourceKey, input: KObject, opts: { dryRun?: boolean; generation?: boolean; uid?: string } = {}): KObject {
    const obj = clone(input);
    const name = obj.metadata.name;
    const bucket = this.bucket(key);
    if (bucket.has(objectKey(obj.metadata.namespace, name))) throw alreadyExists(resourceOf(key), groupOf(key), name);
    // A uid handed out earlier (newUid) when admission needed it first, as for a Job's selector.
    obj.metadata.uid = opts.uid ?? this.makeUid();
    obj.metadata.creationTimestamp = this.timestamp();
    if (opts.generation) obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    if (opts.dryRun) {
      obj.metadata.resourceVersion = undefined;
      delete obj.metadata.resourceVersion;
      return obj;
    }
    obj.metadata.resourceVersion = String(++this.rv);
    bucket.set(objectKey(obj.metadata.namespace, name), obj);
    this.ordered.get(key)?.add(objectKey(obj.metadata.namespace, name));
    this.emit(key, 'ADDED', obj);
    return clone(obj);
  }

  /**
   * Replaces an object. A `metadata.resourceVersion` on the input must match the stored one
   * (optimistic concurrency), otherwise 409 Conflict. An update that changes nothing keeps the
   * resourceVersion and emits no event, as the real apiserver does.
   */
  update(key: ResourceKey, input: KObject, opts: { dryRun?: boolean } = {}): KObject {
    const obj = clone(input);
    const { name, namespace } = obj.metadata;
    const bucket = this.bucket(key);
    const current = bucket.get(objectKey(namespace, name));
    if (!current) throw notFound(resourceOf(key), groupOf(key), name);
    const wanted = obj.metadata.resourceVersion;
    if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(resourceOf(key), groupOf(key), name);
    // Identity fields are the server's, whatever the client sent.
    obj.metadata.uid = current.metadata.uid;
    obj.metadata.creationTimestamp = current.metadata.creationTimestamp;
    if (current.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
    }
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
    if (equal(obj, current)) return clone(current);
    if (opts.dryRun) return obj;
    obj.metadata.resourceVersion = String(++this.rv);
    // An object whose deletion was requested goes away once its last finalizer is removed.
    if (obj.metadata.deletionTimestamp && current.metadata.finalizers?.length && !obj.metadata.finalizers?.length) {
      bucket.delete(objectKey(namespace, name));
      this.ordered.get(key)?.delete(objectKey(namespace, name));
      this.emit(key, 'DELETED', obj);
      return clone(obj);
    }
    bucket.set(objectKey(namespace, name), obj);
    this.emit(key, 'MODIFIED', obj);
    return clone(obj);
  }

  /** Removes an object for good. Returns its last state, with the resourceVersion of the deletion. */
  remove(key: ResourceKey, namespace: string | undefined, name: string, opts: { dryRun?: boolean; uid?: string } = {}): KObject {
    const bucket = this.bucket(key);
    const current = bucket.get(objectKey(namespace, name));
    if (!current) throw notFound(resourceOf(key), groupOf(key), name);
    if (opts.uid && opts.uid !== current.metadata.uid) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resourceOf(key)} "${name}": Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (opts.dryRun) return clone(current);
    bucket.delete(objectKey(namespace, name));
    this.ordered.get(key)?.delete(objectKey(namespace, name));
    const last = clone(current);
    last.metadata.resourceVersion = String(++this.rv);
    this.emit(key, 'DELETED', last);
    return clone(last);
  }

  /**
   * Subscribes to changes of one resource. With `sinceRV`, events newer than it are replayed
   * first; if the history no longer reaches back that far, throws 410 Expired.
   */
  watch(key: ResourceKey, listener: Listener, sinceRV?: number): () => void {
    const history = this.history(key);
    if (sinceRV !== undefined) {
      if (sinceRV < history.floor) {
        throw new ApiError(410, 'Expired', `too old resource version: ${sinceRV} (${this.rv})`);
      }
      for (const event of history.events) if (event.rv > sinceRV) listener(event);
    }
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  /**
   * Whether objects of a resource (in one namespace, if given) changed after `rv`; undefined
   * when the history no longer reaches back that far.
   */
  changedSince(key: ResourceKey, rv: number, namespace?: string): boolean | undefined {
    const history = this.history(key);
    if (rv < history.floor) return undefined;
    return history.events.some((e) => e.rv > rv && (namespace === undefined || e.object.metadata.namespace === namespace));
  }

  /**
   * The resourceVersion of the resource's latest change (0 before any): a pass whose result
   * depends only on a few resources skips its work while they stay as they were.
   */
  lastChange(key: ResourceKey): number {
    return this.lastChanges.get(key) ?? 0;
  }

  /** Every resource that currently holds objects or listeners (for tests and debugging). */
  resources(): ResourceKey[] {
    return [...new Set([...this.objects.keys(), ...this.listeners.keys()])];
  }

  private emit(key: ResourceKey, type: WatchEventType, obj: KObject) {
    // Not copied: a stored object is replaced by a write, never changed in place, so the event can
    // hold the very object stored (a copy per event was a fifth of a PATCH's cost).
    const event: StoredEvent = { type, object: obj, rv: Number(obj.metadata.resourceVersion) };
    this.history(key).push(event);
    this.lastChanges.set(key, event.rv);
    for (const listener of this.listeners.get(key) ?? []) {
      try {
        listener(event);
      } catch (err) {
        // A broken watcher must not stop the others (or the write that triggered it).
        console.error('[sandbox] watch listener failed', err);
      }
    }
  }
}

export function groupOf(key: ResourceKey): string {
  const i = key.lastIndexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

export function resourceOf(key: ResourceKey): string {
  const i = key.lastIndexOf('/');
  return i < 0 ? key : key.slice(i + 1);
}

export function clone<T>(value: T): T {
  return cloneJson(value);
}

/** Structural equality of JSON values, ignoring key order. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => equal(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => equal(ao[k], bo[k]));
}
