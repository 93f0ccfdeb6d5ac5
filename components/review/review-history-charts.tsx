import { useMemo } from 'react';
import { PoolTimeline, type TimelinePoint } from '@/components/charts/pool-timeline';
import { HISTORY_WINDOWS, type HistoryWindow } from '@/lib/domain/review-history';
import type { ReviewResponse } from './review-response';

/** Nodes and cost per pool over time: from Prometheus over a chosen window, or what the server kept since it started. */
export function ReviewHistoryCharts({ data, window, onWindow }: { data: ReviewResponse; window: HistoryWindow; onWindow: (w: HistoryWindow) => void }) {
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
      <HistoryOriginLine data={data} window={window} onWindow={onWindow} />
      <div className="grid gap-4 lg:grid-cols-2">
        <PoolTimeline points={nodes} series={pools} title="Nodes per pool" testId="history-nodes" />
        <PoolTimeline points={cost} series={pools} title="Cost per pool ($/h, estimate)" unit="$/h" testId="history-cost" />
      </div>
    </section>
  );
}

function HistoryOriginLine({ data, window, onWindow }: { data: ReviewResponse; window: HistoryWindow; onWindow: (w: HistoryWindow) => void }) {
  const { origin, samples, error } = data.history;
  if (origin.kind === 'memory') {
    return (
      <div className="space-y-1 text-xs text-slate-500" data-testid="history-origin" data-origin="memory">
        <p>
          Since this server started ({origin.since ? new Date(origin.since).toLocaleString() : 'no sample yet'}); {samples.length} sample(s). Set NODELANES_PROMETHEUS_URL to keep weeks of it across restarts.
        </p>
        {error && (
          <p role="status" className="text-amber-700 dark:text-amber-300">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3 text-xs text-slate-500" data-testid="history-origin" data-origin="prometheus">
      <span>
        From Prometheus, the last {window}; {samples.length} point(s).
      </span>
      <div role="radiogroup" aria-label="History window" className="inline-flex overflow-hidden rounded border border-slate-300 dark:border-slate-600">
        {HISTORY_WINDOWS.map((w) => (
          <button
            key={w}
            type="button"
            role="radio"
            aria-checked={w === window}
            onClick={() => onWindow(w)}
            className={`px-2 py-0.5 ${w === window ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
          >
            {w}
          </button>
        ))}
      </div>
    </div>
  );
}
