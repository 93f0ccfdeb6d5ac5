'use client';
// Move workloads to a pool: pick deployments, pick the target lane, read the what-if plan (server
// computed, from the same functions the sandbox schedules with), then pin them — dry run first
// on the server, one activity for the whole batch — and follow the rebalancing live.
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import type { NodegroupInfo } from '@/lib/domain/model';
import type { PodPlacement } from '@/lib/domain/pin';
import { pinTargets, type PinTargetOption } from '@/lib/domain/pin-targets';
import type { WhatIfPlan } from '@/lib/domain/what-if';
import { useTopology } from '@/lib/client/use-topology';
import { allows, useAccess } from '@/lib/client/use-access';
import { ApiRequestError, getJson, postJson } from '@/lib/client/query-client';
import { CodeBlock } from '@/components/ui/copy-button';
import { PlacementDiff } from './placement-diff';
import { PlanView } from './plan-view';
import { RestartButton } from './restart-button';

interface PlanResponse {
  plan: WhatIfPlan;
  deployments: Array<{ namespace: string; name: string; generation: number; replicas: number; before: PodPlacement; kubectl: string }>;
}

const CUSTOM = 'custom';

export function MoveWorkloads({ cluster, initial, initialTarget }: { cluster: string; initial: string[]; initialTarget?: string }) {
  const router = useRouter();
  const base = `/api/clusters/${encodeURIComponent(cluster)}`;
  const { data, stale, isPending, error } = useTopology(cluster);
  const access = useAccess(cluster).data;
  const groups = useQuery({ queryKey: ['nodegroups', cluster], queryFn: ({ signal }) => getJson<{ nodegroups: NodegroupInfo[] }>(`${base}/nodegroups`, signal) });

  const [selected, setSelected] = useState<Set<string>>(() => new Set(initial));
  const [filter, setFilter] = useState('');
  const [targetId, setTargetId] = useState<string>(initialTarget ?? '');
  const [custom, setCustom] = useState({ key: '', value: '' });
  const [restart, setRestart] = useState(true);
  const [plan, setPlan] = useState<PlanResponse | undefined>();
  const [busy, setBusy] = useState<'plan' | 'apply' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [progress, setProgress] = useState<string | undefined>();

  const targets = useMemo<PinTargetOption[]>(
    () => (data ? pinTargets({ nodes: data.nodes, nodePools: data.nodePools, nodeClasses: data.nodeClasses, nodegroups: groups.data?.nodegroups }) : []),
    [data, groups.data],
  );
  const option = targets.find((t) => `${t.key}=${t.value}` === targetId);
  // Only the label goes to the server: the intent is {key, value}, nothing the form knows besides.
  const target = targetId === CUSTOM ? (custom.key && custom.value ? { key: custom.key.trim(), value: custom.value.trim() } : undefined) : option && { key: option.key, value: option.value };

  const rows = useMemo(() => {
    if (!data) return [];
    const poolOfNode = new Map(data.nodes.map((n) => [n.name, n.pool.name || '(no pool)']));
    const pools = new Map<string, Set<string>>();
    for (const p of data.pods) {
      if (p.owner?.kind !== 'Deployment' || !p.nodeName) continue;
      const key = `${p.namespace}/${p.owner.name}`;
      const set = pools.get(key) ?? new Set<string>();
      set.add(poolOfNode.get(p.nodeName) ?? '?');
      pools.set(key, set);
    }
    const q = filter.trim().toLowerCase();
    return data.deployments
      .map((d) => ({ id: `${d.namespace}/${d.name}`, d, pools: [...(pools.get(`${d.namespace}/${d.name}`) ?? [])].sort() }))
      .filter((r) => !q || r.id.toLowerCase().includes(q))
      .sort((a, b) => a.id.localeCompare(b.id));
  }, [data, filter]);

  if (isPending) return <p aria-busy="true">Loading the cluster…</p>;
  if (error) return <p role="alert">Could not load the cluster: {error.message}</p>;
  if (!data) return null;

  const chosen = [...selected].filter((id) => data.deployments.some((d) => `${d.namespace}/${d.name}` === id));
  const mayPatch = (id: string) => allows(access?.capabilities.patchDeployments, id.split('/')[0]);
  const forbidden = chosen.filter((id) => access && !mayPatch(id));
  const invalidate = () => setPlan(undefined);

  async function makePlan() {
    if (!target || chosen.length === 0) return;
    setBusy('plan');
    setFailure(undefined);
    try {
      const [first, ...rest] = chosen;
      const [namespace, name] = first.split('/');
      const res = await postJson<PlanResponse>(`${base}/deployments/${namespace}/${name}/plan`, {
        target,
        ...(rest.length ? { alsoMoving: rest.map((id) => ({ namespace: id.split('/')[0], name: id.split('/')[1] })) } : {}),
      });
      setPlan(res);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function apply() {
    if (!plan || !target) return;
    setBusy('apply');
    setFailure(undefined);
    const activityId = crypto.randomUUID();
    const batch = plan.deployments.map((d) => `${d.namespace}/${d.name}`);
    let done = 0;
    try {
      for (const d of plan.deployments) {
        setProgress(`Pinning ${d.namespace}/${d.name} (${done + 1} of ${plan.deployments.length})…`);
        await postJson(`${base}/deployments/${d.namespace}/${d.name}/pin`, { target, restart, generation: d.generation, activityId, batch });
        done++;
      }
      router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${activityId}`);
    } catch (err) {
      const message = err instanceof ApiRequestError && err.status === 409 ? `${err.message} Plan again to see the current state.` : err instanceof Error ? err.message : String(err);
      setFailure(done > 0 ? `${done} of ${plan.deployments.length} pinned, then: ${message}` : message);
      if (done > 0) setProgress(`Some were pinned: follow them at /clusters/${cluster}/activity/${activityId}`);
      setBusy(undefined);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
      <section aria-labelledby="pick-workloads" className="space-y-3">
        <h2 id="pick-workloads" className="text-lg font-semibold">
          1. Workloads
        </h2>
        <label className="block text-sm">
          <span className="sr-only">Filter deployments</span>
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter deployments (namespace/name)"
            className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        {rows.length === 0 ? (
          <p className="rounded border border-dashed border-slate-300 p-4 text-sm text-slate-500">No deployments{filter ? ' match the filter' : ' in this cluster'}.</p>
        ) : (
          <ul className="max-h-[28rem] divide-y divide-slate-200 overflow-auto rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="deployment-list">
            {rows.map(({ id, d, pools }) => (
              <li key={id} className="flex items-center gap-2 pr-3">
                <label className="flex min-w-0 flex-1 cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50 dark:hover:bg-slate-900">
                  <input
                    type="checkbox"
                    checked={selected.has(id)}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.target.checked) next.add(id);
                      else next.delete(id);
                      setSelected(next);
                      invalidate();
                    }}
                    data-testid={`pick-${id}`}
                  />
                  <span className="font-mono">{id}</span>
                  <span className="truncate text-xs text-slate-500">
                    {d.replicas} replica{d.replicas === 1 ? '' : 's'} · on {pools.join(', ') || 'no node yet'}
                  </span>
                  {access && !mayPatch(id) && <span className="ml-auto shrink-0 text-xs text-amber-700">read-only for you</span>}
                </label>
                {(!access || mayPatch(id)) && <RestartButton cluster={cluster} namespace={d.namespace} name={d.name} disabled={stale} disabledReason="The data is stale (reconnecting)" />}
              </li>
            ))}
          </ul>
        )}

        <h2 id="pick-target" className="pt-2 text-lg font-semibold">
          2. Target pool
        </h2>
        <fieldset aria-labelledby="pick-target" className="space-y-1 text-sm">
          {targets.map((t) => (
            <label key={`${t.key}=${t.value}`} className="flex items-baseline gap-x-2">
              <input
                type="radio"
                name="target"
                value={`${t.key}=${t.value}`}
                checked={targetId === `${t.key}=${t.value}`}
                onChange={() => {
                  setTargetId(`${t.key}=${t.value}`);
                  invalidate();
                }}
              />
              {/* One block beside the radio, so a long line wraps under its text, not under the radio. */}
              <span className="flex flex-wrap items-baseline gap-x-2">
                <span className="whitespace-nowrap">{t.label}</span>
                <span className="whitespace-nowrap font-mono text-xs text-slate-500">
                  {t.key}={t.value}
                </span>
                <span className="text-xs text-slate-500">
                  {t.nodes} node{t.nodes === 1 ? '' : 's'}
                  {t.note ? ` · ${t.note}` : ''}
                </span>
              </span>
            </label>
          ))}
          <label className="flex items-center gap-2">
            <input type="radio" name="target" value={CUSTOM} checked={targetId === CUSTOM} onChange={() => (setTargetId(CUSTOM), invalidate())} />
            <span>Nodes with a label</span>
          </label>
          {targetId === CUSTOM && (
            <div className="flex gap-2 pl-6">
              <input aria-label="Label key" placeholder="key, e.g. workload" value={custom.key} onChange={(e) => (setCustom({ ...custom, key: e.target.value }), invalidate())} className="w-48 rounded border border-slate-300 px-2 py-1 font-mono dark:border-slate-600 dark:bg-slate-900" />
              <input aria-label="Label value" placeholder="value, e.g. cpu" value={custom.value} onChange={(e) => (setCustom({ ...custom, value: e.target.value }), invalidate())} className="w-40 rounded border border-slate-300 px-2 py-1 font-mono dark:border-slate-600 dark:bg-slate-900" />
            </div>
          )}
        </fieldset>

        <button
          type="button"
          onClick={makePlan}
          disabled={!target || chosen.length === 0 || busy !== undefined}
          className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {busy === 'plan' ? 'Planning…' : 'Plan the move'}
        </button>
      </section>

      <section aria-labelledby="plan-heading" className="space-y-4">
        <h2 id="plan-heading" className="text-lg font-semibold">
          3. What would happen
        </h2>
        {failure && (
          <p role="alert" data-testid="action-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
            {failure}
          </p>
        )}
        {!plan ? (
          <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-500 dark:border-slate-700">
            Pick one or more deployments and a target pool, then plan: nothing changes until you apply.
          </p>
        ) : (
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
              <input type="checkbox" checked={restart} onChange={(e) => setRestart(e.target.checked)} />
              Restart the deployments in the same step (a rollout, as <code>kubectl rollout restart</code>)
            </label>
            {forbidden.length > 0 && <p className="text-sm text-amber-800">You may not change {forbidden.join(', ')}: the cluster&apos;s RBAC does not let you patch deployments there.</p>}
            {stale && <p className="text-sm text-amber-800">The data is stale (reconnecting): actions wait until it is fresh.</p>}
            {forbidden.length === 0 && (
              <button
                type="button"
                onClick={apply}
                data-testid="apply-move"
                disabled={busy !== undefined || stale}
                className="rounded bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50"
              >
                {busy === 'apply' ? 'Applying…' : `Pin ${plan.deployments.length} deployment${plan.deployments.length === 1 ? '' : 's'} to ${target?.value ?? 'the pool'}`}
              </button>
            )}
            {progress && (
              <p role="status" className="text-sm text-slate-600">
                {progress}
              </p>
            )}
          </>
        )}
      </section>
    </div>
  );
}
