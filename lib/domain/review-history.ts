// The review's history as the server keeps it and the browser draws it: nodes and cost per pool
// over time, and the disruption Events that explain the changes.
import type { EventInfo } from './model';

export interface PoolSample {
  nodes: number;
  hourly: number;
}

export interface HistorySample {
  /** ms since epoch (the server's clock). */
  t: number;
  pools: Record<string, PoolSample>;
}

export interface ReviewHistory {
  since?: number;
  samples: HistorySample[];
  /** Disruption Events, oldest first. */
  events: EventInfo[];
}

/** Where the history comes from: this server's memory since it started, or Prometheus over a window. */
export type HistoryOrigin = { kind: 'memory'; since?: number } | { kind: 'prometheus'; window: HistoryWindow; range: QueryRange };

/** A Prometheus range query's span and resolution, in seconds. */
export interface QueryRange {
  start: number;
  end: number;
  step: number;
}

/** The windows a Prometheus-backed history offers. */
export const HISTORY_WINDOWS = ['1h', '6h', '24h', '7d'] as const;
export type HistoryWindow = (typeof HISTORY_WINDOWS)[number];

const WINDOW_MS: Record<HistoryWindow, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 };
/** About this many points per line: enough to see a scale-down, few enough to draw at once. */
const POINTS_PER_WINDOW = 240;

/** The range query's start, end and step (seconds, as Prometheus takes them) for a window ending now. */
export function windowRange(window: HistoryWindow, nowMs: number): QueryRange {
  const span = WINDOW_MS[window];
  const step = Math.max(15, Math.round(span / 1000 / POINTS_PER_WINDOW));
  // Ends on a whole step, so the points stay where they are from one refresh to the next (and on
  // every replica) instead of shifting with the second the page asked in; the newest point is at
  // most one step old.
  const end = Math.floor(nowMs / 1000 / step) * step;
  return { start: end - Math.floor(span / 1000), end, step };
}

/** The pools' history since an action started, as the activity view asks for it: from Prometheus, or why not. */
export type PoolHistoryAnswer = { kind: 'prometheus'; range: QueryRange; samples: HistorySample[] } | { kind: 'unavailable'; reason: string };

/** The longest span a range from a given start covers: the longest window the review offers. */
const MAX_SINCE_MS = WINDOW_MS['7d'];

/**
 * The range query for "since then" (an action's start) until now: about the same number of points
 * as a window, the start on a whole step at or before `sinceMs` so the first point shows the
 * cluster before the action, the end on a whole step as windowRange's. Spans over 7 d keep their
 * last 7 d.
 */
export function sinceRange(sinceMs: number, nowMs: number): QueryRange {
  const span = Math.min(Math.max(nowMs - sinceMs, 0), MAX_SINCE_MS);
  const step = Math.max(15, Math.round(span / 1000 / POINTS_PER_WINDOW));
  const end = Math.floor(nowMs / 1000 / step) * step;
  const start = Math.floor((nowMs - span) / 1000 / step) * step;
  return { start: Math.min(start, end), end, step };
}

/** One line of a Prometheus range answer: a pool and its [seconds, "value"] points. */
export interface PoolLine {
  pool: string;
  values: ReadonlyArray<readonly [number, string]>;
}

/**
 * Range-query lines of nodes and cost per pool as the samples the charts draw: one sample per
 * timestamp any line has, each pool with the values it has then (a pool absent at a time is
 * absent from that sample, as the server's own samples leave out a pool with no nodes).
 */
export function samplesFromLines(nodes: readonly PoolLine[], cost: readonly PoolLine[]): HistorySample[] {
  const byTime = new Map<number, Record<string, PoolSample>>();
  const at = (seconds: number) => {
    let pools = byTime.get(seconds);
    if (!pools) byTime.set(seconds, (pools = {}));
    return pools;
  };
  for (const line of nodes) for (const [t, v] of line.values) at(t)[line.pool] = { nodes: Number(v), hourly: 0 };
  for (const line of cost) {
    for (const [t, v] of line.values) {
      const pools = at(t);
      pools[line.pool] = { nodes: pools[line.pool]?.nodes ?? 0, hourly: Number(v) };
    }
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, pools]) => ({ t: t * 1000, pools }));
}
