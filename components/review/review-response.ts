// What GET /api/clusters/:cluster/review answers: the domain's review plus what the page shows
// beside it (the price table, the history since the server started, the disruption timeline).
import type { EventInfo } from '@/lib/domain/model';
import type { Review } from '@/lib/domain/review';
import type { HistoryOrigin, HistorySample } from '@/lib/domain/review-history';
import type { PriceTable } from '@/lib/domain/pricing';

export interface ReviewResponse extends Review {
  cluster: string;
  /** The price table the costs were estimated with. */
  prices: Pick<PriceTable, 'name' | 'source'>;
  /** From Prometheus over a window, or this server's memory since it started (`error`: why not Prometheus). */
  history: { origin: HistoryOrigin; since?: number; samples: HistorySample[]; error?: string };
  timeline: EventInfo[];
}

export const reviewUrl = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/review`;

/** Whole dollars, or cents under $10: "$4.20", "$1,234". */
export const usd = (n: number) => `$${n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US')}`;
