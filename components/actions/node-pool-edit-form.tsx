'use client';
// Editing a NodePool: the form starts from the pool as the API server has it (with the version
// the plan is made against). "Plan and dry run" asks the server for the diff and the nodes that
// would drift, then has the API server judge the patch in a dry run; Apply is offered only for
// that planned form and fails with 409 if someone changed the pool meanwhile — the form then
// offers to start again from the pool as it is now, never to overwrite.
import { useEffect, useMemo, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { InstanceTypeChoices } from './instance-type-choices';
import { PoolPolicyFields, type ConsolidationPolicy } from './pool-policy-fields';
import type { EditableNodePool, NodePoolPlan } from '@/lib/domain/node-pool-edit';
import { getJson, patchJson, postJson } from '@/lib/client/query-client';
import { useCheckedSubmit } from '@/lib/client/use-checked-submit';
import { useTopology } from '@/lib/client/use-topology';
import { useAccess } from '@/lib/client/use-access';
import { CodeBlock } from '@/components/ui/copy-button';
import { FieldError, INPUT_CLASS } from '@/components/ui/form';

type Plan = NodePoolPlan;

interface BudgetRow {
  nodes: string;
  schedule: string;
  duration: string;
}

interface FormState {
  restrictTypes: boolean;
  instanceTypes: string[];
  limitsCpu: string;
  limitsMemory: string;
  consolidationPolicy: ConsolidationPolicy;
  consolidateAfter: string;
  budgets: BudgetRow[];
}

function formOf(current: EditableNodePool): FormState {
  return {
    restrictTypes: current.instanceTypes !== undefined,
    instanceTypes: current.instanceTypes ?? [],
    limitsCpu: current.limits.cpu ?? '',
    limitsMemory: current.limits.memory ?? '',
    consolidationPolicy: current.consolidationPolicy,
    consolidateAfter: current.consolidateAfter,
    budgets: current.budgets.map((b) => ({ nodes: b.nodes, schedule: b.schedule ?? '', duration: b.duration ?? '' })),
  };
}

/** Only what the form changed: the server leaves every absent field as it is. */
function editOf(f: FormState, current: EditableNodePool) {
  const edit: Record<string, unknown> = {};
  const types = f.restrictTypes ? f.instanceTypes : [];
  if (JSON.stringify(types) !== JSON.stringify(current.instanceTypes ?? [])) edit.instanceTypes = types;
  const limits: Record<string, string | null> = {};
  if (f.limitsCpu.trim() !== (current.limits.cpu ?? '')) limits.cpu = f.limitsCpu.trim() || null;
  if (f.limitsMemory.trim() !== (current.limits.memory ?? '')) limits.memory = f.limitsMemory.trim() || null;
  if (Object.keys(limits).length) edit.limits = limits;
  if (f.consolidationPolicy !== current.consolidationPolicy) edit.consolidationPolicy = f.consolidationPolicy;
  if (f.consolidateAfter !== current.consolidateAfter) edit.consolidateAfter = f.consolidateAfter;
  const budgets = f.budgets.map((b) => ({ nodes: b.nodes.trim(), ...(b.schedule.trim() ? { schedule: b.schedule.trim() } : {}), ...(b.duration.trim() ? { duration: b.duration.trim() } : {}) }));
  if (JSON.stringify(budgets) !== JSON.stringify(current.budgets.map((b) => ({ nodes: b.nodes, ...(b.schedule ? { schedule: b.schedule } : {}), ...(b.duration ? { duration: b.duration } : {}) })))) {
    // Reasons are kept from the pool for rows that still exist; the form does not edit them.
    edit.budgets = budgets.map((b, i) => (current.budgets[i]?.reasons ? { ...b, reasons: current.budgets[i].reasons } : b));
  }
  return edit;
}

export function NodePoolEditForm({ cluster, name }: { cluster: string; name: string }) {
  const router = useRouter();
  const url = `/api/clusters/${encodeURIComponent(cluster)}/node-pools/${encodeURIComponent(name)}`;
  const base = useQuery({ queryKey: ['node-pool', cluster, name], queryFn: ({ signal }) => getJson<Plan>(url, signal), staleTime: Infinity, refetchOnMount: 'always' });
  const { stale } = useTopology(cluster);
  const access = useAccess(cluster).data;
  // The closest question /me answers to `patch nodepools`; the API server decides the write anyway.
  const mayEdit = !access || access.capabilities.createNodePools;
  const [form, setForm] = useState<FormState | undefined>();
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    if (base.data) setForm(formOf(base.data.current));
  }, [base.data]);

  const edit = useMemo(() => (form && base.data ? editOf(form, base.data.current) : {}), [form, base.data]);
  const fingerprint = JSON.stringify([edit, base.data?.resourceVersion]);
  const { current: plan, busy, errors, failure, run: step, remember, forget, clear } = useCheckedSubmit<'plan' | 'apply', Plan>(fingerprint);
  const conflict = failure?.status === 409;

  if (base.isPending || reloading || (!form && !base.error)) return <p aria-busy="true">Reading NodePool {name}…</p>;
  if (base.error || !base.data || !form) {
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
        {base.error?.message ?? 'The pool could not be read.'}
      </p>
    );
  }
  const pool = base.data;
  const builtIn = pool.findings.some((f) => f.code === 'built-in');
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => (f ? { ...f, [key]: value } : f));
  const setBudget = (i: number, patch: Partial<BudgetRow>) => set('budgets', form.budgets.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const versions = { resourceVersion: pool.resourceVersion, generation: pool.generation };

  /** After a conflict: the form starts over from the pool as the API server has it now (the user's edits are dropped on purpose). */
  async function reload() {
    setReloading(true);
    try {
      const fresh = await base.refetch();
      if (fresh.data) setForm(formOf(fresh.data.current));
      clear();
    } finally {
      setReloading(false);
    }
  }

  const run = (what: 'plan' | 'apply') =>
    step(
      what,
      async () => {
        if (what === 'plan') {
          const result = await postJson<Plan>(url, edit);
          const blocking = result.findings.filter((f) => f.level === 'error');
          // The dry run: the API server (schema, RBAC, webhooks, the version precondition) judges the patch.
          if (!blocking.length && result.changes.length) await patchJson(url, { ...edit, ...versions, dryRun: true });
          remember(fingerprint, result);
        } else {
          const result = await patchJson<{ activityId: string }>(url, { ...edit, ...versions });
          router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${result.activityId}`);
        }
      },
      // A plan made against a version that is gone says nothing true any more.
      (failed) => failed.status === 409 && forget(),
    );

  const err = (path: string) => <FieldError errors={errors} path={path} />;
  const input = INPUT_CLASS;
  const nothing = Object.keys(edit).length === 0;

  if (builtIn) {
    return (
      <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        {pool.findings.find((f) => f.code === 'built-in')?.message}{' '}
        <Link className="underline" href={`/clusters/${encodeURIComponent(cluster)}/node-pools`}>
          Back to the node pools
        </Link>
      </p>
    );
  }

  return (
    <form
      className="grid gap-8 lg:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run('plan');
      }}
    >
      <div className="space-y-6">
        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold">Instance types</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={form.restrictTypes} onChange={(e) => set('restrictTypes', e.target.checked)} />
            Only these types (otherwise any type the other requirements allow)
          </label>
          {form.restrictTypes && (
            <InstanceTypeChoices withShape={false} selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />
          )}
          {err('instanceTypes')}
        </fieldset>

        <fieldset className="grid grid-cols-2 gap-3 text-sm">
          <legend className="mb-2 text-lg font-semibold">Limits and consolidation</legend>
          <PoolPolicyFields values={form} onChange={(patch) => setForm((f) => (f ? { ...f, ...patch } : f))} errors={errors} placeholders={{ cpu: 'none', memory: 'none' }} />
        </fieldset>

        <fieldset className="space-y-2 text-sm">
          <legend className="text-lg font-semibold">Disruption budgets</legend>
          <p className="text-xs text-slate-500">Without any, Karpenter disrupts at most 10% of the pool&apos;s nodes at a time.</p>
          {form.budgets.map((b, i) => (
            <div key={i} className="grid grid-cols-[1fr_2fr_1fr_auto] items-end gap-2" data-testid={`budget-${i}`}>
              <label>
                Nodes
                <input className={input} value={b.nodes} onChange={(e) => setBudget(i, { nodes: e.target.value })} placeholder="10%" />
                {err(`budgets.${i}.nodes`)}
              </label>
              <label>
                Schedule (cron, optional)
                <input className={input} value={b.schedule} onChange={(e) => setBudget(i, { schedule: e.target.value })} placeholder="0 9 * * mon-fri" />
                {err(`budgets.${i}.schedule`)}
              </label>
              <label>
                Duration
                <input className={input} value={b.duration} onChange={(e) => setBudget(i, { duration: e.target.value })} placeholder="8h" />
                {err(`budgets.${i}.duration`)}
              </label>
              <button
                type="button"
                onClick={() => set('budgets', form.budgets.filter((_, j) => j !== i))}
                className="mb-0.5 rounded border border-slate-300 px-2 py-1.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                aria-label={`Remove budget ${i + 1}`}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => set('budgets', [...form.budgets, { nodes: '1', schedule: '', duration: '' }])}
            className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Add a budget
          </button>
        </fieldset>
      </div>

      <div className="space-y-4">
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={busy !== undefined || nothing} className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 disabled:opacity-50">
            {busy === 'plan' ? 'Planning…' : 'Plan and dry run'}
          </button>
          {mayEdit && (
            <button
              type="button"
              data-testid="apply-node-pool"
              onClick={() => run('apply')}
              disabled={!plan || plan.changes.length === 0 || plan.findings.some((f) => f.level === 'error') || busy !== undefined || stale}
              title={!plan ? 'Plan the current form first' : undefined}
              className="rounded bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {busy === 'apply' ? 'Applying…' : 'Apply'}
            </button>
          )}
          <span className="self-center text-xs text-slate-500">
            {plan ? 'planned against' : 'editing'} resourceVersion <span className="font-mono">{pool.resourceVersion}</span>
          </span>
        </div>
        {!mayEdit && <p className="text-sm text-amber-800 dark:text-amber-200">The cluster&apos;s RBAC does not let you change NodePools: you can plan, not apply.</p>}
        {nothing && !plan && <p className="text-sm text-slate-500">Change a field to plan an edit.</p>}
        {stale && <p className="text-sm text-amber-800">The data is stale (reconnecting): applying waits until it is fresh.</p>}
        {failure && (
          <div role="alert" data-testid="action-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
            <p>{failure.message}</p>
            {conflict && (
              <button type="button" className="mt-2 rounded border border-red-400 px-2 py-1 text-xs" onClick={() => void reload()}>
                Start again from the pool as it is now
              </button>
            )}
          </div>
        )}
        {plan && (
          <div className="space-y-3" data-testid="node-pool-plan">
            {plan.findings.map((f) => (
              <p key={f.code} className={`text-sm ${f.level === 'error' ? 'text-red-700 dark:text-red-300' : f.level === 'warning' ? 'text-amber-800 dark:text-amber-200' : 'text-slate-600 dark:text-slate-300'}`}>
                {f.level === 'error' ? '✕ ' : f.level === 'warning' ? '⚠ ' : 'ℹ '}
                {f.message}
              </p>
            ))}
            {plan.changes.length > 0 && !plan.findings.some((f) => f.level === 'error') && (
              <p className="text-sm text-emerald-700 dark:text-emerald-300">The API server accepted the change in a dry run.</p>
            )}
            <section aria-labelledby="drift-heading" className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
              <h2 id="drift-heading" className="font-semibold">
                Nodes that would drift
              </h2>
              {plan.drifted.length === 0 ? (
                <p className="mt-1 text-slate-600 dark:text-slate-300">None: every node of the pool still matches its requirements. (Limits, consolidation and budgets never replace a node.)</p>
              ) : (
                <>
                  <p className="mt-1 text-slate-600 dark:text-slate-300">
                    Auto Mode marks these Drifted and replaces them with allowed types, as the pool&apos;s disruption budgets permit:
                  </p>
                  <ul className="mt-1 font-mono text-xs" data-testid="drifted-nodes">
                    {plan.drifted.map((d) => (
                      <li key={d.name}>
                        {d.name} — {d.reason}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
            <figure className="rounded-lg border border-slate-200 dark:border-slate-700">
              <figcaption className="border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">spec diff</figcaption>
              <pre className="max-h-96 overflow-auto p-3 text-xs leading-5" data-testid="spec-diff">
                {plan.diff.map((l, i) => (
                  <div
                    key={i}
                    className={l.op === '+' ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' : l.op === '-' ? 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100' : 'text-slate-600 dark:text-slate-400'}
                  >
                    {l.op} {l.text}
                  </div>
                ))}
              </pre>
            </figure>
            <CodeBlock label="kubectl equivalent" text={plan.kubectl} />
          </div>
        )}
      </div>
    </form>
  );
}
