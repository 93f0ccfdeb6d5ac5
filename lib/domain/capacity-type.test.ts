import { describe, expect, it } from 'vitest';
import { isSpot, normalizeCapacityType } from './capacity-type';

describe('capacity type', () => {
  it.each([
    ['spot', 'spot'],
    ['SPOT', 'spot'],
    ['true', 'spot'],
    ['on-demand', 'on-demand'],
    ['ON_DEMAND', 'on-demand'],
    ['regular', 'on-demand'],
    ['CAPACITY_BLOCK', 'capacity_block'],
  ])('normalizes %s to %s', (raw, expected) => {
    expect(normalizeCapacityType(raw)).toBe(expected);
  });

  it('answers isSpot in every spelling the normalisation knows', () => {
    expect([isSpot('spot'), isSpot('SPOT'), isSpot('true')]).toEqual([true, true, true]);
    expect([isSpot('on-demand'), isSpot('ON_DEMAND'), isSpot('regular'), isSpot(undefined)]).toEqual([false, false, false, false]);
  });
});
