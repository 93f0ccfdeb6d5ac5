'use client';
// Group by, filters and highlight for the lanes; every control writes the URL (useLaneView).
import type { LaneViewState } from '@/lib/domain/lane-view';
import { field, labelText, LiveText } from './fields';
import { GroupByField } from './group-by-field';
import { DensityField } from './density-field';
import { FindField } from './find-field';
import { WorkloadFields } from './workload-fields';
import type { Found } from '@/lib/domain/find-index';
import type { Finder } from '../lanes-view/use-finder';

interface ToolbarProps {
  state: LaneViewState;
  update: (patch: Partial<LaneViewState>, mode?: 'push' | 'replace') => void;
  namespaces: string[];
  /** Pods, nodes and workloads by the start of their name, over the whole cluster. */
  find: Finder;
  labelKeys: { key: string; nodes: number }[];
  onFound: (found: Found) => void;
  selectorError?: string;
  dense: boolean;
}

export function LaneToolbar({ state, update, namespaces, find, labelKeys, onFound, selectorError, dense }: ToolbarProps) {
  return (
    <form role="search" aria-label="Group and filter the lanes" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <FindField find={find} onFound={onFound} />
      <GroupByField group={state.group} onGroup={(group) => update({ group })} labelKeys={labelKeys} />
      <label className="flex flex-col gap-1">
        <span className={labelText}>Namespace</span>
        <select data-testid="filter-namespace" className={field} value={state.namespace ?? ''} onChange={(e) => update({ namespace: e.target.value || undefined })}>
          <option value="">all</option>
          {/* A namespace from the URL that no pod lives in (any more) stays chosen. */}
          {state.namespace && !namespaces.includes(state.namespace) && <option>{state.namespace}</option>}
          {namespaces.map((ns) => (
            <option key={ns}>{ns}</option>
          ))}
        </select>
      </label>
      <WorkloadFields state={state} update={update} find={find} which="workload" />
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
      <WorkloadFields state={state} update={update} find={find} which="highlight" />
      <DensityField density={state.density} dense={dense} onDensity={(density) => update({ density })} />
      {selectorError && (
        <p id="selector-error" role="alert" data-testid="selector-error" className="w-full text-sm text-red-700 dark:text-red-300">
          Invalid label selector: {selectorError}
        </p>
      )}
    </form>
  );
}
