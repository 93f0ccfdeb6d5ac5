'use client';
// The "new managed node group" flow: one CreateNodegroup call to the EKS API. EKS has no dry
// run, so Check runs the server's validation and preflight only and shows the request, the
// eksctl command and config; Create is offered only for the checked form, then the node groups
// page follows the group until its nodes have joined.
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { InstanceTypeChoices } from './instance-type-choices';
import type { Finding } from '@/lib/domain/node-class';
import { useAccess } from '@/lib/client/use-access';
import { postJson } from '@/lib/client/query-client';
import { useCheckedSubmit } from '@/lib/client/use-checked-submit';
import { parseLabelLines } from '@/lib/domain/label-lines';
import { CodeBlock } from '@/components/ui/copy-button';
import { FieldError, INPUT_CLASS } from '@/components/ui/form';

interface CheckResult {
  findings: Finding[];
  request: unknown;
  eksctl: { command: string; config: string; fileName: string; note?: string };
}

type Effect = 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';

interface FormState {
  name: string;
  nodeRole: string;
  subnets: string;
  instanceTypes: string[];
  minSize: string;
  maxSize: string;
  desiredSize: string;
  labels: string;
  tainted: boolean;
  taintKey: string;
  taintValue: string;
  taintEffect: Effect;
  capacityType: 'ON_DEMAND' | 'SPOT';
}

const DEFAULT_ROLE = 'AmazonEKSNodeRole';

const INITIAL: FormState = {
  name: '',
  nodeRole: '',
  subnets: '',
  instanceTypes: [],
  minSize: '1',
  maxSize: '3',
  desiredSize: '2',
  labels: '',
  tainted: false,
  taintKey: 'dedicated',
  taintValue: '',
  taintEffect: 'NO_SCHEDULE',
  capacityType: 'ON_DEMAND',
};

/** A number the server can judge: an empty or odd field goes as NaN-free text so zod names it. */
const num = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

function intentOf(f: FormState) {
  const subnets = f.subnets.split(/[\s,]+/).filter(Boolean);
  const labels = parseLabelLines(f.labels);
  return {
    name: f.name,
    nodeRole: f.nodeRole || DEFAULT_ROLE,
    ...(subnets.length ? { subnets } : {}),
    instanceTypes: f.instanceTypes,
    scaling: { minSize: num(f.minSize), maxSize: num(f.maxSize), desiredSize: num(f.desiredSize) },
    ...(labels ? { labels } : {}),
    ...(f.tainted ? { taints: [{ key: f.taintKey, ...(f.taintValue || f.name ? { value: f.taintValue || f.name } : {}), effect: f.taintEffect }] } : {}),
    capacityType: f.capacityType,
  };
}

