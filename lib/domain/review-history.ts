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
