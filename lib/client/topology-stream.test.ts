import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '@/test/support/model';
import { nodeInfo } from '@/test/support/topology';
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
});
