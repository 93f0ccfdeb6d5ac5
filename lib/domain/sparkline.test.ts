import { describe, expect, it } from 'vitest';
import { poolTrend, sparklinePoints } from './sparkline';
import type { HistorySample } from './review-history';

describe('sparkline', () => {
  it('takes one pool’s figure from each sample, 0 where the pool had no nodes', () => {
    const samples: HistorySample[] = [
      { t: 1, pools: { a: { nodes: 2, hourly: 0.5 } } },
      { t: 2, pools: { b: { nodes: 1, hourly: 0.1 } } },
      { t: 3, pools: { a: { nodes: 3, hourly: 0.75 } } },
    ];
    expect(poolTrend(samples, 'a', 'nodes')).toEqual([2, 0, 3]);
    expect(poolTrend(samples, 'a', 'hourly')).toEqual([0.5, 0, 0.75]);
  });

  it('draws time left to right with the highest value at the top', () => {
    expect(sparklinePoints([1, 3, 2], 100, 20)).toBe('0,20 50,0 100,10');
  });

  it('draws equal values as a flat line in the middle, one value at the right edge, none as nothing', () => {
    expect(sparklinePoints([4, 4], 60, 10)).toBe('0,5 60,5');
    expect(sparklinePoints([7], 60, 10)).toBe('60,5');
    expect(sparklinePoints([], 60, 10)).toBe('');
  });
});
