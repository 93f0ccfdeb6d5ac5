'use client';
// The guided "new node class" flow: an Auto Mode NodeClass and the NodePool that uses it, in one
// form. Preview runs the server's preflight and a dry run of both objects and shows the YAML and
// the kubectl equivalent; Create is offered only for the previewed form, then the live view
// follows the new pool.
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { InstanceTypeChoices } from './instance-type-choices';
import { PoolPolicyFields, type ConsolidationPolicy } from './pool-policy-fields';
import type { Finding } from '@/lib/domain/node-class';
import { useTopology } from '@/lib/client/use-topology';
import { useAccess } from '@/lib/client/use-access';
import { postJson } from '@/lib/client/query-client';
import { useCheckedSubmit } from '@/lib/client/use-checked-submit';
import { parseLabelLines } from '@/lib/domain/label-lines';
import { CodeBlock } from '@/components/ui/copy-button';
import { FieldError, INPUT_CLASS } from '@/components/ui/form';

interface Preview {
  findings: Finding[];
  yaml: string;
  kubectl: string;
  activityId: string;
}

interface FormState {
  name: string;
  role: string;
  poolName: string;
  instanceTypes: string[];
  capacityTypes: Array<'on-demand' | 'spot'>;
  dedicated: boolean;
  taintKey: string;
  taintValue: string;
  labels: string;
  limitsCpu: string;
  limitsMemory: string;
  consolidationPolicy: ConsolidationPolicy;
  consolidateAfter: string;
  budgetNodes: string;
  storageSize: string;
}

const INITIAL: FormState = {
  name: '',
  role: '',
  poolName: '',
  instanceTypes: [],
  capacityTypes: ['on-demand'],
  dedicated: true,
  taintKey: 'workload',
  taintValue: '',
  labels: '',
  limitsCpu: '',
  limitsMemory: '',
  consolidationPolicy: 'WhenEmptyOrUnderutilized',
  consolidateAfter: '30s',
  budgetNodes: '10%',
  storageSize: '',
};

function intentOf(f: FormState, defaultRole: string) {
  const poolName = f.poolName || f.name.replace(/-node-class$/, '') || f.name;
  const labels = parseLabelLines(f.labels);
  return {
    name: f.name,
    role: f.role || defaultRole,
    ...(f.storageSize ? { ephemeralStorage: { size: f.storageSize } } : {}),
    nodePool: {
      name: poolName,
      ...(f.instanceTypes.length ? { instanceTypes: f.instanceTypes } : {}),
      capacityTypes: f.capacityTypes,
      ...(f.dedicated ? { taints: [{ key: f.taintKey, value: f.taintValue || poolName, effect: 'NoSchedule' as const }] } : {}),
      ...(labels ? { labels } : {}),
      ...(f.limitsCpu || f.limitsMemory ? { limits: { ...(f.limitsCpu ? { cpu: f.limitsCpu } : {}), ...(f.limitsMemory ? { memory: f.limitsMemory } : {}) } } : {}),
      consolidationPolicy: f.consolidationPolicy,
      consolidateAfter: f.consolidateAfter,
      ...(f.budgetNodes ? { budgets: [{ nodes: f.budgetNodes }] } : {}),
    },
  };
}

