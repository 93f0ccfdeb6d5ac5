import { offscreenOf } from '@/lib/domain/offscreen';

/** Something marked in the lanes, counted per lane (by index), and how to go to it in a lane. */
export interface OffscreenMark {
  id: string;
  /** Words after the count: `in trouble`, `of apps/frontend`. */
  label: string;
  perLane: readonly number[];
  goTo: (lane: number, dir: 1 | -1) => void;
}

/**
 * Counts of marked pods and nodes in lanes scrolled out of the window, pinned to the bottom of the
 * screen: `↑ 2 in trouble above`, `↓ 40 of apps/frontend below`; each goes to the nearest one.
 */
export function OffscreenCounts({ marks, first, last }: { marks: readonly OffscreenMark[]; first: number; last: number }) {
  const rows = marks.map((m) => ({ mark: m, off: offscreenOf(m.perLane, first, last) })).filter((r) => r.off.above || r.off.below);
  if (rows.length === 0) return null;
  const button = 'rounded px-2 py-0.5 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-sky-400 dark:hover:bg-slate-200';
  return (
    <nav aria-label="Outside the window" data-testid="offscreen" className="fixed bottom-3 left-1/2 z-20 flex -translate-x-1/2 flex-wrap gap-1 rounded-lg bg-slate-900/90 px-2 py-1 text-xs text-white shadow-lg dark:bg-white/90 dark:text-slate-900">
      {rows.flatMap(({ mark, off }) => [
        off.above > 0 && (
          <button key={`${mark.id}-above`} type="button" data-testid={`offscreen-${mark.id}-above`} className={button} onClick={() => mark.goTo(off.nearestAbove!, -1)}>
            ↑ {off.above} {mark.label} above
          </button>
        ),
        off.below > 0 && (
          <button key={`${mark.id}-below`} type="button" data-testid={`offscreen-${mark.id}-below`} className={button} onClick={() => mark.goTo(off.nearestBelow!, 1)}>
            ↓ {off.below} {mark.label} below
          </button>
        ),
      ])}
    </nav>
  );
}
