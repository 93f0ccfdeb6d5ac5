'use client';
// Group by, filters and highlight for the lanes; every control writes the URL (useLaneView).
import { useEffect, useState } from 'react';
import { GROUPINGS, groupingOf, type LaneViewState } from '@/lib/domain/lane-view';

interface ToolbarProps {
  state: LaneViewState;
  update: (patch: Partial<LaneViewState>, mode?: 'push' | 'replace') => void;
  namespaces: string[];
  workloads: string[];
  selectorError?: string;
  dense: boolean;
}

const MAX_SUGGESTIONS = 200;

const field = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus-visible:outline-2 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';
const labelText = 'text-xs font-medium text-slate-600 dark:text-slate-300';

/** A text input that writes the URL as you type (replacing the history entry), a moment after you stop. */
function LiveText({ value, onChange, ...rest }: { value: string | undefined; onChange: (v: string | undefined) => void } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(value ?? '');
  // The URL may change under the input (back button, a link): follow it.
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    if (text === (value ?? '')) return;
    const t = setTimeout(() => onChange(text.trim() || undefined), 250);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return <input {...rest} value={text} onChange={(e) => setText(e.target.value)} className={field} />;
}

export function LaneToolbar({ state, update, namespaces, workloads, selectorError, dense }: ToolbarProps) {
  const grouping = groupingOf(state.group);
  const custom = grouping.id.startsWith('label:');
  const [labelKey, setLabelKey] = useState(custom ? grouping.key : '');
  // "Label key…" chosen but no key typed yet: nothing to group by, so the URL waits for the key.
  const [askingKey, setAskingKey] = useState(false);
  useEffect(() => {
    if (custom) setLabelKey(grouping.key);
  }, [custom, grouping.key]);
  return (
    <form role="search" aria-label="Group and filter the lanes" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <label className="flex flex-col gap-1">
        <span className={labelText}>Group by</span>
        <select
          data-testid="group-by"
          className={field}
          value={custom || askingKey ? 'label:' : grouping.id}
          onChange={(e) => {
            if (e.target.value === 'label:') {
              if (labelKey) update({ group: `label:${labelKey}` });
              else setAskingKey(true);
            } else {
              setAskingKey(false);
              update({ group: e.target.value });
            }
          }}
        >
          {GROUPINGS.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
          <option value="label:">Label key…</option>
        </select>
      </label>
      {(custom || askingKey) && (
        <label className="flex flex-col gap-1">
          <span className={labelText}>Label key</span>
          <input
            data-testid="group-label-key"
            className={field}
            value={labelKey}
            placeholder="e.g. workload"
            autoFocus={askingKey}
            onChange={(e) => setLabelKey(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && labelKey.trim()) update({ group: `label:${labelKey.trim()}` });
            }}
            onBlur={() => labelKey.trim() && labelKey.trim() !== grouping.key && update({ group: `label:${labelKey.trim()}` })}
          />
        </label>
      )}
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
      <fieldset className="flex flex-col gap-1">
        <legend className={labelText}>Density</legend>
        <div className="flex overflow-hidden rounded border border-slate-300 text-sm dark:border-slate-600">
          {(['auto', 'comfortable', 'dense'] as const).map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={state.density === d}
              onClick={() => update({ density: d })}
              className={`px-2 py-1 focus-visible:outline-2 ${state.density === d ? 'bg-slate-900 text-white dark:bg-white dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
            >
              {d === 'auto' ? `auto (${dense ? 'dense' : 'tiles'})` : d}
            </button>
          ))}
        </div>
      </fieldset>
      {selectorError && (
        <p id="selector-error" role="alert" data-testid="selector-error" className="w-full text-sm text-red-700 dark:text-red-300">
          Invalid label selector: {selectorError}
        </p>
      )}
    </form>
  );
}
