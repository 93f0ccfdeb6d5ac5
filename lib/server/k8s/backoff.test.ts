import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const fixed = (r: number) => ({ baseMs: 500, maxMs: 30_000, random: () => r });

  it('doubles per attempt, half of it jittered', () => {
    expect(backoffDelay(0, fixed(0))).toBe(250);
    expect(backoffDelay(0, fixed(1))).toBe(500);
    expect(backoffDelay(1, fixed(0))).toBe(500);
    expect(backoffDelay(3, fixed(1))).toBe(4000);
  });

  it('never exceeds the cap, even after many attempts', () => {
    expect(backoffDelay(6, fixed(1))).toBe(30_000);
    expect(backoffDelay(1000, fixed(1))).toBe(30_000);
    expect(backoffDelay(1000, fixed(0))).toBe(15_000);
  });

  it('stays within [ceiling/2, ceiling] with real randomness', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});
