'use client';
// Move workloads to a pool: pick deployments, pick the target lane, read the what-if plan (server
// computed, from the same functions the sandbox schedules with), then pin them — dry run first
// on the server, one activity for the whole batch — and follow the rebalancing live.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { NodegroupInfo } from '@/lib/domain/model';
import { pinTargets, type PinTargetOption } from '@/lib/domain/pin-targets';
import { useTopology } from '@/lib/client/use-topology';
import { allows, useAccess } from '@/lib/client/use-access';
import { getJson } from '@/lib/client/query-client';
import { ActionError, AnswerPlaceholder } from '@/components/ui/form';
import { DeploymentPicker } from './deployment-picker';
import { MovePlanAnswer } from './move-plan-answer';
import { deploymentRows } from './move-steps';
import { TargetPicker, chosenTarget } from './target-picker';
import { useMoveSteps } from './use-move-steps';

const PLAN_BUTTON_CLASS = 'rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-50';

export function MoveWorkloads({ cluster, initial, initialTarget }: { cluster: string; initial: string[]; initialTarget?: string }) {
  const base = `/api/clusters/${encodeURIComponent(cluster)}`;
  const { data, stale, isPending, error } = useTopology(cluster);
  const access = useAccess(cluster).data;
  const groups = useQuery({ queryKey: ['nodegroups', cluster], queryFn: ({ signal }) => getJson<{ nodegroups: NodegroupInfo[] }>(`${base}/nodegroups`, signal) });

  const [selected, setSelected] = useState<Set<string>>(() => new Set(initial));
  const [filter, setFilter] = useState('');
  const [targetId, setTargetId] = useState<string>(initialTarget ?? '');
  const [custom, setCustom] = useState({ key: '', value: '' });
  const [restart, setRestart] = useState(true);
  const { plan, busy, failure, progress, makePlan, apply, invalidate } = useMoveSteps(cluster, base);

  const targets = useMemo<PinTargetOption[]>(
    () => (data ? pinTargets({ nodes: data.nodes, nodePools: data.nodePools, nodeClasses: data.nodeClasses, nodegroups: groups.data?.nodegroups }) : []),
    [data, groups.data],
  );
  const target = chosenTarget(targetId, targets, custom);
  const rows = useMemo(() => (data ? deploymentRows(data, filter) : []), [data, filter]);

  if (isPending) return <p aria-busy="true">Loading the cluster…</p>;
  if (error) return <p role="alert">Could not load the cluster: {error.message}</p>;
  if (!data) return null;

  const chosen = [...selected].filter((id) => data.deployments.some((d) => `${d.namespace}/${d.name}` === id));
  const mayPatch = (id: string) => allows(access?.capabilities.patchDeployments, id.split('/')[0]);
  const forbidden = chosen.filter((id) => access && !mayPatch(id));

  const pick = (id: string, picked: boolean) => {
    const next = new Set(selected);
    if (picked) next.add(id);
    else next.delete(id);
    setSelected(next);
    invalidate();
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
      <section aria-labelledby="pick-workloads" className="space-y-3">
        <h2 id="pick-workloads" className="text-lg font-semibold">
          1. Workloads
        </h2>
        <DeploymentPicker cluster={cluster} rows={rows} filter={filter} onFilter={setFilter} selected={selected} onPick={pick} mayPatch={access ? mayPatch : undefined} stale={stale} />

        <h2 id="pick-target" className="pt-2 text-lg font-semibold">
          2. Target pool
        </h2>
        <TargetPicker targets={targets} targetId={targetId} onTarget={(id) => (setTargetId(id), invalidate())} custom={custom} onCustom={(c) => (setCustom(c), invalidate())} />

        <button type="button" onClick={() => makePlan(chosen, target)} disabled={!target || chosen.length === 0 || busy !== undefined} className={PLAN_BUTTON_CLASS}>
          {busy === 'plan' ? 'Planning…' : 'Plan the move'}
        </button>
      </section>

      <section aria-labelledby="plan-heading" className="space-y-4">
        <h2 id="plan-heading" className="text-lg font-semibold">
          3. What would happen
        </h2>
        {failure && <ActionError message={failure} />}
        {!plan ? (
          <AnswerPlaceholder>Pick one or more deployments and a target pool, then plan: nothing changes until you apply.</AnswerPlaceholder>
        ) : (
          <MovePlanAnswer
            plan={plan}
            restart={restart}
            onRestart={setRestart}
            forbidden={forbidden}
            stale={stale}
            applying={busy === 'apply'}
            busy={busy !== undefined}
            target={target}
            progress={progress}
            onApply={() => apply(target, restart)}
          />
        )}
      </section>
    </div>
  );
}
