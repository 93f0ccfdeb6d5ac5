import { describe, expect, it } from 'vitest';
import { evictionDelaySeconds, readinessTaintKey, withReadinessTaints } from './noexecute';

const defaults = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('NoExecute eviction', () => {
  it('never evicts for NoSchedule taints or without taints', () => {
    expect(evictionDelaySeconds([], defaults)).toBeUndefined();
    expect(evictionDelaySeconds([{ key: 'k', value: 'v', effect: 'NoSchedule' }], [])).toBeUndefined();
  });

  it('evicts at once for an untolerated NoExecute taint', () => {
    expect(evictionDelaySeconds([{ key: 'k', value: 'v', effect: 'NoExecute' }], defaults)).toBe(0);
  });

  it('waits for the shortest tolerationSeconds of the tolerations used', () => {
    const taints = [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'k', value: 'v', effect: 'NoExecute' },
    ];
    const tolerations = [...defaults, { key: 'k', operator: 'Equal' as const, value: 'v', effect: 'NoExecute', tolerationSeconds: 60 }];
    expect(evictionDelaySeconds(taints, tolerations)).toBe(60);
    expect(evictionDelaySeconds(taints.slice(0, 1), tolerations)).toBe(300);
  });

  it('never evicts when a used toleration has no tolerationSeconds, and at once for a negative one', () => {
    const taint = [{ key: 'k', value: 'v', effect: 'NoExecute' }];
    expect(evictionDelaySeconds(taint, [{ key: 'k', operator: 'Exists' }])).toBeUndefined();
    expect(evictionDelaySeconds(taint, [{ operator: 'Exists' }])).toBeUndefined();
    expect(evictionDelaySeconds(taint, [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -5 }])).toBe(0);
    expect(evictionDelaySeconds(taint, [{ key: 'k', operator: 'Equal', value: 'other', effect: 'NoExecute' }])).toBe(0);
  });
});

describe('readiness taints', () => {
  it('maps Ready False to not-ready and Unknown to unreachable', () => {
    expect(readinessTaintKey('False')).toBe('node.kubernetes.io/not-ready');
    expect(readinessTaintKey('Unknown')).toBe('node.kubernetes.io/unreachable');
    expect(readinessTaintKey('True')).toBeUndefined();
  });

  it('adds both effects, swaps not-ready for unreachable, removes them once Ready, keeps other taints', () => {
    const other = { key: 'workload', value: 'ai', effect: 'NoSchedule' };
    const notReady = withReadinessTaints([other], 'False', 'T1');
    expect(notReady).toEqual([other, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'T1' }]);
    expect(withReadinessTaints(notReady, 'False', 'T2')).toEqual(notReady);
    expect(withReadinessTaints(notReady, 'Unknown', 'T3')).toEqual([other, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'T3' }]);
    expect(withReadinessTaints(notReady, 'True', 'T4')).toEqual([other]);
  });
});
