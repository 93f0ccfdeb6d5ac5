import { describe, expect, it } from 'vitest';
import { actionKindOf, drainOutcome, writeEnd } from './action-kind';

describe('action kinds', () => {
  it('names each write route’s action by kind, and nothing for routes that are no action of their own', () => {
    expect(actionKindOf('deployment.restart')).toBe('restart');
    expect(actionKindOf('nodepool.edit')).toBe('node-pool');
    expect(actionKindOf('node.do-not-disrupt')).toBe('do-not-disrupt');
    expect(actionKindOf('node.drain-cancel')).toBeUndefined();
    expect(actionKindOf(undefined)).toBeUndefined();
  });

  it('a write’s answer finishes most actions, only starts a drain, and refusals and dry runs never ran', () => {
    expect(writeEnd('restart', 200, false)).toEqual({ finished: 'succeeded' });
    expect(writeEnd('cordon', 502, false)).toEqual({ finished: 'failed' });
    expect(writeEnd('drain', 200, false)).toEqual({ started: true });
    expect(writeEnd('drain', 503, false)).toEqual({ finished: 'failed' });
    expect(writeEnd('pin', 409, false)).toEqual({ ran: false });
    expect(writeEnd('restart', 200, true)).toEqual({ ran: false });
  });

  it('a drain ends succeeded (drained, or its node removed once empty), failed or cancelled', () => {
    expect(['drained', 'failed', 'cancelled'].map((e) => drainOutcome(e as 'drained'))).toEqual(['succeeded', 'failed', 'cancelled']);
  });
});
