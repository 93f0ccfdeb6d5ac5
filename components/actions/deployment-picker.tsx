// Step 1 of moving workloads: the cluster's deployments, filtered by name, each with a box to
// pick it, the pools its pods are on now and, where the user may patch it, a restart button.
import type { DeploymentRow } from './move-steps';
import { RestartButton } from './restart-button';

export function DeploymentPicker({
  cluster,
  rows,
  filter,
  onFilter,
  selected,
  onPick,
  mayPatch,
  stale,
}: {
  cluster: string;
  rows: DeploymentRow[];
  filter: string;
  onFilter: (filter: string) => void;
  selected: Set<string>;
  onPick: (id: string, picked: boolean) => void;
  /** Whether the user may patch the deployment; undefined while nobody has asked the cluster. */
  mayPatch: ((id: string) => boolean) | undefined;
  stale: boolean;
}) {
  return (
    <>
      <label className="block text-sm">
        <span className="sr-only">Filter deployments</span>
        <input
          type="search"
          value={filter}
          onChange={(e) => onFilter(e.target.value)}
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
                <input type="checkbox" checked={selected.has(id)} onChange={(e) => onPick(id, e.target.checked)} data-testid={`pick-${id}`} />
                <span className="font-mono">{id}</span>
                <span className="truncate text-xs text-slate-500">
                  {d.replicas} replica{d.replicas === 1 ? '' : 's'} · on {pools.join(', ') || 'no node yet'}
                </span>
                {mayPatch && !mayPatch(id) && <span className="ml-auto shrink-0 text-xs text-amber-700">read-only for you</span>}
              </label>
              {(!mayPatch || mayPatch(id)) && <RestartButton cluster={cluster} namespace={d.namespace} name={d.name} disabled={stale} disabledReason="The data is stale (reconnecting)" />}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
