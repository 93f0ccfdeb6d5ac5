import { formatHourlyCost } from '@/lib/domain/format';
import { priceTableLabel, type PriceTable } from '@/lib/domain/pricing';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { LiveState } from '@/lib/client/use-topology';
import type { UsageAnswer } from '@/lib/client/use-usage';
import { LiveIndicator } from '../live-indicator';
import type { LanesLayout } from './use-lanes-board';

interface SummaryProps {
  data: TopologySnapshot;
  layout: LanesLayout;
  /** A filter is on: counts say "of" the cluster's. */
  filtering: boolean;
  prices: PriceTable;
  usageAnswer?: UsageAnswer;
  live: LiveState;
  stale: boolean;
}

/** The line above the lanes: live or not, how many nodes, pods and lanes, the estimated cost, where usage comes from. */
export function LanesSummary({ data, layout, filtering, prices, usageAnswer, live, stale }: SummaryProps) {
  return (
    <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-300">
      <LiveIndicator live={live} stale={stale} />
      <span data-testid="summary">
        <strong className="tabular-nums">{layout.totals.nodes}</strong>
        {filtering && <> of {data.nodes.length}</>} nodes · <strong className="tabular-nums">{layout.totals.pods + layout.unscheduled.length}</strong>
        {filtering && <> of {data.pods.length}</>} pods · <strong className="tabular-nums">{layout.lanes.length}</strong> lanes
      </span>
      {layout.totals.hourlyCost !== undefined && (
        <span>
          ≈ {formatHourlyCost(layout.totals.hourlyCost)} (estimate){' '}
          <span data-testid="price-table" className="text-xs text-slate-500">
            · {priceTableLabel(prices)}
          </span>
        </span>
      )}
      {usageAnswer && (
        <span data-testid="metrics-state" data-available={usageAnswer.available}>
          {usageAnswer.available ? 'usage from metrics.k8s.io beside requests' : 'metrics unavailable: requests only'}
        </span>
      )}
    </div>
  );
}
