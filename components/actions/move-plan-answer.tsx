// Step 3 of moving workloads: what would happen (the what-if, each deployment's placement before
// and after, its kubectl equivalent), whether to restart in the same step, and the pin button.
import type { PinTarget, PlanResponse } from './move-steps';
import { PlacementDiff } from './placement-diff';
import { PlanView } from './plan-view';
import { CodeBlock } from '@/components/ui/copy-button';
import { COMMIT_BUTTON_CLASS } from '@/components/ui/form';

export function MovePlanAnswer({
  plan,
  restart,
  onRestart,
  forbidden,
  stale,
  applying,
  busy,
  target,
  progress,
  onApply,
}: {
  plan: PlanResponse;
  restart: boolean;
  onRestart: (restart: boolean) => void;
  /** Picked deployments the user may not patch (`namespace/name`). */
  forbidden: string[];
  stale: boolean;
  applying: boolean;
  busy: boolean;
  target: PinTarget | undefined;
  progress: string | undefined;
  onApply: () => void;
}) {
  const count = plan.deployments.length;
  return (
    <>
      <PlanView plan={plan.plan} />
      <div className="space-y-3">
        {plan.deployments.map((d) => (
          <div key={`${d.namespace}/${d.name}`} className="space-y-1">
            <h3 className="font-mono text-sm">
              {d.namespace}/{d.name}
            </h3>
            <PlacementDiff before={d.before} after={plan.plan.placementsAfter[`${d.namespace}/${d.name}`]} />
            <CodeBlock label="kubectl equivalent" text={restart ? `${d.kubectl}\nkubectl rollout restart deployment/${d.name} -n ${d.namespace}` : d.kubectl} />
          </div>
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={restart} onChange={(e) => onRestart(e.target.checked)} />
        Restart the deployments in the same step (a rollout, as <code>kubectl rollout restart</code>)
      </label>
      {forbidden.length > 0 && <p className="text-sm text-amber-800">You may not change {forbidden.join(', ')}: the cluster&apos;s RBAC does not let you patch deployments there.</p>}
      {stale && <p className="text-sm text-amber-800">The data is stale (reconnecting): actions wait until it is fresh.</p>}
      {forbidden.length === 0 && (
        <button type="button" onClick={onApply} data-testid="apply-move" disabled={busy || stale} className={COMMIT_BUTTON_CLASS}>
          {applying ? 'Applying…' : `Pin ${count} deployment${count === 1 ? '' : 's'} to ${target?.value ?? 'the pool'}`}
        </button>
      )}
      {progress && (
        <p role="status" className="text-sm text-slate-600">
          {progress}
        </p>
      )}
    </>
  );
}
