import { useMemo } from 'react';
import { PoolTimeline, type TimelinePoint } from '@/components/charts/pool-timeline';
import type { ReviewResponse } from './review-response';

/** Nodes and cost per pool over time, from the samples the server kept since it started. */
export function ReviewHistoryCharts({ data }: { data: ReviewResponse }) {
  const { nodes, cost, pools } = useMemo(() => {
    const names = [...new Set(data.history.samples.flatMap((s) => Object.keys(s.pools)))].sort();
    const nodePoints: TimelinePoint[] = [];
    const costPoints: TimelinePoint[] = [];
    for (const s of data.history.samples) {
      const n: TimelinePoint = { t: s.t };
      const c: TimelinePoint = { t: s.t };
      for (const name of names) {
        n[name] = s.pools[name]?.nodes ?? 0;
        c[name] = Number((s.pools[name]?.hourly ?? 0).toFixed(4));
      }
      nodePoints.push(n);
      costPoints.push(c);
    }
    return { nodes: nodePoints, cost: costPoints, pools: names };
  }, [data.history.samples]);
  return (
    <section aria-labelledby="history-heading" className="space-y-2">
      <h2 id="history-heading" className="text-lg font-semibold">
        History
      </h2>
      <p className="text-xs text-slate-500">
        Since {data.history.since ? new Date(data.history.since).toLocaleString() : 'the server started'}; {data.history.samples.length} sample(s).
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <PoolTimeline points={nodes} series={pools} title="Nodes per pool" testId="history-nodes" />
        <PoolTimeline points={cost} series={pools} title="Cost per pool ($/h, estimate)" unit="$/h" testId="history-cost" />
      </div>
    </section>
  );
}
