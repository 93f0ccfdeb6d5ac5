import { describe, expect, it } from 'vitest';
import { disruptionsAllowed } from './pdb';

describe('disruptionsAllowed', () => {
  it('follows minAvailable and maxUnavailable, percentages rounded up', () => {
    expect(disruptionsAllowed({ minAvailable: 2 }, 3, 3)).toBe(1);
    expect(disruptionsAllowed({ minAvailable: 2 }, 3, 2)).toBe(0);
    expect(disruptionsAllowed({ maxUnavailable: 1 }, 2, 2)).toBe(1);
    expect(disruptionsAllowed({ maxUnavailable: 1 }, 2, 1)).toBe(0);
    expect(disruptionsAllowed({ minAvailable: '50%' }, 3, 3)).toBe(1);
    expect(disruptionsAllowed({ maxUnavailable: '25%' }, 4, 4)).toBe(1);
    expect(disruptionsAllowed(undefined, 2, 2)).toBe(0);
  });
});
