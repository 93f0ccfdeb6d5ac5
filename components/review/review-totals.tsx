import type { ReviewTotals as Totals } from '@/lib/domain/review';
import { formatHourlyCost } from '@/lib/domain/format';
import { priceTableLabel } from '@/lib/domain/pricing';
import { usd, type ReviewResponse } from './review-response';

/** The cluster's cards: nodes, cost, idle capacity, waste and what the candidates would save. */
export function ReviewTotals({ totals, metrics, prices }: { totals: Totals; metrics: boolean; prices: ReviewResponse['prices'] }) {
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
