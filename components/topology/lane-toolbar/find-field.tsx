import { useId, useState } from 'react';
import type { Found } from '@/lib/domain/find-index';
import type { Finder } from '../lanes-view/use-finder';
import { field, labelText } from './fields';

const MAX_FOUND = 12;

const KIND_WORDS: Record<Found['kind'], string> = { pod: 'Pod', node: 'Node', workload: 'Workload' };

/**
 * Find a pod, node or workload by the start of its name anywhere on the cluster: a list under the
 * field, arrow keys to move, Enter or a click to go to it.
 */
export function FindField({ find, onFound }: { find: Finder; onFound: (found: Found) => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const results = open ? find(query, MAX_FOUND) : [];
  const pick = (found: Found | undefined) => {
    if (!found) return;
    setOpen(false);
    setQuery(found.name);
    onFound(found);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(results.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(results[active]);
    } else if (e.key === 'Escape') setOpen(false);
  };
  return (
    <div className="relative flex flex-col gap-1">
      <label className={labelText} htmlFor={`${listId}-input`}>
        Find pod, node or workload
      </label>
      <input
        id={`${listId}-input`}
        data-testid="find"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-activedescendant={results.length ? `${listId}-${active}` : undefined}
        autoComplete="off"
        className={field}
        size={20}
        placeholder="start of a name"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {results.length > 0 && <FoundList id={listId} results={results} active={active} onPick={pick} />}
    </div>
  );
}

function FoundList({ id, results, active, onPick }: { id: string; results: Found[]; active: number; onPick: (f: Found) => void }) {
  return (
    <ul id={id} role="listbox" data-testid="find-results" className="absolute left-0 top-full z-30 mt-1 max-h-80 w-[28rem] max-w-[90vw] overflow-auto rounded border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
      {results.map((f, i) => (
        <li
          key={`${f.kind}:${f.id}`}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={`flex cursor-pointer items-baseline gap-2 rounded px-2 py-1 ${i === active ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(f);
          }}
        >
          <span className="w-16 shrink-0 text-xs text-slate-600 dark:text-slate-300">{f.kind === 'workload' ? f.ownerKind : KIND_WORDS[f.kind]}</span>
          <span className="truncate font-mono text-slate-900 dark:text-slate-100">{f.name}</span>
          {f.namespace && <span className="ml-auto shrink-0 text-xs text-slate-600 dark:text-slate-300">{f.namespace}</span>}
        </li>
      ))}
    </ul>
  );
}
