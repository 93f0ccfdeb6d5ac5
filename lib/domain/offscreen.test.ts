import { describe, expect, it } from 'vitest';
import { offscreenOf } from './offscreen';

describe('offscreenOf', () => {
  it('sums the lanes above and below the window and names the nearest of each', () => {
    const perLane = [2, 0, 1, 5, 0, 0, 3, 1];
    expect(offscreenOf(perLane, 3, 4)).toEqual({ above: 3, below: 4, nearestAbove: 2, nearestBelow: 6 });
    expect(offscreenOf(perLane, 0, 7)).toEqual({ above: 0, below: 0 });
    expect(offscreenOf(perLane, 1, 1)).toEqual({ above: 2, below: 10, nearestAbove: 0, nearestBelow: 2 });
    expect(offscreenOf([], 0, 0)).toEqual({ above: 0, below: 0 });
  });
});
