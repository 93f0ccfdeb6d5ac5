// One cluster's topology, kept current by its informers: compact nodes, pods, deployments,
// NodePools, NodeClasses, NodeClaims, PodDisruptionBudgets and recent Events in maps keyed
// `namespace/name`, plus a ReplicaSet → owner index. Every change of a compact object becomes a
// TopologyEvent for the hub's subscribers; an update that leaves the compact form as it was (a
// status heartbeat, a managedFields shuffle) and a relist that finds nothing new send nothing.

import type { KubeConfig } from '@kubernetes/client-node';
import type {
  SyncNote,
  DeploymentInfo,
  EventInfo,
  NodeClaimInfo,
  NodeClassInfo,
  NodeInfo,
  NodePoolInfo,
  PdbInfo,
  PodInfo,
  PodOwner,
  TopologyEvent,
  TopologySnapshot,
} from '@/lib/domain/model';
import { makeApis } from './client';
import { ResilientInformer, type InformerOptions, type InformerSink, type RelistReason } from './informers';
import { deploymentKind, eventKind, hpaKind, newestEvents, nodeClaimKind, nodeClassKind, nodeKind, nodePoolKind, oldestEvent, pdbKind, podKind, replicaSetKind } from './kinds';
import type { SyncProgress } from '@/lib/domain/sync-progress';
import { withHpa, type HpaRecord } from '@/lib/domain/transform';

/** `resourceVersion`: the newest one the cache had seen when the change was made (the delta's). */
export type TopologyListener = (event: TopologyEvent, resourceVersion: string) => void;

/** A kind's latest list after its first: why, when, and how many objects it found gone unannounced. */
interface RelistRecord {
  reason: RelistReason;
  at: number;
  vanished: number;
}

export interface InformerStats {
  resource: string;
  lists: number;
  /** Lists after the first, by reason. */
  relists: Partial<Record<RelistReason, number>>;
  /**
   * Objects a relist found gone that no watch had reported deleted. Each one was shown for a while
   * after it ceased to exist; in production a rising count points at a watch that loses events.
   */
  vanished: number;
  watches: number;
  errors: number;
  lastEventAt?: number;
  stale: boolean;
}

export type { SyncProgress };

function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Whether two compact objects differ. They are small plain JSON, so a string compare is cheap enough. */
const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

/** resourceVersions are opaque, but etcd's are integers; prefer the larger when both are. */
function laterVersion(current: string, next: string): string {
  if (!current) return next;
  const a = Number(current);
  const b = Number(next);
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return b > a ? next : current;
  return next;
}

/** How many Events the topology keeps: the newest, by when they last happened. */
export const MAX_EVENTS = 1_000;

export interface TopologyCacheOptions extends InformerOptions {
  /** Events kept (default MAX_EVENTS). */
  maxEvents?: number;
}

export class TopologyCache {
  readonly nodes = new Map<string, NodeInfo>();
  readonly pods = new Map<string, PodInfo>();
  readonly deployments = new Map<string, DeploymentInfo>();
  readonly nodePools = new Map<string, NodePoolInfo>();
  readonly nodeClasses = new Map<string, NodeClassInfo>();
  readonly nodeClaims = new Map<string, NodeClaimInfo>();
  readonly pdbs = new Map<string, PdbInfo>();
  readonly events = new Map<string, EventInfo>();
  /** Kept only to show on the Deployments they scale. */
  private readonly hpas = new Map<string, HpaRecord>();
  private readonly replicaSetOwners = new Map<string, PodOwner | null>();
  private readonly listeners = new Set<TopologyListener>();
  /** Kinds that cannot watch now, and why. */
  private readonly staleInformers = new Map<string, string>();
  private readonly informers: ResilientInformer<unknown>[] = [];
  private resourceVersion = '';
  private started: Promise<void> | undefined;
  private readonly firstSync = new Map<string, { listed: number; done: boolean }>();
  private readonly relists = new Map<string, { byReason: Partial<Record<RelistReason, number>>; last?: RelistRecord; vanished: number; listedOnce: boolean }>();
  private syncedAll = false;

