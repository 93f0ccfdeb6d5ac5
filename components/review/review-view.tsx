'use client';
// The review before scale-down: every node's consolidation verdict in words, what it asks for,
// uses and costs, totals per pool and for the cluster, exports, and the history since the server
// started. The server judges (GET review) at the cluster's own clock and renders the verdicts'
// words there (lib/domain/verdict-words), so the page, the CSV and the JSON say the same; the
// page asks again every few seconds, so countdowns and candidates follow what Auto Mode does.
import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/lib/client/query-client';
import { DisruptionTimeline } from './disruption-timeline';
import { PoolTotals } from './pool-totals';
import { ReviewHistoryCharts } from './review-history-charts';
import { ReviewNodes } from './review-nodes';
import { reviewUrl, type ReviewResponse } from './review-response';
import { ReviewTotals } from './review-totals';

export type { ReviewResponse } from './review-response';
export { reviewUrl } from './review-response';

const REFRESH_MS = 3_000;

export function ReviewView({ cluster }: { cluster: string }) {
  const review = useQuery({
    queryKey: ['review', cluster],
    queryFn: ({ signal }) => getJson<ReviewResponse>(reviewUrl(cluster), signal),
    refetchInterval: REFRESH_MS,
  });

  if (review.isPending) return <p className="text-sm text-slate-500">Loading the review…</p>;
  if (review.isError) {
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        {review.error.message}
      </p>
    );
  }
  const data = review.data;
  return (
    <div className="space-y-6">
      <ReviewTotals totals={data.totals} metrics={data.metrics} prices={data.prices} />
      <ReviewNodes cluster={cluster} data={data} />
      <PoolTotals data={data} />
      <ReviewHistoryCharts data={data} />
      <DisruptionTimeline events={data.timeline} />
    </div>
  );
}
