// A pool's line over the review's history, small enough for a table cell: its values in time
// order, and the SVG points that draw them.
import type { HistorySample, PoolSample } from './review-history';

/** One pool's figure at each sample; a sample without the pool (no nodes then) counts as 0. */
export function poolTrend(samples: readonly HistorySample[], pool: string, figure: keyof PoolSample): number[] {
  return samples.map((s) => s.pools[pool]?.[figure] ?? 0);
}

/**
 * SVG polyline points for values in a width × height box: time left to right, the lowest value
 * at the bottom, the highest at the top (a flat line in the middle when they are all equal).
 */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = (i: number) => (values.length === 1 ? width : (i / (values.length - 1)) * width);
  const y = (v: number) => (max === min ? height / 2 : height - ((v - min) / (max - min)) * height);
  const round = (n: number) => Math.round(n * 10) / 10;
  return values.map((v, i) => `${round(x(i))},${round(y(v))}`).join(' ');
}
