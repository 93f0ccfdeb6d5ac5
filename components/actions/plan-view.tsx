import type { ReactNode } from 'react';
import type { WhatIfPlan } from '@/lib/domain/what-if';
import { formatHourlyCost, formatMonthlyCost } from '@/lib/domain/format';
import { priceTableLabel } from '@/lib/domain/pricing';
import { Badge } from '@/components/ui/badge';

const signed = (usd: number, format: (n: number) => string) => (usd > 0.00005 ? `+${format(usd)}` : usd < -0.00005 ? `−${format(-usd)}` : format(0));

const BLOCKED_BADGE: Record<WhatIfPlan['blocked'][number]['code'], string> = {
  limits: 'blocked by limits',
  'nodegroup-max': 'node group at max size',
  'no-pool': 'no autoscaling',
  incompatible: 'incompatible',
};

/** The what-if answer in the platform team's words: where pods go, what launches, what blocks, what it costs. */
export function PlanView({ plan }: { plan: WhatIfPlan }) {
  const { pods } = plan;
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

      {plan.blocked.length > 0 && <Blocked blocked={plan.blocked} />}
      {plan.newNodes.length > 0 && <NewNodes plan={plan} />}
      {plan.placements.length > 0 && <OntoExistingNodes placements={plan.placements} />}
      {plan.pending.length > 0 && <WhyPending pending={plan.pending} />}
      {plan.freed.length > 0 && <LeftBehind freed={plan.freed} />}
      <Cost cost={plan.cost} />
    </div>
  );
}

function Blocked({ blocked }: { blocked: WhatIfPlan['blocked'] }) {
  return (
    <section aria-labelledby="plan-blocked" data-testid="plan-blocked" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
      <h4 id="plan-blocked" className="font-semibold">
        Blocked
      </h4>
      <ul className="mt-1 list-disc pl-5">
        {blocked.map((b) => (
          <li key={b.code + b.message}>
            <Badge tone="red">{BLOCKED_BADGE[b.code]}</Badge> {b.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One part of the plan: a heading and its list. */
function PlanList({ id, title, bullets, testId, children }: { id: string; title: ReactNode; bullets?: boolean; testId?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h4 id={id} className="text-sm font-semibold">
        {title}
      </h4>
      <ul className={bullets ? 'mt-1 list-disc pl-5 text-sm' : 'mt-1 text-sm'} data-testid={testId}>
        {children}
      </ul>
    </section>
  );
}

function NewNodes({ plan }: { plan: WhatIfPlan }) {
  return (
    <PlanList id="plan-new" title={`New nodes ${plan.target.kind === 'nodegroup' ? 'the node group adds' : 'Auto Mode would launch'}`} testId="plan-new-nodes">
      {plan.newNodes.map((n) => (
        <li key={`${n.pool}-${n.instanceType}-${n.capacityType}`}>
          {n.count} × <span className="font-mono">{n.instanceType}</span> ({n.capacityType}) in {n.pool} — {formatHourlyCost(n.hourly)}
        </li>
      ))}
    </PlanList>
  );
}

function OntoExistingNodes({ placements }: { placements: WhatIfPlan['placements'] }) {
  return (
    <PlanList id="plan-existing" title="Onto existing nodes">
      {placements.map((p) => (
        <li key={`${p.node}-${p.workload}`}>
          {p.count} pod{p.count > 1 ? 's' : ''} of {p.workload} → <span className="font-mono">{p.node}</span>
        </li>
      ))}
    </PlanList>
  );
}

function WhyPending({ pending }: { pending: WhatIfPlan['pending'] }) {
  return (
    <PlanList id="plan-pending-why" title="Why pods would stay Pending" bullets>
      {pending.map((p) => (
        <li key={`${p.workload}-${p.reason}`}>
          {p.count} of {p.workload}: {p.reason}
        </li>
      ))}
    </PlanList>
  );
}

function LeftBehind({ freed }: { freed: WhatIfPlan['freed'] }) {
  return (
    <PlanList id="plan-freed" title="Nodes left behind">
      {freed.map((f) => (
        <li key={f.node}>
          <span className="font-mono">{f.node}</span> ({f.pool}) — {f.state === 'empty' ? 'empty' : 'lightly requested (under half its CPU and memory)'}
          {f.autoRemoved ? ', Auto Mode removes it after consolidateAfter' : f.state === 'lightly-requested' ? ', a consolidation candidate' : ', stays until its group scales in'}
        </li>
      ))}
    </PlanList>
  );
}

function Cost({ cost }: { cost: WhatIfPlan['cost'] }) {
  return (
    <p className="text-sm" data-testid="plan-cost">
      Cost: {formatHourlyCost(cost.beforeHourly)} → {formatHourlyCost(cost.afterHourly)} ({signed(cost.deltaHourly, formatHourlyCost)}, {signed(cost.deltaHourly, formatMonthlyCost)})
      {cost.potentialSavingsHourly > 0 && <> · up to {formatMonthlyCost(cost.potentialSavingsHourly)} more if the lightly requested nodes are consolidated</>}
      <span className="text-slate-500" data-testid="price-table"> · estimates; {priceTableLabel(cost.prices)}</span>
    </p>
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
