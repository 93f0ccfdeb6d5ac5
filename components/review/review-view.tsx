'use client';
// The review before scale-down: every node's consolidation verdict in words, what it asks for,
// uses and costs, totals per pool and for the cluster, exports, and the history since the server
// started. The server judges (GET review) at the cluster's own clock; the page asks again every
// few seconds, so countdowns and candidates follow what Auto Mode does.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EventInfo } from '@/lib/domain/model';
import type { Review, ReviewRow, ReviewTotals } from '@/lib/domain/review';
import type { HistorySample } from '@/lib/domain/review-history';
import { formatCpu, formatHourlyCost, formatMemory, formatPercent } from '@/lib/domain/format';
import { priceTableLabel, type PriceTable } from '@/lib/domain/pricing';
import { getJson } from '@/lib/client/query-client';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { PoolTimeline, type TimelinePoint } from '@/components/charts/pool-timeline';
import { NodeActions } from './node-actions';

export interface ReviewResponse extends Review {
  cluster: string;
  /** The price table the costs were estimated with. */
  prices: Pick<PriceTable, 'name' | 'source'>;
  history: { since?: number; samples: HistorySample[] };
  timeline: EventInfo[];
}

const REFRESH_MS = 3_000;

const TONE: Record<ReviewRow['state'], BadgeTone> = {
  consolidate: 'green',
  replace: 'violet',
  waiting: 'blue',
  blocked: 'red',
  keep: 'neutral',
  disrupting: 'amber',
  unmanaged: 'neutral',
};

const usd = (n: number) => `$${n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US')}`;

