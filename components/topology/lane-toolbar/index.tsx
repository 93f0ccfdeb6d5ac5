'use client';
// Group by, filters and highlight for the lanes; every control writes the URL (useLaneView).
import type { LaneViewState } from '@/lib/domain/lane-view';
import { field, labelText, LiveText } from './fields';
import { GroupByField } from './group-by-field';
import { DensityField } from './density-field';

interface ToolbarProps {
  state: LaneViewState;
  update: (patch: Partial<LaneViewState>, mode?: 'push' | 'replace') => void;
  namespaces: string[];
  workloads: string[];
  selectorError?: string;
  dense: boolean;
}

const MAX_SUGGESTIONS = 200;

export function LaneToolbar({ state, update, namespaces, workloads, selectorError, dense }: ToolbarProps) {
  return (
    <form role="search" aria-label="Group and filter the lanes" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <GroupByField group={state.group} onGroup={(group) => update({ group })} />
      <label className="flex flex-col gap-1">
        <span className={labelText}>Namespace</span>
        <select data-testid="filter-namespace" className={field} value={state.namespace ?? ''} onChange={(e) => update({ namespace: e.target.value || undefined })}>
          <option value="">all</option>
          {namespaces.map((ns) => (
            <option key={ns}>{ns}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className={labelText}>Workload</span>
        <LiveText data-testid="filter-workload" list="workload-names" value={state.workload} onChange={(workload) => update({ workload }, 'replace')} placeholder="namespace/name" size={17} />
      </label>
      <label className="flex flex-col gap-1">
        <span className={labelText}>Node name</span>
        <LiveText data-testid="filter-node" value={state.node} onChange={(node) => update({ node }, 'replace')} placeholder="part of a name" size={12} />
      </label>
      <label className="flex flex-col gap-1">
        <span className={labelText}>Pod label selector</span>
        <LiveText
          data-testid="filter-selector"
          value={state.selector}
          onChange={(selector) => update({ selector }, 'replace')}
          placeholder="app=frontend,tier in (web)"
          size={22}
          aria-invalid={selectorError ? true : undefined}
          aria-describedby={selectorError ? 'selector-error' : undefined}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className={labelText}>Highlight</span>
        <LiveText data-testid="highlight" list="workload-names" value={state.highlight} onChange={(highlight) => update({ highlight }, 'replace')} placeholder="namespace/name" size={17} />
      </label>
      {/* Suggestions only: a large cluster has tens of thousands of workloads, and every option is a DOM node. */}
      <datalist id="workload-names">
        {workloads.slice(0, MAX_SUGGESTIONS).map((w) => (
          <option key={w} value={w} />
        ))}
      </datalist>
      <DensityField density={state.density} dense={dense} onDensity={(density) => update({ density })} />
      {selectorError && (
        <p id="selector-error" role="alert" data-testid="selector-error" className="w-full text-sm text-red-700 dark:text-red-300">
          Invalid label selector: {selectorError}
        </p>
      )}
    </form>
  );
}
