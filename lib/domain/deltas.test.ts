import { describe, expect, it } from 'vitest';
import { compareVersions, freshDeltas, type TopologyDelta } from './deltas';

describe('freshDeltas', () => {
  const del = (name: string, rv?: string): TopologyDelta => ({ type: 'node-deleted', name, ...(rv ? { rv } : {}) });

  it('drops deltas older than the snapshot held and keeps equal or newer ones', () => {
    const { events, resourceVersion } = freshDeltas('100', [del('a', '99'), del('b', '100'), del('c', '101'), del('d', '1000')]);
    expect(events).toEqual([
      { type: 'node-deleted', name: 'b' },
      { type: 'node-deleted', name: 'c' },
      { type: 'node-deleted', name: 'd' },
    ]);
    expect(resourceVersion).toBe('1000');
  });

  it('keeps deltas whose versions cannot be ordered, taking an opaque version as the latest (as the server cache does)', () => {
    const { events, resourceVersion } = freshDeltas('100', [del('a'), del('b', 'opaque')]);
    expect(events.map((e) => (e as { name: string }).name)).toEqual(['a', 'b']);
    expect(resourceVersion).toBe('opaque');
    expect(freshDeltas('100', [del('a')]).resourceVersion).toBe('100');
  });

  it('compares integer versions numerically, not as text', () => {
    expect(compareVersions('9', '10')).toBeLessThan(0);
    expect(compareVersions('10', '10')).toBe(0);
    expect(compareVersions('x', '10')).toBeUndefined();
  });
});
