// A planned NodePool edit: what the checks found, whether the API server took it in a dry run,
// the nodes that would drift, the spec diff and the kubectl equivalent.
import type { Finding } from '@/lib/domain/node-class';
import type { DiffLine, NodePoolPlan } from '@/lib/domain/node-pool-edit';
import { CodeBlock } from '@/components/ui/copy-button';

const LEVEL: Record<Finding['level'], { className: string; mark: string }> = {
  error: { className: 'text-red-700 dark:text-red-300', mark: '✕ ' },
  warning: { className: 'text-amber-800 dark:text-amber-200', mark: '⚠ ' },
  info: { className: 'text-slate-600 dark:text-slate-300', mark: 'ℹ ' },
};

const DIFF_LINE: Record<DiffLine['op'], string> = {
  '+': 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
  '-': 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100',
  ' ': 'text-slate-600 dark:text-slate-400',
};

/** Whether a plan may be applied: it changes something and nothing blocks it. */
export const applicable = (plan: NodePoolPlan) => plan.changes.length > 0 && !plan.findings.some((f) => f.level === 'error');

export function NodePoolPlanView({ plan }: { plan: NodePoolPlan }) {
  return (
    <div className="space-y-3" data-testid="node-pool-plan">
      {plan.findings.map((f) => (
        <p key={f.code} className={`text-sm ${LEVEL[f.level].className}`}>
          {LEVEL[f.level].mark}
          {f.message}
        </p>
      ))}
      {applicable(plan) && <p className="text-sm text-emerald-700 dark:text-emerald-300">The API server accepted the change in a dry run.</p>}
      <DriftedNodes drifted={plan.drifted} />
      <figure className="rounded-lg border border-slate-200 dark:border-slate-700">
        <figcaption className="border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">spec diff</figcaption>
        <pre className="max-h-96 overflow-auto p-3 text-xs leading-5" data-testid="spec-diff">
          {plan.diff.map((l, i) => (
            <div key={i} className={DIFF_LINE[l.op]}>
              {l.op} {l.text}
            </div>
          ))}
        </pre>
      </figure>
      <CodeBlock label="kubectl equivalent" text={plan.kubectl} />
    </div>
  );
}

function DriftedNodes({ drifted }: { drifted: NodePoolPlan['drifted'] }) {
  return (
    <section aria-labelledby="drift-heading" className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
      <h2 id="drift-heading" className="font-semibold">
        Nodes that would drift
      </h2>
      {drifted.length === 0 ? (
        <p className="mt-1 text-slate-600 dark:text-slate-300">None: every node of the pool still matches its requirements. (Limits, consolidation and budgets never replace a node.)</p>
      ) : (
        <>
          <p className="mt-1 text-slate-600 dark:text-slate-300">Auto Mode marks these Drifted and replaces them with allowed types, as the pool&apos;s disruption budgets permit:</p>
          <ul className="mt-1 font-mono text-xs" data-testid="drifted-nodes">
            {drifted.map((d) => (
              <li key={d.name}>
                {d.name} — {d.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
