import { formatCpu, formatHourlyCost, formatMemory } from '@/lib/domain/format';
import { poolTrend } from '@/lib/domain/sparkline';
import { Sparkline } from '@/components/charts/sparkline';
import { usd, type ReviewResponse } from './review-response';

/** Where the trend column's lines come from, as the history chart says it. */
function trendOrigin(history: ReviewResponse['history']): string {
  return history.origin.kind === 'prometheus' ? `from Prometheus, the last ${history.origin.window}` : 'since this server started';
}

/** The same totals per pool (NodePool, node group, or none), with each pool's nodes over the history's window. */
export function PoolTotals({ data }: { data: ReviewResponse }) {
  const origin = trendOrigin(data.history);
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
              <th className="px-2 py-2" data-testid="pool-trend-origin" data-origin={data.history.origin.kind}>
                Nodes, {origin}
              </th>
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
                <td className="px-2 py-2">
                  <Sparkline values={poolTrend(data.history.samples, p.pool, 'nodes')} label={`Nodes of ${p.pool || '(no pool)'}, ${origin}`} testId="pool-sparkline" />
                </td>
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
