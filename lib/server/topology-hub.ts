// The topology hub: one informer set per cluster for the whole server process, shared by every
// browser. The first request for a cluster starts its informers (the server's start does, for the
// default cluster) and waits for their initial sync; later requests read the cache. Route handlers use only this module and lib/server/clusters.ts.
//
// The hub lives on globalThis: Next's dev server re-evaluates modules on every edit, and a
// module-level map would leave the old informers watching while new ones start beside them.
//
// A cluster nobody looks at costs a watch per kind on its API server and memory here, so its
// informers stop once it has been idle for NODELANES_CLUSTER_IDLE_SECONDS (default 600): no stream
// open and no request for it in that time. The next request starts them again (a fresh sync).

import { realTimerClock, type TimerClock } from './timer-clock';
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { ClusterUnavailableError, UnknownClusterError, getCluster, listClusters } from './clusters';
import { readServerEnv } from './env';
import { log } from './log';
import { prefetchCounts } from './k8s/prefetched-pages';
import { listedAheadCounts } from './k8s/listed-ahead';
import { HELD_SNAPSHOT_DEFAULTS, HeldSnapshot, RENEW_DEFAULTS, type Held } from './held-snapshot';
import { followHistory, pauseHistory } from './review-history';
import { snapshotPayload } from './snapshot-payload';
import { stopUsage } from './usage-hub';
import { FULL_SCOPE } from '@/lib/domain/visibility';
import { TopologyCache, type InformerStats, type SyncProgress, type TopologyCacheOptions } from './k8s/topology-cache';

export { ClusterUnavailableError, UnknownClusterError } from './clusters';
export type { SyncProgress } from './k8s/topology-cache';
/** `resourceVersion` is the delta's: the newest the cache had seen when it made the change. */
export type TopologyListener = (event: TopologyEvent, resourceVersion: string) => void;

interface HubEntry {
  server: string;
  cache: TopologyCache;
  /** The snapshot streams open on, and the deltas since (held-snapshot.ts). */
  held: HeldSnapshot;
  ready: Promise<void>;
  /** When a request or a stream last used it (the hub's clock). */
  lastUsed: number;
  /** Streams open on it: while any is, it is never idle. */
  streams: number;
  idleCheck?: unknown;
}

/** Timers the hub schedules idle checks with; tests pass a manual one. */
export type HubClock = TimerClock;

const realClock = realTimerClock;

interface HubState {
  entries: Map<string, HubEntry>;
  options: HubOptions;
}

export interface HubOptions {
  informer: TopologyCacheOptions;
  /** How long a first request waits for a cluster's initial sync before answering 503. */
  syncTimeoutMs: number;
  /** Informers stop after this long with no stream and no request (NODELANES_CLUSTER_IDLE_SECONDS). */
  idleMs: number;
  clock: HubClock;
}

const globalKey = Symbol.for('nodelanes.topology-hub');
type GlobalWithHub = typeof globalThis & { [globalKey]?: HubState };

function hub(): HubState {
  const g = globalThis as GlobalWithHub;
  g[globalKey] ??= {
    entries: new Map(),
    options: { informer: { log: (message) => console.warn(message) }, syncTimeoutMs: 20_000, idleMs: idleMsFromEnv(), clock: realClock },
  };
  return g[globalKey];
}

function idleMsFromEnv(): number {
  try {
    return readServerEnv().NODELANES_CLUSTER_IDLE_SECONDS * 1000;
  } catch {
    return 600_000;
  }
}

/** The current topology of a cluster (starting its informers on first use). */
export async function getTopology(clusterId: string): Promise<TopologySnapshot> {
  const entry = ensureEntry(clusterId);
  await ready(clusterId, entry);
  return entry.cache.snapshot();
}

/**
 * Deltas for a cluster as they happen. Starts the informers if needed but does not wait for them;
 * pair with getTopology — or use openTopologyStream, which does both without a gap between them.
 */
export function subscribeTopology(clusterId: string, listener: TopologyListener): () => void {
  const entry = ensureEntry(clusterId);
  return holdStream(entry, entry.cache.subscribe(listener));
}

/**
 * A snapshot and the deltas after it, with nothing lost in between: the subscription is taken
 * in the same tick as the snapshot, once the cluster has synced. For SSE routes.
 */
export async function openTopologyStream(
  clusterId: string,
  listener: TopologyListener,
): Promise<{ snapshot: TopologySnapshot; unsubscribe: () => void }> {
  const entry = ensureEntry(clusterId);
  await ready(clusterId, entry);
  return { snapshot: entry.cache.snapshot(), unsubscribe: holdStream(entry, entry.cache.subscribe(listener)) };
}