export const reviewUrl = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/review`;

export function ReviewView({ cluster }: { cluster: string }) {
  const review = useQuery({
    queryKey: ['review', cluster],
    queryFn: ({ signal }) => getJson<ReviewResponse>(reviewUrl(cluster), signal),
    refetchInterval: REFRESH_MS,
  });
  const [filter, setFilter] = useState<'all' | 'candidates' | 'blocked'>('all');

  if (review.isPending) return <p className="text-sm text-slate-500">Loading the review…</p>;
  if (review.isError) {
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        {review.error.message}
      </p>
    );
  }
  const data = review.data;
  const rows = data.nodes.filter((r) => (filter === 'candidates' ? r.candidate : filter === 'blocked' ? r.state === 'blocked' : true));

  return (
    <div className="space-y-6">
      <Totals totals={data.totals} metrics={data.metrics} prices={data.prices} />

      <section aria-labelledby="nodes-heading" className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="nodes-heading" className="text-lg font-semibold">
            Nodes
          </h2>
          <label className="text-sm">
            <span className="mr-1 text-slate-600 dark:text-slate-300">Show</span>
            <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)} className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900">
              <option value="all">all nodes</option>
              <option value="candidates">candidates</option>
              <option value="blocked">blocked</option>
            </select>
          </label>
          <span className="ml-auto flex gap-2">
            <a
              href={`${reviewUrl(cluster)}?format=csv`}
              download={`review-${cluster}.csv`}
              className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              Export CSV
            </a>
            <button type="button" onClick={() => downloadJson(cluster, data)} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
              Export JSON
            </button>
          </span>
        </div>
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className="w-full text-left text-sm" data-testid="review-table">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900 dark:text-slate-400">
              <tr>
                <th className="px-2 py-2">Node</th>
                <th className="px-2 py-2">Pool</th>
                <th className="px-2 py-2">Age</th>
                <th className="px-2 py-2 text-right">CPU req / used</th>
                <th className="px-2 py-2 text-right">Memory req / used</th>
                <th className="px-2 py-2 text-right">Cost</th>
                <th className="px-2 py-2">Verdict</th>
                <th className="px-2 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.node} data-node={r.node} data-code={r.code} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <td className="px-2 py-2">
                    <div className="font-mono text-xs">{r.node}</div>
                    <div className="text-xs text-slate-500">
                      {r.instanceType ?? 'unknown type'} · {r.pods} pod(s)
                    </div>
                  </td>
                  <td className="px-2 py-2">{r.pool || '—'}</td>
                  <td className="px-2 py-2 tabular-nums">{r.age}</td>
                  <td className="px-2 py-2 text-right tabular-nums">
                    <Usage requested={r.requested.cpuMillis} used={r.used?.cpuMillis} allocatable={r.allocatable.cpuMillis} format={formatCpu} />
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">
                    <Usage requested={r.requested.memoryBytes} used={r.used?.memoryBytes} allocatable={r.allocatable.memoryBytes} format={formatMemory} />
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.hourly !== undefined ? formatHourlyCost(r.hourly) : '—'}</td>
                  <td className="max-w-md px-2 py-2">
                    <Badge tone={TONE[r.state]}>{r.code}</Badge>
                    <p className="mt-1 text-xs text-slate-700 dark:text-slate-300" data-testid="verdict-words">
                      {r.words}
                    </p>
                  </td>
                  <td className="px-2 py-2">
                    <NodeActions cluster={cluster} row={r} />
                  </td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="px-2 py-6 text-center text-slate-500">
                    No nodes match.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <PoolTotals data={data} />
      <History data={data} />
      <Timeline events={data.timeline} />
    </div>
  );
}

function Usage({ requested, used, allocatable, format }: { requested: number; used?: number; allocatable: number; format: (n: number) => string }) {
  return (
    <>
      <div>
        {format(requested)} / {used !== undefined ? format(used) : '—'}
      </div>
      <div className="text-xs text-slate-500">
        of {format(allocatable)} ({formatPercent(allocatable ? requested / allocatable : 0)} requested)
      </div>
    </>
  );
}

function Totals({ totals, metrics, prices }: { totals: ReviewTotals; metrics: boolean; prices: ReviewResponse['prices'] }) {
  const cards = [
    { label: 'Nodes', value: String(totals.nodes) },
    { label: 'Cost (estimate)', value: formatHourlyCost(totals.hourly) },
    { label: 'Idle CPU', value: `${totals.waste.vcpu.toFixed(1)} vCPU` },
    { label: 'Idle memory', value: `${totals.waste.gib.toFixed(1)} GiB` },
    { label: 'Waste', value: `${usd(totals.waste.usdPerMonth)}/mo` },
    { label: 'Savings if candidates go', value: `${usd(totals.savings.usdPerMonth)}/mo`, hint: `${totals.savings.nodes} node(s)` },
  ];
  return (
    <section aria-label="Cluster totals" className="space-y-1">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="review-totals">
        {cards.map((c) => (
          <div key={c.label} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <dt className="text-xs text-slate-500">{c.label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{c.value}</dd>
            {c.hint && <dd className="text-xs text-slate-500">{c.hint}</dd>}
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">
        <span data-testid="price-table">{priceTableLabel(prices)}</span>, plus the Auto Mode fee, as estimates. Waste is allocatable capacity nothing requests.
        {metrics ? ' Used figures come from metrics.k8s.io.' : ' The metrics API did not answer: no used figures.'}
      </p>
    </section>
  );
}

function PoolTotals({ data }: { data: ReviewResponse }) {
  return (
    <section aria-labelledby="pools-heading" className="space-y-2">
      <h2 id="pools-heading" className="text-lg font-semibold">
        Per pool
      </h2>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
        <table className="w-full text-left text-sm" data-testid="pool-totals">
          <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900 dark:text-slate-400">
            <tr>
              <th className="px-2 py-2">Pool</th>
              <th className="px-2 py-2 text-right">Nodes</th>
              <th className="px-2 py-2 text-right">CPU requested / allocatable</th>
              <th className="px-2 py-2 text-right">Memory requested / allocatable</th>
              <th className="px-2 py-2 text-right">Cost</th>
              <th className="px-2 py-2 text-right">Waste</th>
              <th className="px-2 py-2 text-right">Savings</th>
            </tr>
          </thead>
          <tbody>
            {data.pools.map((p) => (
              <tr key={p.pool} data-pool={p.pool} className="border-t border-slate-100 dark:border-slate-800">
                <td className="px-2 py-2">{p.pool || '(no pool)'}</td>
                <td className="px-2 py-2 text-right tabular-nums">{p.nodes}</td>
                <td className="px-2 py-2 text-right tabular-nums">
                  {formatCpu(p.requested.cpuMillis)} / {formatCpu(p.allocatable.cpuMillis)}
                </td>
                <td className="px-2 py-2 text-right tabular-nums">
                  {formatMemory(p.requested.memoryBytes)} / {formatMemory(p.allocatable.memoryBytes)}
                </td>
                <td className="px-2 py-2 text-right tabular-nums">{formatHourlyCost(p.hourly)}</td>
                <td className="px-2 py-2 text-right tabular-nums">
                  {p.waste.vcpu.toFixed(1)} vCPU · {p.waste.gib.toFixed(1)} GiB · {usd(p.waste.usdPerMonth)}/mo
                </td>
                <td className="px-2 py-2 text-right tabular-nums">{p.savings.nodes ? `${usd(p.savings.usdPerMonth)}/mo (${p.savings.nodes})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function History({ data }: { data: ReviewResponse }) {
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

function Timeline({ events }: { events: EventInfo[] }) {
  const newest = [...events].reverse().slice(0, 100);
  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Disruption timeline
      </h2>
      <p className="text-xs text-slate-500">Newest first, in the cluster&apos;s time (UTC), as its Events record it.</p>
      {newest.length === 0 ? (
        <p className="text-sm text-slate-500">No launches, disruptions or evictions yet.</p>
      ) : (
        <ol className="max-h-80 space-y-1 overflow-y-auto rounded-lg border border-slate-200 p-2 text-sm dark:border-slate-700" data-testid="disruption-timeline">
          {newest.map((e) => (
            <li key={`${e.namespace}/${e.name}`} className="flex gap-2" data-reason={e.reason}>
              <time className="shrink-0 font-mono text-xs text-slate-500" dateTime={e.lastTimestamp}>
                {e.lastTimestamp.slice(11, 19)}
              </time>
              <Badge tone={e.type === 'Warning' ? 'amber' : 'neutral'}>{e.reason}</Badge>
              <span className="font-mono text-xs">
                {e.involved.kind.toLowerCase()}/{e.involved.name}
              </span>
              <span className="text-slate-700 dark:text-slate-300">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function downloadJson(cluster: string, data: ReviewResponse) {
  const { history: _history, timeline: _timeline, ...table } = data;
  const blob = new Blob([JSON.stringify(table, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `review-${cluster}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
