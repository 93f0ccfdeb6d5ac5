import { describe, expect, it } from 'vitest';
import { curveAt, curveShare, parseLoadCurve, parseLoadMultiplier, workloadLoad } from './load';

describe('load annotations', () => {
  it('parses a curve and refuses malformed ones', () => {
    expect(parseLoadCurve('low=0.8,high=6,period=60m')).toEqual({ low: 0.8, high: 6, periodSeconds: 3600, shape: 'wave' });
    expect(parseLoadCurve('low=1, high=2, period=90s')).toEqual({ low: 1, high: 2, periodSeconds: 90, shape: 'wave' });
    expect(parseLoadCurve('low=3,high=2,period=1h')).toBeUndefined();
    expect(parseLoadCurve('low=1,high=2')).toBeUndefined();
    expect(parseLoadCurve('low=1,high=2,period=0s')).toBeUndefined();
    expect(parseLoadCurve(undefined)).toBeUndefined();
    expect(parseLoadCurve('low=1,high=2,period=24m,shape=step')?.shape).toBe('step');
    expect(parseLoadCurve('low=1,high=2,period=24m,shape=zigzag')).toBeUndefined();
  });

  it('reads the knob as a multiplier, 1 when absent or not a non-negative number', () => {
    expect(parseLoadMultiplier('2.5')).toBe(2.5);
    expect(parseLoadMultiplier('0')).toBe(0);
    expect(parseLoadMultiplier(undefined)).toBe(1);
    expect(parseLoadMultiplier('lots')).toBe(1);
    expect(parseLoadMultiplier('-1')).toBe(1);
    expect(parseLoadMultiplier('')).toBe(1);
  });
});

describe('the curve', () => {
  const curve = { low: 1, high: 5, periodSeconds: 3600, shape: 'wave' as const };

  it('starts low, peaks at half a period, and is back low after one', () => {
    expect(curveAt(curve, 0)).toBe(1);
    expect(curveAt(curve, 1800)).toBe(5);
    expect(curveAt(curve, 900)).toBeCloseTo(3);
    expect(curveAt(curve, 3600)).toBeCloseTo(1);
  });

  it('as a step: low in the first and last quarter, high in the middle half', () => {
    const step = { ...curve, shape: 'step' as const };
    expect([0, 899, 900, 2699, 2700, 3600 + 900].map((t) => curveAt(step, t))).toEqual([1, 1, 5, 5, 1, 5]);
  });

  it('splits the demand over the running pods, times the knob', () => {
    const load = workloadLoad({ 'sandbox.nodelanes.dev/load-curve': 'low=1,high=5,period=60m', 'sandbox.nodelanes.dev/load': '2' }, '2026-01-01T00:00:00Z');
    const start = Date.parse('2026-01-01T00:00:00Z') / 1000;
    // 5 pods' worth × 2 at the peak, over 4 pods: each at 250 % of its request.
    expect(curveShare(load, 4, start + 1800)).toBe(2.5);
    expect(curveShare(load, 0, start)).toBeUndefined();
    expect(curveShare(workloadLoad({}, undefined), 3, start)).toBeUndefined();
  });
});
