import { formatPercent } from '@/lib/domain/format';

/** A labelled bar for requests / allocatable; turns amber above 80% and red above 100%. */
export function UtilizationBar({ label, ratio, detail }: { label: string; ratio: number; detail?: string }) {
  const pct = Math.min(100, Math.max(0, ratio * 100));
  const tone = ratio > 1 ? 'bg-red-500' : ratio > 0.8 ? 'bg-amber-500' : 'bg-emerald-500';
  return (
    <div className="flex items-center gap-2 text-[11px] text-slate-600 dark:text-slate-300" title={detail}>
      <span className="w-9 shrink-0 font-medium uppercase tracking-wide text-slate-500">{label}</span>
      <div
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
        role="meter"
        aria-label={`${label} requested`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(ratio * 100)}
      >
        <div className={`h-full rounded-full ${tone}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(ratio)}</span>
    </div>
  );
}
