import { describe, expect, it } from 'vitest';
import { desiredHealthy, disruptionsAllowed } from './pdb';

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

  it('says how many pods must stay healthy', () => {
    expect(desiredHealthy({ minAvailable: '50%' }, 3)).toBe(2);
    expect(desiredHealthy({ maxUnavailable: 1 }, 3)).toBe(2);
    expect(desiredHealthy({ maxUnavailable: 5 }, 3)).toBe(0);
    expect(desiredHealthy(undefined, 3)).toBe(3);
  });
});