  constructor(
    readonly clusterId: string,
    private readonly kubeConfig: KubeConfig,
    private readonly informerOptions: TopologyCacheOptions = {},
  ) {}

  get stale(): boolean {
    return this.staleInformers.size > 0;
  }

  /** Per resource, how many full lists have been done (1 = only the initial one). */
  listCounts(): Record<string, number> {
    return Object.fromEntries(this.informers.map((i) => [i.resource, i.lists]));
  }

  /** Per resource, how its list/watch loop is doing: for the Prometheus metrics. */
  informerStats(): InformerStats[] {
    return this.informers.map((i) => {
      const relists = this.relists.get(i.resource);
      return {
        resource: i.resource,
        lists: i.lists,
        relists: { ...relists?.byReason },
        vanished: relists?.vanished ?? 0,
        watches: i.watches,
        errors: i.errors,
        lastEventAt: i.lastEventAt,
        stale: i.stale,
      };
    });
  }

  /** The first sync as it goes; a 150,000-pod list takes long enough that people want to see it move. */
  progress(): SyncProgress {
    return { synced: this.syncedAll, kinds: Object.fromEntries([...this.firstSync].map(([k, v]) => [k, { ...v }])) };
  }

  subscribe(listener: TopologyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the informers once; resolves when all have listed, rejects on the first failure. */
  start(): Promise<void> {
    this.started ??= this.startInformers();
    return this.started;
  }

  stop(): void {
    for (const informer of this.informers) informer.stop();
    this.listeners.clear();
  }

  snapshot(): TopologySnapshot {
    return {
      cluster: this.clusterId,
      resourceVersion: this.resourceVersion,
      nodes: [...this.nodes.values()],
      pods: [...this.pods.values()],
      deployments: [...this.deployments.values()],
      nodePools: [...this.nodePools.values()],
      nodeClasses: [...this.nodeClasses.values()],
      nodeClaims: [...this.nodeClaims.values()],
      pdbs: [...this.pdbs.values()],
      events: [...this.events.values()],
      stale: this.stale,
      sync: this.syncNotes(),
      generatedAt: new Date().toISOString(),
    };
  }

  /** Kinds that are stale or have relisted, and why, for the stale banner. */
  syncNotes(): SyncNote[] {
    const notes: SyncNote[] = [];
    const resources = new Set([...this.staleInformers.keys(), ...[...this.relists].filter(([, r]) => r.last).map(([k]) => k)]);
    for (const resource of [...resources].sort()) {
      const note: SyncNote = { resource };
      const reason = this.staleInformers.get(resource);
      if (reason !== undefined) note.stale = reason;
      const last = this.relists.get(resource)?.last;
      if (last) note.relisted = { reason: last.reason, at: new Date(last.at).toISOString(), vanished: last.vanished };
      notes.push(note);
    }
    return notes;
  }

  /** Tells subscribers how the kinds are keeping up (the aggregate flag and the notes behind it). */
  private emitSync() {
    this.emit({ type: 'stale', stale: this.stale, resourceVersion: this.resourceVersion || undefined, sync: this.syncNotes() });
  }

  private emit(event: TopologyEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event, this.resourceVersion);
      } catch (err) {
        // One broken subscriber (a closed SSE stream) must not starve the others.
        console.error(`[topology ${this.clusterId}] listener failed`, err);
      }
    }
  }

  private async startInformers() {
    const apis = makeApis(this.kubeConfig);
    const make = <T>(spec: ConstructorParameters<typeof ResilientInformer<T>>[1], sink: InformerSink<T>) => {
      const informer = new ResilientInformer<T>(apis, spec, sink, this.informerOptions);
      this.informers.push(informer as ResilientInformer<unknown>);
      return informer;
    };
    const replicaSets = make(replicaSetKind, this.replicaSetSink());
    const nodes = make(nodeKind, this.modelSink('nodes', this.nodes, (node) => ({ type: 'node-upserted', node }), (key) => ({ type: 'node-deleted', name: splitKey(key).name })));
    const deployments = make(
      {
        ...deploymentKind,
        transform: (raw: unknown) => {
          const d = deploymentKind.transform(raw);
          return d && withHpa(d, this.hpas.values());
        },
      },
      this.modelSink('deployments', this.deployments, (deployment) => ({ type: 'deployment-upserted', deployment }), (key) => ({ type: 'deployment-deleted', ...splitKey(key) })),
    );
    const pods = make(
      podKind((namespace, name) => this.replicaSetOwners.get(`${namespace}/${name}`)),
      this.modelSink('pods', this.pods, (pod) => ({ type: 'pod-upserted', pod }), (key) => ({ type: 'pod-deleted', ...splitKey(key) })),
    );
    const others = [
      make(
        nodePoolKind,
        this.modelSink('nodepools', this.nodePools, (nodePool) => ({ type: 'nodepool-upserted', nodePool }), (key) => ({ type: 'nodepool-deleted', name: splitKey(key).name })),
      ),
      make(
        nodeClassKind,
        this.modelSink('nodeclasses', this.nodeClasses, (nodeClass) => ({ type: 'nodeclass-upserted', nodeClass }), (key) => ({ type: 'nodeclass-deleted', name: splitKey(key).name })),
      ),
      make(
        nodeClaimKind,
        this.modelSink('nodeclaims', this.nodeClaims, (nodeClaim) => ({ type: 'nodeclaim-upserted', nodeClaim }), (key) => ({ type: 'nodeclaim-deleted', name: splitKey(key).name })),
      ),
      make(pdbKind, this.modelSink('poddisruptionbudgets', this.pdbs, (pdb) => ({ type: 'pdb-upserted', pdb }), (key) => ({ type: 'pdb-deleted', ...splitKey(key) }))),
      make(eventKind(this.informerOptions.maxEvents ?? MAX_EVENTS), this.eventSink()),
      make(hpaKind, this.hpaSink()),
    ];
    try {
      // ReplicaSets first, so that the pods' first list resolves their Deployments from the index
      // rather than from the pod-template-hash fallback.
      await Promise.all([replicaSets.start(), nodes.start(), deployments.start(), ...others.map((i) => i.start())]);
      await pods.start();
      this.syncedAll = true;
    } catch (err) {
      // Subscribers that came early hear that this data will not arrive.
      this.emit({ type: 'stale', stale: true });
      this.stop();
      throw err;
    }
  }

  /** Every list of a kind: after its first, counted by reason, and unannounced deletions logged. */
  private noteList(resource: string, reason: RelistReason, vanished: number) {
    const entry = this.relists.get(resource) ?? { byReason: {}, vanished: 0, listedOnce: false };
    this.relists.set(resource, entry);
    if (!entry.listedOnce) {
      entry.listedOnce = true;
      return;
    }
    entry.byReason[reason] = (entry.byReason[reason] ?? 0) + 1;
    entry.last = { reason, at: Date.now(), vanished };
    entry.vanished += vanished;
    this.emitSync();
    if (vanished > 0) {
      this.informerOptions.log?.(`[topology ${this.clusterId}] ${resource} relisted (${reason}): ${vanished} object${vanished === 1 ? '' : 's'} had gone without a delete event`);
    }
  }

  private listDone(resource: string, size: number) {
    const entry = this.firstSync.get(resource);
    if (entry && !entry.done) Object.assign(entry, { listed: size, done: true });
  }

  private sinkBase(resource: string): Pick<InformerSink<unknown>, 'stale' | 'resourceVersion' | 'listed'> {
    this.firstSync.set(resource, { listed: 0, done: false });
    return {
      listed: (count) => {
        const entry = this.firstSync.get(resource);
        if (entry && !entry.done) entry.listed = count;
      },
      stale: (stale, reason) => {
        if (stale) this.staleInformers.set(resource, reason ?? 'reconnecting');
        else this.staleInformers.delete(resource);
        this.emitSync();
      },
      resourceVersion: (rv) => {
        this.resourceVersion = laterVersion(this.resourceVersion, rv);
      },
    };
  }

  private modelSink<T>(
    resource: string,
    map: Map<string, T>,
    upserted: (item: T) => TopologyEvent,
    deleted: (key: string) => TopologyEvent,
  ): InformerSink<T> {
    return {
      ...this.sinkBase(resource),
      replace: (items, reason) => {
        this.listDone(resource, items.size);
        let vanished = 0;
        for (const key of map.keys()) {
          if (!items.has(key)) {
            map.delete(key);
            vanished++;
            this.emit(deleted(key));
          }
        }
        // Events leave the kept window without being deleted, so they are not counted.
        this.noteList(resource, reason, resource === 'events' ? 0 : vanished);
        for (const [key, item] of items) {
          const before = map.get(key);
          map.set(key, item);
          if (before === undefined || differs(before, item)) this.emit(upserted(item));
        }
      },
      upsert: (key, item) => {
        const before = map.get(key);
        map.set(key, item);
        if (before === undefined || differs(before, item)) this.emit(upserted(item));
      },
      remove: (key) => {
        if (map.delete(key)) this.emit(deleted(key));
      },
    };
  }

  /** Like modelSink, but holding only the newest events: the oldest one drops out (with a delta) as a new one comes in. */
  private eventSink(): InformerSink<EventInfo> {
    const limit = this.informerOptions.maxEvents ?? MAX_EVENTS;
    const map = this.events;
    const deleted = (key: string): TopologyEvent => ({ type: 'event-deleted', ...splitKey(key) });
    const base = this.modelSink('events', map, (event) => ({ type: 'event-upserted', event }), deleted);
    return {
      ...base,
      replace: (items, reason) => base.replace(newestEvents(items, limit), reason),
      upsert: (key, item) => {
        if (!map.has(key) && map.size >= limit) {
          const oldest = oldestEvent(map);
          // Older than everything kept (a relisted straggler): not news.
          if (!oldest || (Date.parse(item.lastTimestamp) || 0) < oldest.time) return;
          map.delete(oldest.key);
          this.emit(deleted(oldest.key));
        }
        base.upsert(key, item);
      },
    };
  }

  /** HPAs change the Deployments they scale: each change re-attaches and announces those. */
  private hpaSink(): InformerSink<HpaRecord> {
    const hpas = this.hpas;
    const refresh = (namespace: string, name: string | undefined) => {
      const key = `${namespace}/${name}`;
      const before = this.deployments.get(key);
      if (!name || !before) return;
      const after = withHpa(before, hpas.values());
      if (!differs(before, after)) return;
      this.deployments.set(key, after);
      this.emit({ type: 'deployment-upserted', deployment: after });
    };
    const targetOf = (h: HpaRecord | undefined) => (h?.target.kind === 'Deployment' ? h.target.name : undefined);
    return {
      ...this.sinkBase('horizontalpodautoscalers'),
      replace: (items, reason) => {
        this.listDone('horizontalpodautoscalers', items.size);
        this.noteList('horizontalpodautoscalers', reason, 0);
        hpas.clear();
        for (const [key, h] of items) hpas.set(key, h);
        for (const d of [...this.deployments.values()]) refresh(d.namespace, d.name);
      },
      upsert: (key, h) => {
        const before = hpas.get(key);
        hpas.set(key, h);
        refresh(h.namespace, targetOf(before));
        refresh(h.namespace, targetOf(h));
      },
      remove: (key) => {
        const before = hpas.get(key);
        if (!hpas.delete(key) || !before) return;
        refresh(before.namespace, targetOf(before));
      },
    };
  }

  private replicaSetSink(): InformerSink<PodOwner | null> {
    const owners = this.replicaSetOwners;
    return {
      ...this.sinkBase('replicasets'),
      replace: (items, reason) => {
        this.listDone('replicasets', items.size);
        let vanished = 0;
        for (const key of owners.keys()) if (!items.has(key)) vanished++;
        this.noteList('replicasets', reason, vanished);
        owners.clear();
        for (const [key, owner] of items) owners.set(key, owner);
      },
      upsert: (key, owner) => void owners.set(key, owner),
      remove: (key) => void owners.delete(key),
    };
  }
}
