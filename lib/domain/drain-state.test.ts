import { describe, expect, it } from 'vitest';
import { DRAIN_STATE, drainStateOf, drainStateWords, endedDrain, type DrainState } from './drain-state';

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

describe('drainStateWords', () => {
  it('says a paused drain waits for its user and that the node stays cordoned; a failed one that it was left cordoned', () => {
    expect(drainStateWords({ ...running, state: 'paused', reason: 'waiting for ada@example.test to resume it (this server holds no credential of theirs)' })).toBe(
      'Drain paused (its server stopped): waiting for ada@example.test to resume it (this server holds no credential of theirs). The node stays cordoned meanwhile.',
    );
    expect(drainStateWords({ ...running, mode: 'restart', state: 'failed', reason: '1 pod(s) still on the node: apps/solo-1' })).toBe(
      'Drain by rollout restart failed, started by ada@example.test at 2026-12-06T17:00:00Z: 1 pod(s) still on the node: apps/solo-1. The node was left cordoned.',
    );
    expect(drainStateWords({ ...running, resumedBy: 'otto@example.test' })).toBe('Drain running, started by ada@example.test at 2026-12-06T17:00:00Z, resumed by otto@example.test.');
  });
});
