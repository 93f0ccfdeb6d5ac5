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
import { CheckedFormLayout } from './checked-form-layout';
import { NodePoolEditFields } from './node-pool-edit-fields';
import { editOf, formOf, type NodePoolFormState } from './node-pool-edit-state';
import { NodePoolPlanView, applicable } from './node-pool-plan';
import type { NodePoolPlan } from '@/lib/domain/node-pool-edit';
import { getJson, patchJson, postJson } from '@/lib/client/query-client';
import { useCheckedSubmit, type Failure } from '@/lib/client/use-checked-submit';
import { useTopology } from '@/lib/client/use-topology';
import { useAccess } from '@/lib/client/use-access';
import { ActionError, CHECK_BUTTON_CLASS, COMMIT_BUTTON_CLASS, ERROR_BOX_CLASS } from '@/components/ui/form';

type Plan = NodePoolPlan;
type Step = 'plan' | 'apply';

export function NodePoolEditForm({ cluster, name }: { cluster: string; name: string }) {
  const router = useRouter();
  const url = `/api/clusters/${encodeURIComponent(cluster)}/node-pools/${encodeURIComponent(name)}`;
  const base = useQuery({ queryKey: ['node-pool', cluster, name], queryFn: ({ signal }) => getJson<Plan>(url, signal), staleTime: Infinity, refetchOnMount: 'always' });
  const { stale } = useTopology(cluster);
  const access = useAccess(cluster).data;
  // The closest question /me answers to `patch nodepools`; the API server decides the write anyway.
  const mayEdit = !access || access.capabilities.createNodePools;
  const [form, setForm] = useState<NodePoolFormState | undefined>();
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    if (base.data) setForm(formOf(base.data.current));
  }, [base.data]);

  const edit = useMemo(() => (form && base.data ? editOf(form, base.data.current) : {}), [form, base.data]);
  const fingerprint = JSON.stringify([edit, base.data?.resourceVersion]);
  const { current: plan, busy, errors, failure, run: step, remember, forget, clear } = useCheckedSubmit<Step, Plan>(fingerprint);

  if (base.isPending || reloading || (!form && !base.error)) return <p aria-busy="true">Reading NodePool {name}…</p>;
  if (base.error || !base.data || !form) {
    return (
      <p role="alert" className={ERROR_BOX_CLASS}>
        {base.error?.message ?? 'The pool could not be read.'}
      </p>
    );
  }
  const pool = base.data;
  const builtIn = pool.findings.find((f) => f.code === 'built-in');
  if (builtIn) return <BuiltInNotice cluster={cluster} message={builtIn.message} />;
  const set = <K extends keyof NodePoolFormState>(key: K, value: NodePoolFormState[K]) => setForm((f) => (f ? { ...f, [key]: value } : f));
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

  const run = (what: Step) =>
    step(
      what,
      async () => {
        if (what === 'plan') {
          remember(fingerprint, await planWithDryRun(url, edit, versions));
        } else {
          const result = await patchJson<{ activityId: string }>(url, { ...edit, ...versions });
          router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${result.activityId}`);
        }
      },
      // A plan made against a version that is gone says nothing true any more.
      (failed) => failed.status === 409 && forget(),
    );

  return (
    <CheckedFormLayout
      onCheck={() => void run('plan')}
      fields={<NodePoolEditFields form={form} set={set} errors={errors} onPolicyChange={(patch) => setForm((f) => (f ? { ...f, ...patch } : f))} />}
      answer={
        <PlanAndApply
          plan={plan}
          busy={busy}
          nothing={Object.keys(edit).length === 0}
          mayEdit={mayEdit}
          stale={stale}
          resourceVersion={pool.resourceVersion}
          failure={failure}
          onApply={() => run('apply')}
          onReload={() => void reload()}
        />
      }
    />
  );
}

/** The server's plan for the edit; then, when nothing blocks it and it changes something, the dry run of the patch. */
async function planWithDryRun(url: string, edit: Record<string, unknown>, versions: { resourceVersion: string; generation: number }): Promise<Plan> {
  const result = await postJson<Plan>(url, edit);
  const blocking = result.findings.filter((f) => f.level === 'error');
  // The dry run: the API server (schema, RBAC, webhooks, the version precondition) judges the patch.
  if (!blocking.length && result.changes.length) await patchJson(url, { ...edit, ...versions, dryRun: true });
  return result;
}

/** Auto Mode's built-in pools are enabled or disabled, never edited: the page says so instead. */
function BuiltInNotice({ cluster, message }: { cluster: string; message: string }) {
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      {message}{' '}
      <Link className="underline" href={`/clusters/${encodeURIComponent(cluster)}/node-pools`}>
        Back to the node pools
      </Link>
    </p>
  );
}

/** The buttons, what stands in their way, a refusal (a 409 with the way out) and the plan. */
function PlanAndApply({
  plan,
  busy,
  nothing,
  mayEdit,
  stale,
  resourceVersion,
  failure,
  onApply,
  onReload,
}: {
  plan: Plan | undefined;
  busy: Step | undefined;
  /** The form changes nothing yet. */
  nothing: boolean;
  mayEdit: boolean;
  stale: boolean;
  resourceVersion: string;
  failure: Failure | undefined;
  onApply: () => void;
  onReload: () => void;
}) {
  return (
    <>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={busy !== undefined || nothing} className={CHECK_BUTTON_CLASS}>
          {busy === 'plan' ? 'Planning…' : 'Plan and dry run'}
        </button>
        {mayEdit && (
          <button
            type="button"
            data-testid="apply-node-pool"
            onClick={onApply}
            disabled={!plan || !applicable(plan) || busy !== undefined || stale}
            title={!plan ? 'Plan the current form first' : undefined}
            className={COMMIT_BUTTON_CLASS}
          >
            {busy === 'apply' ? 'Applying…' : 'Apply'}
          </button>
        )}
        <span className="self-center text-xs text-slate-500">
          {plan ? 'planned against' : 'editing'} resourceVersion <span className="font-mono">{resourceVersion}</span>
        </span>
      </div>
      {!mayEdit && <p className="text-sm text-amber-800 dark:text-amber-200">The cluster&apos;s RBAC does not let you change NodePools: you can plan, not apply.</p>}
      {nothing && !plan && <p className="text-sm text-slate-500">Change a field to plan an edit.</p>}
      {stale && <p className="text-sm text-amber-800">The data is stale (reconnecting): applying waits until it is fresh.</p>}
      {failure && (
        <ActionError message={failure.message}>
          {failure.status === 409 && (
            <button type="button" className="mt-2 rounded border border-red-400 px-2 py-1 text-xs" onClick={onReload}>
              Start again from the pool as it is now
            </button>
          )}
        </ActionError>
      )}
      {plan && <NodePoolPlanView plan={plan} />}
    </>
  );
}
