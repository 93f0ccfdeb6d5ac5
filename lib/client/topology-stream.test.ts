import { describe, expect, it } from 'vitest';
import { emptySnapshot, podInfo } from '@/test/support/model';
import { nodeInfo } from '@/test/support/topology';
import { appliedDeltas } from './applied-deltas';
import { withDeltas } from './topology-stream';

describe('withDeltas', () => {
  const held = emptySnapshot({ resourceVersion: '100', nodes: [nodeInfo('a', 'm5.large', {})] });

  it('applies the deltas newer than the snapshot and moves its resourceVersion to the newest applied', () => {
    const next = withDeltas(held, [
      { type: 'node-upserted', node: nodeInfo('b', 'm5.large', {}), rv: '101' },
      { type: 'node-deleted', name: 'a', rv: '102' },
    ]);
    expect(next.nodes.map((n) => n.name)).toEqual(['b']);
    expect(next.resourceVersion).toBe('102');
  });

  it('drops a delta older than the snapshot: it came from a stream since replaced', () => {
    const next = withDeltas(held, [{ type: 'node-deleted', name: 'a', rv: '99' }]);
    expect(next.nodes.map((n) => n.name)).toEqual(['a']);
    expect(next.resourceVersion).toBe('100');
  });

  it('counts the deltas it applied, pods apart, and not those it dropped (the browser benchmark reads the count)', () => {
    const before = { ...appliedDeltas() };
    withDeltas(held, [
      { type: 'pod-upserted', pod: podInfo('ns', 'p1', 'a'), rv: '101' },
      { type: 'pod-deleted', namespace: 'ns', name: 'p0', rv: '102' },
      { type: 'node-upserted', node: nodeInfo('b', 'm5.large', {}), rv: '103' },
      { type: 'pod-upserted', pod: podInfo('ns', 'p2', 'a'), rv: '99' },
    ]);
    expect(appliedDeltas().pods - before.pods).toBe(2);
    expect(appliedDeltas().all - before.all).toBe(3);
  });
});
