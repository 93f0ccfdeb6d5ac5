import { describe, expect, it } from 'vitest';
import { DRAIN_STATE, drainStateOf, endedDrain, type DrainState } from './drain-state';

const running: DrainState = { id: 'a1', state: 'running', mode: 'evict', by: 'ada@example.test', at: '2026-12-06T17:00:00Z' };

describe('drainStateOf', () => {
  it('reads the annotation back, and nothing from a missing or malformed one', () => {
    expect(drainStateOf({ [DRAIN_STATE]: JSON.stringify(running) })).toEqual(running);
    expect(drainStateOf(undefined)).toBeUndefined();
    expect(drainStateOf({ [DRAIN_STATE]: '{not json' })).toBeUndefined();
    expect(drainStateOf({ [DRAIN_STATE]: JSON.stringify({ ...running, state: 'stuck' }) })).toBeUndefined();
    expect(drainStateOf({ [DRAIN_STATE]: JSON.stringify({ ...running, mode: 'delete' }) })).toBeUndefined();
  });

  it('ends a drain with when and why, keeping who started it', () => {
    expect(endedDrain(running, 'cancelled', '2026-12-06T17:01:00Z', 'cancelled by otto@example.test')).toEqual({
      ...running,
      state: 'cancelled',
      endedAt: '2026-12-06T17:01:00Z',
      reason: 'cancelled by otto@example.test',
    });
  });
});