export function NodeClassForm({ cluster }: { cluster: string }) {
  const router = useRouter();
  const { data, stale } = useTopology(cluster);
  const access = useAccess(cluster).data;
  const [form, setForm] = useState<FormState>(INITIAL);

  const defaultRole = data?.nodeClasses.find((c) => c.name === 'default')?.role ?? 'AmazonEKSAutoNodeRole';
  const intent = useMemo(() => intentOf(form, defaultRole), [form, defaultRole]);
  const fingerprint = JSON.stringify(intent);
  const { current: previewed, busy, errors, failure, run, remember } = useCheckedSubmit<'preview' | 'create', Preview>(fingerprint);
  const mayCreate = !access || (access.capabilities.createNodeClasses && access.capabilities.createNodePools);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const send = (dryRun: boolean) =>
    run(dryRun ? 'preview' : 'create', async () => {
      const result = await postJson<Preview>(`/api/clusters/${encodeURIComponent(cluster)}/node-classes`, { ...intent, dryRun });
      if (dryRun) remember(fingerprint, result);
      else router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${result.activityId}`);
    });

  const err = (path: string) => <FieldError errors={errors} path={path} />;
  const input = INPUT_CLASS;

  return (
    <form
      className="grid gap-8 lg:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send(true);
      }}
    >
      <div className="space-y-6">
        <fieldset className="space-y-3">
          <legend className="text-lg font-semibold">NodeClass</legend>
          <label className="block text-sm">
            Name
            <input name="name" className={input} value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="ai-ml-node-class" required aria-invalid={Boolean(errors.name)} />
            {err('name')}
          </label>
          <label className="block text-sm">
            Node IAM role
            <input name="role" className={input} value={form.role} onChange={(e) => set('role', e.target.value)} placeholder={defaultRole} aria-invalid={Boolean(errors.role)} />
            <span className="mt-1 block text-xs text-slate-500">Empty: the role of the cluster&apos;s default class ({defaultRole}). Subnets and security groups are taken from the default class.</span>
            {err('role')}
          </label>
          <label className="block text-sm">
            Ephemeral storage (optional)
            <input className={input} value={form.storageSize} onChange={(e) => set('storageSize', e.target.value)} placeholder="80Gi" />
            {err('ephemeralStorage.size')}
          </label>
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="text-lg font-semibold">NodePool</legend>
          <label className="block text-sm">
            Pool name
            <input name="poolName" className={input} value={form.poolName} onChange={(e) => set('poolName', e.target.value)} placeholder={form.name.replace(/-node-class$/, '') || 'ai-ml'} />
            {err('nodePool.name')}
          </label>
          <fieldset>
            <legend className="text-sm">Instance types</legend>
            <InstanceTypeChoices className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-3" selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />
            {err('nodePool.instanceTypes')}
          </fieldset>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Capacity type</legend>
            {(['on-demand', 'spot'] as const).map((c) => (
              <label key={c} className="flex items-center gap-1.5">
                <input type="checkbox" checked={form.capacityTypes.includes(c)} onChange={(e) => set('capacityTypes', e.target.checked ? [...form.capacityTypes, c] : form.capacityTypes.filter((x) => x !== c))} />
                {c}
              </label>
            ))}
            {err('nodePool.capacityTypes')}
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={form.dedicated} onChange={(e) => set('dedicated', e.target.checked)} />
            Dedicated: taint the pool so only workloads pinned to it run there
          </label>
          {form.dedicated && (
            <div className="flex gap-2 pl-6 text-sm">
              <label>
                Taint key
                <input className={input} value={form.taintKey} onChange={(e) => set('taintKey', e.target.value)} />
              </label>
              <label>
                value
                <input className={input} value={form.taintValue} onChange={(e) => set('taintValue', e.target.value)} placeholder={intent.nodePool.name} />
              </label>
              <span className="self-end pb-2 font-mono text-xs text-slate-500">:NoSchedule</span>
            </div>
          )}
          {err('nodePool.taints.0.key')}
          {err('nodePool.taints.0.value')}
          <label className="block text-sm">
            Node labels (key=value, one per line)
            <textarea className={input} rows={2} value={form.labels} onChange={(e) => set('labels', e.target.value)} placeholder="team=ml" />
            {err('nodePool.labels')}
          </label>
          <div className="grid grid-cols-2 gap-3 text-sm">
            <PoolPolicyFields values={form} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} errors={errors} errorPrefix="nodePool." placeholders={{ cpu: '64', memory: '256Gi' }} />
            <label>
              Disruption budget (nodes at once)
              <input className={input} value={form.budgetNodes} onChange={(e) => set('budgetNodes', e.target.value)} placeholder="10%" />
              {err('nodePool.budgets.0.nodes')}
            </label>
          </div>
        </fieldset>
      </div>

      <div className="space-y-4">
        <div className="flex gap-3">
          <button type="submit" disabled={busy !== undefined || !form.name} className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 disabled:opacity-50">
            {busy === 'preview' ? 'Checking…' : 'Preview (dry run)'}
          </button>
          {mayCreate && (
            <button
              type="button"
              data-testid="create-node-class"
              onClick={() => send(false)}
              disabled={!previewed || busy !== undefined || stale}
              title={!previewed ? 'Preview the current form first' : undefined}
              className="rounded bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {busy === 'create' ? 'Creating…' : 'Create NodeClass and NodePool'}
            </button>
          )}
        </div>
        {!mayCreate && <p className="text-sm text-amber-800">The cluster&apos;s RBAC does not let you create NodeClasses and NodePools.</p>}
        {stale && <p className="text-sm text-amber-800">The data is stale (reconnecting): creating waits until it is fresh.</p>}
        {failure && (
          <p role="alert" data-testid="action-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
            {failure.message}
          </p>
        )}
        {previewed ? (
          <div className="space-y-3" data-testid="node-class-preview">
            {previewed.findings.length > 0 && (
              <ul className="space-y-1 text-sm">
                {previewed.findings.map((f) => (
                  <li key={f.code} className={f.level === 'warning' ? 'text-amber-800 dark:text-amber-200' : 'text-slate-600 dark:text-slate-300'}>
                    {f.level === 'warning' ? '⚠ ' : 'ℹ '}
                    {f.message}
                  </li>
                ))}
              </ul>
            )}
            <p className="text-sm text-emerald-700 dark:text-emerald-300">The API server accepted both objects in a dry run.</p>
            <CodeBlock label={`${form.name}.yaml`} text={previewed.yaml} download={`${form.name}.yaml`} />
            <CodeBlock label="kubectl equivalent" text={previewed.kubectl} />
          </div>
        ) : (
          <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-500 dark:border-slate-700">
            Preview shows the NodeClass and NodePool as YAML, what the checks found, and the kubectl command for GitOps — nothing is created until you press Create.
          </p>
        )}
      </div>
    </form>
  );
}
