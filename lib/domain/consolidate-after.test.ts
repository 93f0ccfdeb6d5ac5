import { describe, expect, it } from 'vitest';
import { consolidatableAt, isConsolidatable } from './consolidate-after';

const changed = new Date('2026-11-25T12:00:00Z');

describe('consolidateAfter', () => {
  it('counts the wait from the last pod change', () => {
    expect(consolidatableAt('30s', changed)?.toISOString()).toBe('2026-11-25T12:00:30.000Z');
    expect(consolidatableAt('1h5m', changed)?.toISOString()).toBe('2026-11-25T13:05:00.000Z');
    expect(isConsolidatable('30s', changed, new Date('2026-11-25T12:00:29.999Z'))).toBe(false);
    expect(isConsolidatable('30s', changed, new Date('2026-11-25T12:00:30Z'))).toBe(true);
  });

  it('never, for Never', () => {
    expect(consolidatableAt('Never', changed)).toBeUndefined();
    expect(isConsolidatable('Never', changed, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('reads 0s (and an unreadable value, like an absent one) as no wait', () => {
    expect(isConsolidatable('0s', changed, changed)).toBe(true);
    expect(isConsolidatable('soon', changed, changed)).toBe(true);
  });
});
