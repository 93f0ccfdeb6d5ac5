'use client';
// The review before scale-down: every node's consolidation verdict in words, what it asks for,
// uses and costs, totals per pool and for the cluster, exports, and the history since the server
// started. The server judges (GET review) at the cluster's own clock and renders the verdicts'
// words there (lib/domain/verdict-words), so the page, the CSV and the JSON say the same; the
// page asks again every few seconds, so countdowns and candidates follow what Auto Mode does.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HistoryWindow } from '@/lib/domain/review-history';
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
  const [historyWindow, setHistoryWindow] = useState<HistoryWindow>('6h');
  const review = useQuery({
    queryKey: ['review', cluster, historyWindow],
    queryFn: ({ signal }) => getJson<ReviewResponse>(`${reviewUrl(cluster)}?window=${historyWindow}`, signal),
    refetchInterval: REFRESH_MS,
    // Another window keeps the page as it is until its history arrives.
    placeholderData: keepPreviousData,
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
      <ReviewHistoryCharts data={data} window={historyWindow} onWindow={setHistoryWindow} />
      <DisruptionTimeline events={data.timeline} />
    </div>
  );
}