export function NodegroupForm({ cluster }: { cluster: string }) {
  const router = useRouter();
  const access = useAccess(cluster).data;
  const [form, setForm] = useState<FormState>(INITIAL);

  const intent = useMemo(() => intentOf(form), [form]);
  const fingerprint = JSON.stringify(intent);
  const { current, busy, errors, failure, run, remember } = useCheckedSubmit<'check' | 'create', CheckResult>(fingerprint);
  // The server asks the same question (create nodepools.karpenter.sh) before calling EKS.
  const mayCreate = !access || access.capabilities.createNodePools;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const send = (dryRun: boolean) =>
    run(dryRun ? 'check' : 'create', async () => {
      const result = await postJson<CheckResult>(`/api/clusters/${encodeURIComponent(cluster)}/nodegroups`, { ...intent, dryRun });
      if (dryRun) remember(fingerprint, result);
      else router.push(`/clusters/${encodeURIComponent(cluster)}/nodegroups?created=${encodeURIComponent(form.name)}`);
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
          <legend className="text-lg font-semibold">Node group</legend>
          <label className="block text-sm">
            Name
            <input className={input} value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="batch-pool" required aria-invalid={Boolean(errors.name)} />
            {err('name')}
          </label>
          <label className="block text-sm">
            Node IAM role
            <input className={input} value={form.nodeRole} onChange={(e) => set('nodeRole', e.target.value)} placeholder={DEFAULT_ROLE} aria-invalid={Boolean(errors.nodeRole)} />
            <span className="mt-1 block text-xs text-slate-500">A role name (in the cluster&apos;s account) or an ARN. Empty: {DEFAULT_ROLE}.</span>
            {err('nodeRole')}
          </label>
          <label className="block text-sm">
            Subnets (optional)
            <input className={input} value={form.subnets} onChange={(e) => set('subnets', e.target.value)} placeholder="the cluster's subnets" aria-invalid={Boolean(errors.subnets)} />
            {err('subnets')}
          </label>
          <fieldset>
            <legend className="text-sm">Instance types</legend>
            <InstanceTypeChoices className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-3" selected={form.instanceTypes} onChange={(types) => set('instanceTypes', types)} />
            {err('instanceTypes')}
          </fieldset>
          <fieldset className="grid grid-cols-3 gap-3 text-sm">
            <legend className="sr-only">Scaling</legend>
            <label>
              Minimum
              <input className={input} inputMode="numeric" value={form.minSize} onChange={(e) => set('minSize', e.target.value)} aria-invalid={Boolean(errors['scaling.minSize'])} />
              {err('scaling.minSize')}
            </label>
            <label>
              Desired
              <input className={input} inputMode="numeric" value={form.desiredSize} onChange={(e) => set('desiredSize', e.target.value)} aria-invalid={Boolean(errors['scaling.desiredSize'])} />
              {err('scaling.desiredSize')}
            </label>
            <label>
              Maximum
              <input className={input} inputMode="numeric" value={form.maxSize} onChange={(e) => set('maxSize', e.target.value)} aria-invalid={Boolean(errors['scaling.maxSize'])} />
              {err('scaling.maxSize')}
            </label>
          </fieldset>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Capacity type</legend>
            {(['ON_DEMAND', 'SPOT'] as const).map((c) => (
              <label key={c} className="flex items-center gap-1.5">
                <input type="radio" name="capacityType" checked={form.capacityType === c} onChange={() => set('capacityType', c)} />
                {c === 'ON_DEMAND' ? 'On-Demand' : 'Spot'}
              </label>
            ))}
          </fieldset>
          <label className="block text-sm">
            Node labels (key=value, one per line)
            <textarea className={input} rows={2} value={form.labels} onChange={(e) => set('labels', e.target.value)} placeholder="workload=batch" aria-invalid={Boolean(errors.labels)} />
            {err('labels')}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={form.tainted} onChange={(e) => set('tainted', e.target.checked)} />
            Dedicated: taint the nodes so only workloads that tolerate it run there
          </label>
          {form.tainted && (
            <div className="grid grid-cols-3 gap-2 pl-6 text-sm">
              <label>
                Taint key
                <input className={input} value={form.taintKey} onChange={(e) => set('taintKey', e.target.value)} />
              </label>
              <label>
                value
                <input className={input} value={form.taintValue} onChange={(e) => set('taintValue', e.target.value)} placeholder={form.name || 'batch-pool'} />
              </label>
              <label>
                effect
                <select className={input} value={form.taintEffect} onChange={(e) => set('taintEffect', e.target.value as Effect)}>
                  <option value="NO_SCHEDULE">NO_SCHEDULE</option>
                  <option value="NO_EXECUTE">NO_EXECUTE</option>
                  <option value="PREFER_NO_SCHEDULE">PREFER_NO_SCHEDULE</option>
                </select>
              </label>
            </div>
          )}
          {err('taints.0.key')}
          {err('taints.0.value')}
        </fieldset>
      </div>

      <div className="space-y-4">
        <div className="flex gap-3">
          <button type="submit" disabled={busy !== undefined || !form.name} className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 disabled:opacity-50">
            {busy === 'check' ? 'Checking…' : 'Check (dry run)'}
          </button>
          {mayCreate && (
            <button
              type="button"
              data-testid="create-nodegroup"
              onClick={() => send(false)}
              disabled={!current || busy !== undefined}
              title={!current ? 'Check the current form first' : undefined}
              className="rounded bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {busy === 'create' ? 'Creating…' : 'Create node group'}
            </button>
          )}
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-300">
          EKS has no dry run: Check validates the form and runs the dashboard&apos;s preflight (instance types, sizes, name) without calling EKS. EKS itself judges the request only
          when you press Create.
        </p>
        {!mayCreate && (
          <p className="text-sm text-amber-800 dark:text-amber-200">
            Node groups are created with the dashboard&apos;s AWS credentials, so only users the cluster&apos;s RBAC lets create NodePools (platform operators) may create them.
          </p>
        )}
        {failure && (
          <p role="alert" data-testid="action-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
            {failure.message}
          </p>
        )}
        {current ? (
          <div className="space-y-3" data-testid="nodegroup-preview">
            <ul className="space-y-1 text-sm">
              {current.findings.map((f) => (
                <li key={f.code} className={f.level === 'warning' ? 'text-amber-800 dark:text-amber-200' : 'text-slate-600 dark:text-slate-300'}>
                  {f.level === 'warning' ? '⚠ ' : 'ℹ '}
                  {f.message}
                </li>
              ))}
            </ul>
            <p className="text-sm text-emerald-700 dark:text-emerald-300">The checks passed. Nothing has been sent to EKS yet.</p>
            <CodeBlock label="eksctl equivalent" text={current.eksctl.command} />
            {current.eksctl.note && <p className="text-xs text-slate-600 dark:text-slate-300">{current.eksctl.note}</p>}
            <CodeBlock label={current.eksctl.fileName} text={current.eksctl.config} download={current.eksctl.fileName} />
            <CodeBlock label="CreateNodegroup request" text={JSON.stringify(current.request, null, 2)} />
          </div>
        ) : (
          <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-500 dark:border-slate-700">
            Check shows what the preflight found, the eksctl command and config file, and the exact CreateNodegroup request — nothing is created until you press Create.
          </p>
        )}
      </div>
    </form>
  );
}
