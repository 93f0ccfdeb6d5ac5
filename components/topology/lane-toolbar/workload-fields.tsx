import { useState } from 'react';
import type { LaneViewState } from '@/lib/domain/lane-view';
import type { Finder } from '../lanes-view/use-finder';
import { labelText, LiveText } from './fields';

/** Suggestions shown at a time: every option is a DOM node, and a few letters narrow them fast. */
const MAX_SUGGESTIONS = 50;

const FIELDS = {
  workload: { label: 'Workload', testId: 'filter-workload' },
  highlight: { label: 'Highlight', testId: 'highlight' },
} as const;

/**
 * The workload filter or the highlight: `namespace/name` of any workload (Deployment, StatefulSet,
 * DaemonSet, Job, CronJob or a bare pod), suggested by the start of its name or namespace.
 */
export function WorkloadFields({ state, update, find, which }: { state: LaneViewState; update: (patch: Partial<LaneViewState>, mode?: 'push' | 'replace') => void; find: Finder; which: keyof typeof FIELDS }) {
  const [typed, setTyped] = useState('');
  const listId = `${which}-names`;
  const suggestions = typed.trim() ? find(typed, MAX_SUGGESTIONS, ['workload']) : [];
  return (
    <label className="flex flex-col gap-1">
      <span className={labelText}>{FIELDS[which].label}</span>
      <LiveText data-testid={FIELDS[which].testId} list={listId} value={state[which]} onChange={(v) => update({ [which]: v }, 'replace')} onTyping={setTyped} placeholder="namespace/name" size={17} />
      <datalist id={listId}>
        {suggestions.map((w) => (
          <option key={w.id} value={w.id} label={w.ownerKind} />
        ))}
      </datalist>
    </label>
  );
}
