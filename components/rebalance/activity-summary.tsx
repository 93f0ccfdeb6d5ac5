// Once the action is over (settled, or stuck for good): nodes and cost before and after, the time
// it took and the pods never scheduled.
import type { Activity, ActivityProgress } from '@/lib/domain/activity';
import { formatHourlyCost, formatMonthlyCost } from '@/lib/domain/format';
import { priceTableLabel, type PriceTable } from '@/lib/domain/pricing';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function ActivitySummary({ activity, progress, prices, settledAt }: { activity: Activity; progress: ActivityProgress; prices: PriceTable; settledAt: number | undefined }) {
  const started = Date.parse(activity.at);
  return (
    <section aria-labelledby="summary-heading" data-testid="activity-summary" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
      <h2 id="summary-heading" className="font-semibold">
        Summary
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">Nodes</dt>
          <dd data-testid="summary-nodes">
            {activity.before ? `${activity.before.nodes} → ` : ''}
            {progress.now.nodes}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Cost</dt>
          <dd data-testid="summary-cost">
            {activity.before ? `${formatHourlyCost(activity.before.hourly)} → ` : ''}
            {formatHourlyCost(progress.now.hourly)}
            {activity.before && <span className="block text-xs text-slate-500">{formatMonthlyCost(progress.now.hourly)} (estimate)</span>}
            <span className="block text-xs text-slate-500" data-testid="price-table">
              {priceTableLabel(prices)}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Time taken</dt>
          <dd>{settledAt ? duration(settledAt - started) : `over ${duration(Date.now() - started)}`}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Never scheduled</dt>
          <dd>{progress.pendingReasons.length}</dd>
        </div>
      </dl>
    </section>
  );
}
