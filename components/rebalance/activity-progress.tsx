// How far the action has got: pods on the target pool (a bar), and the state in words — still
// rebalancing, settled, or stopped with pods that cannot be scheduled.
import type { Activity, ActivityProgress } from '@/lib/domain/activity';

export function ActivityProgressBar({ activity, progress, stuckLong }: { activity: Activity; progress: ActivityProgress; stuckLong: boolean }) {
  const movedTotal = progress.pods.total;
  return (
    <section aria-labelledby="progress-heading" className="space-y-2">
      <h2 id="progress-heading" className="sr-only">
        Progress
      </h2>
      {activity.target && movedTotal > 0 && (
        <>
          <p className="text-sm" data-testid="progress-text">
            <strong className="tabular-nums">{progress.pods.onTarget}</strong> of <strong className="tabular-nums">{movedTotal}</strong> pods on {activity.target.value}
            {progress.pods.pending > 0 && <> · {progress.pods.pending} pending</>}
            {progress.pods.terminating > 0 && <> · {progress.pods.terminating} terminating</>}
          </p>
          <div className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-valuemin={0} aria-valuemax={movedTotal} aria-valuenow={progress.pods.onTarget} aria-label="Pods on the target pool">
            <div className="h-full bg-emerald-600 transition-all" style={{ width: `${(100 * progress.pods.onTarget) / Math.max(1, movedTotal)}%` }} />
          </div>
        </>
      )}
      <p role="status" className="text-sm font-medium" data-testid="activity-state">
        {progress.settled ? 'Settled.' : stuckLong ? 'Stopped moving: some pods cannot be scheduled.' : 'Rebalancing…'}
      </p>
    </section>
  );
}
