import type { WhatIfPlan } from '@/lib/domain/what-if';
import { formatHourlyCost, formatMonthlyCost } from '@/lib/domain/format';
import { priceTableLabel } from '@/lib/domain/pricing';
import { Badge } from '@/components/ui/badge';

const signed = (usd: number, format: (n: number) => string) => (usd > 0.00005 ? `+${format(usd)}` : usd < -0.00005 ? `−${format(-usd)}` : format(0));

/** The what-if answer in the platform team's words: where pods go, what launches, what blocks, what it costs. */
export function PlanView({ plan }: { plan: WhatIfPlan }) {
  const { pods, cost } = plan;
  return (
    <div data-testid="plan" className="space-y-4">
      {plan.warnings.map((w) => (
        <p key={w} role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {w}
        </p>
      ))}

      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Stat label="Pods moving" value={String(pods.total)} />
        <Stat label="Fit on existing nodes" value={String(pods.onExistingNodes)} />
        <Stat label="On new nodes" value={String(pods.onNewNodes)} />
        <Stat label="Would stay Pending" value={String(pods.pending)} tone={pods.pending ? 'bad' : undefined} testId="plan-pending" />
      </dl>

      {plan.blocked.length > 0 && (
        <section aria-labelledby="plan-blocked" data-testid="plan-blocked" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          <h4 id="plan-blocked" className="font-semibold">
            Blocked
          </h4>
          <ul className="mt-1 list-disc pl-5">
            {plan.blocked.map((b) => (
              <li key={b.code + b.message}>
                <Badge tone="red">{b.code === 'limits' ? 'blocked by limits' : b.code === 'nodegroup-max' ? 'node group at max size' : b.code === 'no-pool' ? 'no autoscaling' : 'incompatible'}</Badge> {b.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.newNodes.length > 0 && (
        <section aria-labelledby="plan-new">
          <h4 id="plan-new" className="text-sm font-semibold">
            New nodes {plan.target.kind === 'nodegroup' ? 'the node group adds' : 'Auto Mode would launch'}
          </h4>
          <ul className="mt-1 text-sm" data-testid="plan-new-nodes">
            {plan.newNodes.map((n) => (
              <li key={`${n.pool}-${n.instanceType}-${n.capacityType}`}>
                {n.count} × <span className="font-mono">{n.instanceType}</span> ({n.capacityType}) in {n.pool} — {formatHourlyCost(n.hourly)}
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.placements.length > 0 && (
        <section aria-labelledby="plan-existing">
          <h4 id="plan-existing" className="text-sm font-semibold">
            Onto existing nodes
          </h4>
          <ul className="mt-1 text-sm">
            {plan.placements.map((p) => (
              <li key={`${p.node}-${p.workload}`}>
                {p.count} pod{p.count > 1 ? 's' : ''} of {p.workload} → <span className="font-mono">{p.node}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.pending.length > 0 && (
        <section aria-labelledby="plan-pending-why">
          <h4 id="plan-pending-why" className="text-sm font-semibold">
            Why pods would stay Pending
          </h4>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {plan.pending.map((p) => (
              <li key={`${p.workload}-${p.reason}`}>
                {p.count} of {p.workload}: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.freed.length > 0 && (
        <section aria-labelledby="plan-freed">
          <h4 id="plan-freed" className="text-sm font-semibold">
            Nodes left behind
          </h4>
          <ul className="mt-1 text-sm">
            {plan.freed.map((f) => (
              <li key={f.node}>
                <span className="font-mono">{f.node}</span> ({f.pool}) — {f.state === 'empty' ? 'empty' : 'lightly requested (under half its CPU and memory)'}
                {f.autoRemoved ? ', Auto Mode removes it after consolidateAfter' : f.state === 'lightly-requested' ? ', a consolidation candidate' : ', stays until its group scales in'}
              </li>
            ))}
          </ul>
        </section>
      )}

      <p className="text-sm" data-testid="plan-cost">
        Cost: {formatHourlyCost(cost.beforeHourly)} → {formatHourlyCost(cost.afterHourly)} ({signed(cost.deltaHourly, formatHourlyCost)}, {signed(cost.deltaHourly, formatMonthlyCost)})
        {cost.potentialSavingsHourly > 0 && <> · up to {formatMonthlyCost(cost.potentialSavingsHourly)} more if the lightly requested nodes are consolidated</>}
        <span className="text-slate-500" data-testid="price-table"> · estimates; {priceTableLabel(cost.prices)}</span>
      </p>
    </div>
  );
}

function Stat({ label, value, tone, testId }: { label: string; value: string; tone?: 'bad'; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 p-2 dark:border-slate-700" data-testid={testId}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-xl font-semibold tabular-nums ${tone === 'bad' ? 'text-red-700 dark:text-red-300' : ''}`}>{value}</dd>
    </div>
  );
}
