// Once the action is over (settled, or stuck for good): nodes and cost before and after, the time
// it took and the pods never scheduled. The time taken is the record's (start to finish), so a
// reload shows the same; the "after" is the cluster now, which goes on to show the consolidation
// the action led to once Auto Mode removes the capacity it left underused.
import type { ActivityProgress } from '@/lib/domain/activity';
import type { FollowedActivity } from '@/lib/domain/activity-timeline';
import { formatHourlyCost, formatMonthlyCost } from '@/lib/domain/format';
import { priceTableLabel, type PriceTable } from '@/lib/domain/pricing';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function timeTaken(activity: FollowedActivity, progress: ActivityProgress): string {
  if (activity.timeline.durationMs !== undefined) return duration(activity.timeline.durationMs);
  // Settled here, but no server has written the finish yet: the next answer has it.
  if (progress.settled) return 'recording…';
  return `over ${duration(Date.now() - Date.parse(activity.at))}`;
}

export function ActivitySummary({ activity, progress, prices }: { activity: FollowedActivity; progress: ActivityProgress; prices: PriceTable }) {
  const after = progress.now;
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
            {after.nodes}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Cost</dt>
          <dd data-testid="summary-cost">
            {activity.before ? `${formatHourlyCost(activity.before.hourly)} → ` : ''}
            {formatHourlyCost(after.hourly)}
            {activity.before && <span className="block text-xs text-slate-500">{formatMonthlyCost(after.hourly)} (estimate)</span>}
            <span className="block text-xs text-slate-500" data-testid="price-table">
              {priceTableLabel(prices)}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Time taken</dt>
          <dd data-testid="summary-time">{timeTaken(activity, progress)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Never scheduled</dt>
          <dd>{progress.pendingReasons.length}</dd>
        </div>
      </dl>
    </section>
  );
}
