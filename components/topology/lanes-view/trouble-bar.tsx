import type { TroubleSpot } from '@/lib/domain/trouble';
import { totalTrouble } from '@/lib/domain/trouble';
import { Pager, usePage } from '@/components/ui/pager';
import { TroubleCountBadges, TroubleIcon } from '../trouble-marks';
import type { TroubleState } from './use-trouble';

/** Spots listed per page under the trouble filter. */
const PAGE = 50;

const spotWords = (s: TroubleSpot) => (s.pod ? `Pod ${s.pod.namespace}/${s.pod.name}` : `Node ${s.node}`);

/**
 * What is in trouble in the lanes shown, counted by kind, with "next trouble" (T, Shift+T for the
 * one before) and the trouble filter, which lists every troubled node and pod.
 */
export function TroubleBar({ trouble, only, onOnly }: { trouble: TroubleState; only: boolean; onOnly: (only: boolean) => void }) {
  const { spots, counts, current, index, step } = trouble;
  const total = totalTrouble(counts);
  const button = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:hover:bg-slate-800';
  return (
    <section aria-label="Trouble" data-testid="trouble-bar" className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="flex items-center gap-1 font-semibold text-slate-900 dark:text-slate-100">
          {total > 0 && <TroubleIcon />}
          {total > 0 ? `In trouble (${spots.length})` : 'No trouble in these lanes'}
        </h3>
        <TroubleCountBadges counts={counts} testId="trouble-counts" />
        <div className="ml-auto flex items-center gap-2">
          <button type="button" className={button} disabled={spots.length === 0} onClick={() => step(-1)} aria-keyshortcuts="Shift+T" data-testid="trouble-previous">
            Previous <kbd className="font-mono">⇧T</kbd>
          </button>
          <button type="button" className={button} disabled={spots.length === 0} onClick={() => step(1)} aria-keyshortcuts="T" data-testid="trouble-next">
            Next trouble <kbd className="font-mono">T</kbd>
          </button>
          <button type="button" className={button} aria-pressed={only} onClick={() => onOnly(!only)} data-testid="trouble-filter">
            {only ? '✓ ' : ''}Only trouble
          </button>
        </div>
      </div>
      <p aria-live="polite" data-testid="trouble-current" className="mt-1 text-xs text-slate-600 dark:text-slate-300">
        {current ? `${index + 1} of ${spots.length}: ${spotWords(current)}, ${current.reason}${current.pod && current.node ? ` on node ${current.node}` : ''}` : spots.length ? 'Press T to go to the next trouble, Shift+T to the one before.' : ''}
      </p>
      {only && <TroubleList trouble={trouble} />}
    </section>
  );
}

/** Under the trouble filter: every troubled node and pod, a page at a time; each goes there. */
function TroubleList({ trouble }: { trouble: TroubleState }) {
  const { spots, current, go } = trouble;
  const { shown, page, pages, setPage } = usePage(spots, PAGE);
  if (spots.length === 0) return null;
  return (
    <>
      <ul data-testid="trouble-list" className="mt-2 space-y-0.5">
        {shown.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              data-testid="trouble-item"
              data-spot={s.id}
              aria-current={current?.id === s.id || undefined}
              onClick={() => go(s)}
              className="flex w-full items-center gap-2 rounded px-1 py-0.5 text-left text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 aria-[current]:bg-sky-50 dark:hover:bg-slate-800 dark:aria-[current]:bg-sky-950"
            >
              <TroubleIcon />
              <span className="font-mono">{spotWords(s)}</span>
              <strong className="text-red-800 dark:text-red-200">{s.reason}</strong>
              {s.pod && <span className="text-slate-500 dark:text-slate-400">{s.node ? `on ${s.node}` : 'not on a node'}</span>}
            </button>
          </li>
        ))}
      </ul>
      <Pager page={page} pages={pages} size={PAGE} total={spots.length} setPage={setPage} label="Pages of trouble" testId="trouble-pager" />
    </>
  );
}
