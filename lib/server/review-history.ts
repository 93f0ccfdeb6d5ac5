// What the review's history shows: nodes and cost per pool over time, and the disruption Events
// (launched, disrupted, evicted, blocked, and why), kept server-side since the hub started
// following the cluster. The Events window the hub holds is the newest 1,000 of every kind; the
// disruption ones are kept here longer, so a busy cluster's scheduler chatter cannot push the
// story of a scale-down out of view.
//
// Bounded: fixed-size rings per cluster, on globalThis so Next's dev reloads keep one copy.

import type { EventInfo, NodeInfo, TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { nodeHourly, type PriceTable } from '@/lib/domain/pricing';
import { serverPriceTable } from './prices';
import type { HistorySample, PoolSample, ReviewHistory } from '@/lib/domain/review-history';

export type { HistorySample, PoolSample, ReviewHistory };

/** Karpenter's and the kubelet's words for a node's life and a pod's eviction. */
export const DISRUPTION_REASONS = new Set([
  'Launching',
  'Launched',
  'Registered',
  'Initialized',
  'DisruptionLaunching',
  'DisruptionBlocked',
  'Disrupting',
  'DisruptionTerminating',
  'Unconsolidatable',
  'Evicted',
  'FailedDraining',
  'RemovingNode',
  'Deleted',
  'Drifted',
  'Cordoned',
  'Uncordoned',
  'Drained',
  'DrainRequested',
  'DrainFailed',
  'EvictionRefused',
  'DoNotDisruptSet',
  'DoNotDisruptCleared',
]);

export const MAX_SAMPLES = 2_880;
export const MAX_EVENTS = 500;
/** A sample at least this often, so lines reach "now" when nothing changes. */
const HEARTBEAT_MS = 15_000;
/** Node changes come in bursts (a drain, a launch): one sample per burst. */
const DEBOUNCE_MS = 1_000;

/** A fixed-size ring: the newest `capacity` items, oldest first. */
export class Ring<T> {
  private items: T[] = [];
  private start = 0;
  constructor(readonly capacity: number) {}
  push(item: T) {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
  get size() {
    return this.items.length;
  }
}

export interface HistorySource {
  snapshot(): TopologySnapshot;
  subscribe(listener: (event: TopologyEvent) => void): () => void;
}

interface ClusterHistory {
  samples: Ring<HistorySample>;
  events: Ring<EventInfo>;
  seenEvents: Map<string, string>;
  /** The last message kept per object and reason: a repeated verdict is one line, not one per pass. */
  lastMessage: Map<string, string>;
  nodes: Map<string, NodeInfo>;
  since?: number;
  unsubscribe?: () => void;
  timer?: ReturnType<typeof setInterval>;
  pending?: ReturnType<typeof setTimeout>;
}

const globalKey = Symbol.for('nodelanes.review-history');
type GlobalWithHistory = typeof globalThis & { [globalKey]?: Map<string, ClusterHistory> };

function histories(): Map<string, ClusterHistory> {
  const g = globalThis as GlobalWithHistory;
  g[globalKey] ??= new Map();
  return g[globalKey];
}

/** Nodes and USD/hour per pool (the lane's name; unpooled nodes under "(none)"). */
export function samplePools(nodes: Iterable<NodeInfo>, prices?: PriceTable): Record<string, PoolSample> {
  const pools: Record<string, PoolSample> = {};
  for (const n of nodes) {
    const key = n.pool.name || '(none)';
    const p = (pools[key] ??= { nodes: 0, hourly: 0 });
    p.nodes += 1;
    p.hourly += nodeHourly(n, prices) ?? 0;
  }
  return pools;
}

const eventKey = (e: EventInfo) => `${e.namespace}/${e.name}`;

function keepEvent(h: ClusterHistory, e: EventInfo) {
  if (!DISRUPTION_REASONS.has(e.reason)) return;
  // An Event seen again with a higher count is the same story; keep it once, newest wins in place.
  const stamp = `${e.count}@${e.lastTimestamp}`;
  if (h.seenEvents.get(eventKey(e)) === stamp) return;
  const fresh = !h.seenEvents.has(eventKey(e));
  h.seenEvents.set(eventKey(e), stamp);
  if (h.seenEvents.size > MAX_EVENTS * 4) {
    // Forget the oldest keys: insertion order is a Map's iteration order.
    for (const k of [...h.seenEvents.keys()].slice(0, MAX_EVENTS)) h.seenEvents.delete(k);
  }
  if (!fresh) return;
  const subject = `${e.involved.kind}/${e.involved.namespace ?? ''}/${e.involved.name}/${e.reason}`;
  if (h.lastMessage.get(subject) === e.message) return;
  h.lastMessage.set(subject, e.message);
  if (h.lastMessage.size > MAX_EVENTS * 4) for (const k of [...h.lastMessage.keys()].slice(0, MAX_EVENTS)) h.lastMessage.delete(k);
  h.events.push(e);
}

/**
 * Follows a cluster's topology source for the history: called by the hub each time it starts
 * informers for a cluster (again after the API server moved, keeping what was recorded).
 */
export function followHistory(clusterId: string, source: HistorySource, now: () => number = Date.now): void {
  const all = histories();
  let h = all.get(clusterId);
  if (!h) {
    h = { samples: new Ring(MAX_SAMPLES), events: new Ring(MAX_EVENTS), seenEvents: new Map(), lastMessage: new Map(), nodes: new Map() };
    all.set(clusterId, h);
  }
  const history = h;
  history.unsubscribe?.();
  if (history.timer) clearInterval(history.timer);
  const snapshot = source.snapshot();
  history.nodes = new Map(snapshot.nodes.map((n) => [n.name, n]));
  const sorted = [...snapshot.events].sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp));
  for (const e of sorted) keepEvent(history, e);
  const sample = () => {
    history.pending = undefined;
    history.samples.push({ t: now(), pools: samplePools(history.nodes.values(), serverPriceTable()) });
  };
  history.since ??= now();
  sample();
  history.unsubscribe = source.subscribe((event) => {
    if (event.type === 'node-upserted' || event.type === 'node-deleted') {
      if (event.type === 'node-upserted') history.nodes.set(event.node.name, event.node);
      else history.nodes.delete(event.name);
      history.pending ??= setTimeout(sample, DEBOUNCE_MS);
    } else if (event.type === 'event-upserted') keepEvent(history, event.event);
  });
  history.timer = setInterval(sample, HEARTBEAT_MS);
  // The heartbeat alone must not keep a process (a test, a script) alive.
  history.timer.unref?.();
}

export function historyOf(clusterId: string): ReviewHistory {
  const h = histories().get(clusterId);
  if (!h) return { samples: [], events: [] };
  return { since: h.since, samples: h.samples.toArray(), events: h.events.toArray() };
}

/**
 * Stops sampling while the hub has stopped following the cluster (idle), keeping what was
 * recorded: followHistory carries on from it when the informers start again.
 */
export function pauseHistory(clusterId: string): void {
  const h = histories().get(clusterId);
  if (!h) return;
  h.unsubscribe?.();
  h.unsubscribe = undefined;
  if (h.timer) clearInterval(h.timer);
  if (h.pending) clearTimeout(h.pending);
  h.timer = undefined;
  h.pending = undefined;
}

/** Stops following (tests, shutdown); what was recorded is dropped. */
export function forgetHistory(clusterId?: string): void {
  for (const [id, h] of histories()) {
    if (clusterId && id !== clusterId) continue;
    h.unsubscribe?.();
    if (h.timer) clearInterval(h.timer);
    if (h.pending) clearTimeout(h.pending);
    histories().delete(id);
  }
}
