import { describe, expect, it } from 'vitest';
import { affinityAllows, allows, allowsAll, selectorAllows, selectorRequirements, explainIncompatibility, podPoolIncompatibilities, termSelects, tolerates, untoleratedTaints, type PoolShape, type Requirement } from './requirements';

const aiMl: PoolShape = {
  name: 'ai-ml',
  labels: { 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class', team: 'ml' },
  requirements: [
    { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
    { key: 'eks.amazonaws.com/instance-cpu', operator: 'Gt', values: ['1'] },
  ],
  taints: [],
};

const system: PoolShape = {
  name: 'system',
  labels: { 'karpenter.sh/nodepool': 'system', 'eks.amazonaws.com/nodeclass': 'default' },
  requirements: [],
  taints: [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }],
};

describe('allows', () => {
  it('implements every operator', () => {
    expect(allows({ key: 'k', operator: 'In', values: ['a', 'b'] }, 'b')).toBe(true);
    expect(allows({ key: 'k', operator: 'In', values: ['a'] }, undefined)).toBe(false);
    expect(allows({ key: 'k', operator: 'NotIn', values: ['a'] }, 'a')).toBe(false);
    expect(allows({ key: 'k', operator: 'NotIn', values: ['a'] }, undefined)).toBe(true);
    expect(allows({ key: 'k', operator: 'Exists' }, '')).toBe(true);
    expect(allows({ key: 'k', operator: 'Exists' }, undefined)).toBe(false);
    expect(allows({ key: 'k', operator: 'DoesNotExist' }, undefined)).toBe(true);
    expect(allows({ key: 'k', operator: 'DoesNotExist' }, 'x')).toBe(false);
    expect(allows({ key: 'k', operator: 'Gt', values: ['4'] }, '8')).toBe(true);
    expect(allows({ key: 'k', operator: 'Gt', values: ['4'] }, '4')).toBe(false);
    expect(allows({ key: 'k', operator: 'Lt', values: ['4'] }, '2')).toBe(true);
    expect(allows({ key: 'k', operator: 'Lt', values: ['4'] }, 'two')).toBe(false);
  });
});

describe('required node affinity', () => {
  const node = { name: 'i-0abc', labels: { team: 'ml', 'topology.kubernetes.io/zone': 'us-east-1a' } };
  const named = (operator: 'In' | 'NotIn', name: string): Requirement => ({ key: 'metadata.name', operator, values: [name], field: true });

  it('ANDs the requirements of a term and ORs the terms', () => {
    const ml: Requirement = { key: 'team', operator: 'In', values: ['ml'] };
    const zoneB: Requirement = { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1b'] };
    expect(termSelects([ml], node)).toBe(true);
    expect(termSelects([ml, zoneB], node)).toBe(false);
    expect(affinityAllows([[ml, zoneB], [ml]], node)).toBe(true);
    expect(affinityAllows([[zoneB]], node)).toBe(false);
  });

  it('lets every node through without terms, and no node through an empty term', () => {
    expect(affinityAllows(undefined, node)).toBe(true);
    expect(affinityAllows([], node)).toBe(true);
    expect(termSelects([], node)).toBe(false);
    expect(affinityAllows([[]], node)).toBe(false);
  });

  it('reads a matchFields requirement against the node name, not its labels', () => {
    expect(termSelects([named('In', 'i-0abc')], node)).toBe(true);
    expect(termSelects([named('In', 'i-0def')], node)).toBe(false);
    expect(termSelects([named('NotIn', 'i-0abc')], node)).toBe(false);
    expect(termSelects([named('NotIn', 'i-0def')], node)).toBe(true);
    // A label called metadata.name does not stand in for the name.
    expect(termSelects([named('In', 'x')], { name: 'i-0abc', labels: { 'metadata.name': 'x' } })).toBe(false);
  });
});

describe('tolerations', () => {
  it('matches taints like Kubernetes', () => {
    const taint = { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' };
    expect(tolerates([{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }], taint)).toBe(true);
    expect(tolerates([{ key: 'workload', operator: 'Equal', value: 'other' }], taint)).toBe(false);
    expect(tolerates([{ key: 'workload', operator: 'Exists' }], taint)).toBe(true);
    expect(tolerates([{ operator: 'Exists' }], taint)).toBe(true);
    expect(tolerates([{ key: 'workload', operator: 'Exists', effect: 'NoExecute' }], taint)).toBe(false);
    expect(untoleratedTaints([], [{ key: 'soft', effect: 'PreferNoSchedule' }])).toEqual([]);
  });
});

describe('podPoolIncompatibilities', () => {
  it('accepts a pod pinned to the pool by node class or pool name', () => {
    expect(podPoolIncompatibilities({ nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' } }, aiMl)).toEqual([]);
    expect(podPoolIncompatibilities({ nodeSelector: { 'karpenter.sh/nodepool': 'ai-ml' } }, aiMl)).toEqual([]);
  });

  it('rejects a pod pinned to another class', () => {
    const problems = podPoolIncompatibilities({ nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default' } }, aiMl);
    expect(problems).toEqual([{ kind: 'label-mismatch', key: 'eks.amazonaws.com/nodeclass', wanted: 'eks.amazonaws.com/nodeclass=default', has: 'ai-ml-node-class' }]);
  });

  it('rejects the wrong node-class key: no pool defines it', () => {
    const problems = podPoolIncompatibilities({ nodeSelector: { 'eks.amazonaws.com/node-class': 'ai-ml-node-class' } }, aiMl);
    expect(problems.map(explainIncompatibility)).toEqual(['label "eks.amazonaws.com/node-class" does not have known values']);
  });

  it('lets well-known labels through when the pool allows the value', () => {
    expect(podPoolIncompatibilities({ nodeSelector: { 'node.kubernetes.io/instance-type': 'c6a.large' } }, aiMl)).toEqual([]);
    expect(podPoolIncompatibilities({ nodeSelector: { 'topology.kubernetes.io/zone': 'us-east-1b' } }, aiMl)).toEqual([]);
    expect(podPoolIncompatibilities({ nodeSelector: { 'node.kubernetes.io/instance-type': 'g5.xlarge' } }, aiMl)[0]?.kind).toBe('requirement');
    expect(podPoolIncompatibilities({ nodeSelector: { 'karpenter.sh/capacity-type': 'spot' } }, aiMl)[0]?.kind).toBe('requirement');
  });

  it('finds no new node for an empty affinity term, nor for a term that names nodes', () => {
    expect(podPoolIncompatibilities({ affinityTerms: [[]] }, aiMl).map(explainIncompatibility)).toEqual(['an empty node selector term selects no node']);
    const named = (operator: 'In' | 'NotIn'): Requirement => ({ key: 'metadata.name', operator, values: ['i-0abc'], field: true });
    expect(podPoolIncompatibilities({ affinityTerms: [[named('In')]] }, aiMl)).toHaveLength(1);
    expect(podPoolIncompatibilities({ affinityTerms: [[named('NotIn')]] }, aiMl)).toEqual([]);
    // Another term can still be met: terms are ORed.
    expect(podPoolIncompatibilities({ affinityTerms: [[], [{ key: 'team', operator: 'In', values: ['ml'] }]] }, aiMl)).toEqual([]);
  });

  it('intersects numeric bounds', () => {
    const term = [{ key: 'eks.amazonaws.com/instance-cpu', operator: 'Lt' as const, values: ['8'] }];
    expect(podPoolIncompatibilities({ affinityTerms: [term] }, aiMl)).toEqual([]);
    const impossible = [{ key: 'eks.amazonaws.com/instance-cpu', operator: 'Lt' as const, values: ['1'] }];
    expect(podPoolIncompatibilities({ affinityTerms: [impossible] }, aiMl)).toHaveLength(1);
  });

  it('needs only one affinity term to fit', () => {
    const terms = [
      [{ key: 'team', operator: 'In' as const, values: ['web'] }],
      [{ key: 'team', operator: 'In' as const, values: ['ml'] }],
    ];
    expect(podPoolIncompatibilities({ affinityTerms: terms }, aiMl)).toEqual([]);
  });

  it('keeps untolerating pods off tainted pools', () => {
    expect(podPoolIncompatibilities({}, system).map(explainIncompatibility)).toEqual(['did not tolerate taint CriticalAddonsOnly:NoSchedule']);
    expect(podPoolIncompatibilities({ tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] }, system)).toEqual([]);
  });

  it('satisfies absence requirements on labels the pool does not set', () => {
    expect(podPoolIncompatibilities({ affinityTerms: [[{ key: 'gpu', operator: 'DoesNotExist' }]] }, aiMl)).toEqual([]);
  });
});

describe('selectorAllows', () => {
  it('answers as the In requirements a nodeSelector stands for', () => {
    const labels = { zone: 'a', arch: 'arm64', empty: '' };
    const selectors: (Record<string, string> | undefined)[] = [undefined, {}, { zone: 'a' }, { zone: 'b' }, { zone: 'a', arch: 'arm64' }, { zone: 'a', gpu: 'true' }, { empty: '' }, { missing: '' }];
    for (const selector of selectors) expect(selectorAllows(selector, labels)).toBe(allowsAll(selectorRequirements(selector), labels));
    expect(selectors.map((selector) => selectorAllows(selector, labels))).toEqual([true, true, true, false, true, false, true, false]);
  });
});
