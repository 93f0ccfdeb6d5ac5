import { describe, expect, it } from 'vitest';
import { pinCommand, pinnedPlacement, placementPatch, unpinnedPlacement } from './pin';

const taint = { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' as const };

describe('pinnedPlacement', () => {
  it('replaces other pool keys, keeps unrelated selectors and adds tolerations once', () => {
    const after = pinnedPlacement(
      { nodeSelector: { 'karpenter.sh/nodepool': 'general-purpose', 'kubernetes.io/arch': 'amd64' }, tolerations: [{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }] },
      { key: 'eks.amazonaws.com/nodeclass', value: 'ai-ml-node-class' },
      [taint, { key: 'gpu', effect: 'NoExecute' }, { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }],
    );
    expect(after.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' });
    expect(after.tolerations).toEqual([
      { key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' },
      { key: 'gpu', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });

  it('drops the wrong node-class key when pinning properly', () => {
    const after = pinnedPlacement({ nodeSelector: { 'eks.amazonaws.com/node-class': 'x' } }, { key: 'eks.amazonaws.com/nodeclass', value: 'x' }, []);
    expect(after.nodeSelector).toEqual({ 'eks.amazonaws.com/nodeclass': 'x' });
  });
});

describe('unpinnedPlacement', () => {
  it('removes pool keys only', () => {
    expect(unpinnedPlacement({ nodeSelector: { 'karpenter.sh/nodepool': 'ai', team: 'ml' }, tolerations: [{ key: 'a' }] })).toEqual({ nodeSelector: { team: 'ml' }, tolerations: [{ key: 'a' }] });
  });
});

describe('placementPatch', () => {
  it('nulls removed selector keys, sets new ones and sends tolerations whole when they change', () => {
    const before = { nodeSelector: { 'karpenter.sh/nodepool': 'general-purpose' } };
    const after = { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai' }, tolerations: [{ key: 'workload', operator: 'Exists' as const }] };
    expect(placementPatch(before, after, { resourceVersion: '7' })).toEqual({
      metadata: { resourceVersion: '7' },
      spec: { template: { spec: { nodeSelector: { 'karpenter.sh/nodepool': null, 'eks.amazonaws.com/nodeclass': 'ai' }, tolerations: [{ key: 'workload', operator: 'Exists' }] } } },
    });
  });

  it('is empty when nothing changes', () => {
    const same = { nodeSelector: { a: 'b' } };
    expect(placementPatch(same, same).spec.template.spec).toEqual({});
  });

  it('kubectl equivalent', () => {
    expect(pinCommand('apps', 'web', {}, { nodeSelector: { workload: 'cpu' } })).toBe(
      `kubectl patch deployment/web -n apps --type=strategic -p '{"spec":{"template":{"spec":{"nodeSelector":{"workload":"cpu"}}}}}'`,
    );
  });
});