/**
 * Starts a cluster's informers without waiting for them: a server starting up lists its default
 * cluster while the rest of it boots, so the first page finds it synced or nearly. Never throws:
 * an unknown or unreachable cluster is left for the first request to report.
 */
export function startTopology(clusterId: string): boolean {
  try {
    ensureEntry(clusterId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the cluster's informers if needed and says whether its first sync is done. Throws at once
 * for an unknown or unreachable cluster, so a route can answer with a JSON error before streaming.
 */
export function topologyStarted(clusterId: string): { synced: boolean } {
  return { synced: ensureEntry(clusterId).cache.progress().synced };
}

/**
 * Like openTopologyStream, but never gives up on a slow first sync: until the cluster has synced,
 * `onProgress` hears how far it got (about once per `progressEveryMs`). Rejects only when the sync
 * itself fails; the SSE route uses this, so the page shows progress instead of a 503.
 */
export async function followTopology(
  clusterId: string,
  listener: TopologyListener,
  onProgress: (progress: SyncProgress) => void,
  options: { progressEveryMs?: number; signal?: AbortSignal } = {},
): Promise<Held & { unsubscribe: () => void }> {
  const entry = ensureEntry(clusterId);
  let timer: ReturnType<typeof setInterval> | undefined;
  if (!entry.cache.progress().synced) {
    onProgress(entry.cache.progress());
    timer = setInterval(() => onProgress(entry.cache.progress()), options.progressEveryMs ?? 500);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      entry.ready.then(resolve, reject);
      options.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ClusterUnavailableError(clusterId, `Cluster "${clusterId}" is unavailable: ${reason}`, { cause: err });
  } finally {
    if (timer) clearInterval(timer);
  }
  // The held snapshot and the deltas after it, and the subscription to the next ones, in one tick.
  const { snapshot, since } = entry.held.current();
  return { snapshot, since, unsubscribe: holdStream(entry, entry.cache.subscribe(listener)) };
}

/** Counts an open stream until its unsubscribe runs (once); its end is the entry's last use. */
function holdStream(entry: HubEntry, unsubscribe: () => void): () => void {
  entry.streams += 1;
  let held = true;
  return () => {
    unsubscribe();
    if (!held) return;
    held = false;
    entry.streams -= 1;
    touch(entry);
  };
}

function touch(entry: HubEntry): void {
  const { clock, idleMs } = hub().options;
  entry.lastUsed = clock.now();
  scheduleIdleCheck(entry, idleMs);
}

/**
 * One pending check per entry, due when the entry would have been idle long enough; it looks
 * again when it fires (a later use moves the deadline rather than adding timers).
 */
function scheduleIdleCheck(entry: HubEntry, inMs: number): void {
  const { clock } = hub().options;
  if (entry.idleCheck !== undefined) return;
  entry.idleCheck = clock.setTimeout(() => {
    entry.idleCheck = undefined;
    const state = hub();
    const id = entry.cache.clusterId;
    if (state.entries.get(id) !== entry || entry.streams > 0) return; // a stream's end re-arms it
    const idleFor = state.options.clock.now() - entry.lastUsed;
    if (idleFor < state.options.idleMs) return scheduleIdleCheck(entry, state.options.idleMs - idleFor);
    log('info', 'cluster idle: informers stopped; the next request starts them again', { cluster: id, idleSeconds: Math.round(idleFor / 1000) });
    dropEntry(id, entry);
  }, Math.max(0, inMs));
}

function dropEntry(id: string, entry: HubEntry): void {
  const state = hub();
  entry.cache.stop();
  entry.held.clear();
  if (entry.idleCheck !== undefined) state.options.clock.clearTimeout(entry.idleCheck);
  entry.idleCheck = undefined;
  if (state.entries.get(id) === entry) state.entries.delete(id);
  pauseHistory(id);
  stopUsage(id);
}

function ensureEntry(clusterId: string): HubEntry {
  const state = hub();
  const handle = getCluster(clusterId);
  if (!handle) {
    const listed = listClusters().find((c) => c.id === clusterId);
    if (listed) {
      throw new ClusterUnavailableError(clusterId, `Cluster "${clusterId}" is not reachable yet (${listed.problem ?? 'no usable kubeconfig'})`);
    }
    throw new UnknownClusterError(clusterId);
  }
  const existing = state.entries.get(clusterId);
  // A cluster whose API server moved (the sandbox restarted on a new port) gets fresh informers.
  if (existing && existing.server === handle.server) {
    touch(existing);
    return existing;
  }
  if (existing) dropEntry(clusterId, existing);

  const cache = new TopologyCache(clusterId, handle.kubeConfig, state.options.informer);
  // Renewed ahead with the encoding a page with the full scope asks for, so a page load finds one made.
  const prepare = (snapshot: TopologySnapshot) => void snapshotPayload(snapshot, FULL_SCOPE, 'columns').catch(() => undefined);
  const held = new HeldSnapshot(() => cache.snapshot(), HELD_SNAPSHOT_DEFAULTS, { ...RENEW_DEFAULTS, onRenewed: prepare });
  cache.subscribe((event, rv) => held.record(event, rv));
  const entry: HubEntry = { server: handle.server, cache, held, ready: cache.start(), lastUsed: state.options.clock.now(), streams: 0 };
  state.entries.set(clusterId, entry);
  touch(entry);
  // The first page load after the sync should not wait for the snapshot's encoding: the one a
  // page with the full scope asks for is made in the background, with the held snapshot, at once.
  // It is made in slices that give the thread back (snapshot-payload.ts), so the requests that
  // waited for the sync are answered meanwhile; made in one go it held the thread for most of a
  // second at 150,000 pods, and it used to wait a second for them. A page that asks sooner shares it.
  const startedAt = Date.now();
  entry.ready.then(
    () => {
      setTimeout(() => prepare(held.current().snapshot), PREPARE_AFTER_SYNC_MS).unref();
      // How long the first sync took, how much of it had been read ahead at process start, and the memory it left.
      const { rss, heapUsed } = process.memoryUsage();
      log('info', 'topology synced', { cluster: clusterId, ms: Date.now() - startedAt, sinceProcessStartMs: Math.round(performance.now()), pagesReadAhead: prefetchCounts(), listsReadAhead: listedAheadCounts(), rssMiB: Math.round(rss / 2 ** 20), heapUsedMiB: Math.round(heapUsed / 2 ** 20) });
    },
    () => undefined,
  );
  // The review's history (nodes and cost per pool, disruption Events) counts from here.
  entry.ready.then(() => followHistory(clusterId, cache), () => undefined);
  entry.ready.catch(() => {
    // A cluster that never synced is forgotten, so the next request tries again from scratch.
    if (state.entries.get(clusterId) === entry) state.entries.delete(clusterId);
  });
  return entry;
}

const PREPARE_AFTER_SYNC_MS = 0;

async function ready(clusterId: string, entry: HubEntry): Promise<void> {
  const timeoutMs = hub().options.syncTimeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no initial sync within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([entry.ready, timeout]);
  } catch (err) {
    // A request that stops waiting leaves the sync running: a 150,000-pod first list outlasts any
    // sensible request timeout, and starting it over for every request would never finish.
    // (A sync that fails is forgotten by ensureEntry, so the next request starts afresh.)
    const reason = err instanceof Error ? err.message : String(err);
    throw new ClusterUnavailableError(clusterId, `Cluster "${clusterId}" is unavailable: ${reason}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// For tests and diagnostics

/** Changes how clusters started from now on are watched (e.g. short backoff in tests). */
export function configureTopologyHub(options: Partial<HubOptions>): void {
  const state = hub();
  state.options = { ...state.options, ...options, informer: { ...state.options.informer, ...options.informer } };
}

/** Stops one cluster's informers (or all) and forgets them. */
export function stopTopology(clusterId?: string): void {
  const state = hub();
  for (const [id, entry] of state.entries) {
    if (clusterId !== undefined && id !== clusterId) continue;
    dropEntry(id, entry);
  }
}

/** Whether a cluster's informers are running now (started and not stopped for idleness). */
export function topologyRunning(clusterId: string): boolean {
  return hub().entries.has(clusterId);
}

/** The informers' state for the cluster picker, without starting them: a look is not a use. */
export function topologyState(clusterId: string): 'stopped' | 'syncing' | 'synced' | 'stale' {
  const entry = hub().entries.get(clusterId);
  if (!entry) return 'stopped';
  if (!entry.cache.progress().synced) return 'syncing';
  return entry.cache.stale ? 'stale' : 'synced';
}

/** Every started cluster's informers, for the Prometheus metrics (read at scrape time). */
export function topologyInformerStats(): Array<{ cluster: string; synced: boolean; informers: InformerStats[] }> {
  return [...hub().entries].map(([cluster, entry]) => ({ cluster, synced: entry.cache.progress().synced, informers: entry.cache.informerStats() }));
}

/** Every running cluster's topology once synced, for the metrics read at scrape time: a scrape starts nothing. */
export function syncedTopologies(): Array<{ cluster: string; snapshot: TopologySnapshot }> {
  return [...hub().entries].filter(([, entry]) => entry.cache.progress().synced).map(([cluster, entry]) => ({ cluster, snapshot: entry.cache.snapshot() }));
}

export function topologyDiagnostics(clusterId: string): { stale: boolean; lists: Record<string, number>; progress: SyncProgress } | undefined {
  const entry = hub().entries.get(clusterId);
  return entry && { stale: entry.cache.stale, lists: entry.cache.listCounts(), progress: entry.cache.progress() };
}
