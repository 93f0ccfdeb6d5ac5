import type { Density } from '@/lib/domain/lane-view';
import { labelText } from './fields';

const DENSITIES: readonly Density[] = ['auto', 'comfortable', 'dense'];

/** Tiles, cells, or the page's choice by cluster size (`dense`: what `auto` chose). */
export function DensityField({ density, dense, onDensity }: { density: Density; dense: boolean; onDensity: (density: Density) => void }) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className={labelText}>Density</legend>
      <div className="flex overflow-hidden rounded border border-slate-300 text-sm dark:border-slate-600">
        {DENSITIES.map((d) => (
          <button
            key={d}
            type="button"
            aria-pressed={density === d}
            onClick={() => onDensity(d)}
            className={`px-2 py-1 focus-visible:outline-2 ${density === d ? 'bg-slate-900 text-white dark:bg-white dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
          >
            {d === 'auto' ? `auto (${dense ? 'dense' : 'tiles'})` : d}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
