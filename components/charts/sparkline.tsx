import { sparklinePoints } from '@/lib/domain/sparkline';

const WIDTH = 80;
const HEIGHT = 18;

/** A small line of values over time, for a table cell; `label` says what it shows, for screen readers and the tooltip. */
export function Sparkline({ values, label, testId }: { values: readonly number[]; label: string; testId?: string }) {
  if (values.length < 2) return <span className="text-xs text-slate-400">—</span>;
  return (
    <svg width={WIDTH} height={HEIGHT + 2} viewBox={`0 -1 ${WIDTH} ${HEIGHT + 2}`} role="img" aria-label={label} data-testid={testId} className="inline-block align-middle">
      <title>{label}</title>
      <polyline points={sparklinePoints(values, WIDTH, HEIGHT)} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" className="text-sky-600 dark:text-sky-400" />
    </svg>
  );
}
