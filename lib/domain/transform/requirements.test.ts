// The one reader of a pod's required node affinity. The dashboard's transform, the sandbox's
// scheduler and the what-if plan each had a copy; the sandbox's and the plan's ignored matchFields
// and kept an empty term, which then let every node through.
import { describe, expect, it } from 'vitest';
import { requiredAffinity, requirementsOf } from './requirements';

const affinity = (nodeSelectorTerms: unknown) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } });

describe('requiredAffinity', () => {
  it('is undefined without required node affinity', () => {
    expect(requiredAffinity(undefined)).toBeUndefined();
    expect(requiredAffinity({})).toBeUndefined();
    expect(requiredAffinity({ nodeAffinity: {} })).toBeUndefined();
    expect(requiredAffinity(affinity([]))).toBeUndefined();
  });

  it('reads each term as its matchExpressions, terms kept apart (ORed)', () => {
    expect(
      requiredAffinity(
        affinity([
          { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }] },
          { matchExpressions: [{ key: 'karpenter.sh/capacity-type', operator: 'NotIn', values: ['spot'] }, { key: 'gpu', operator: 'DoesNotExist' }] },
        ]),
      ),
    ).toEqual([
      [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }],
      [
        { key: 'karpenter.sh/capacity-type', operator: 'NotIn', values: ['spot'] },
        { key: 'gpu', operator: 'DoesNotExist' },
      ],
    ]);
  });

  it('reads matchFields on metadata.name as field requirements ANDed with the expressions', () => {
    expect(
      requiredAffinity(
        affinity([{ matchExpressions: [{ key: 'team', operator: 'Exists' }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['i-0abc'] }] }]),
      ),
    ).toEqual([
      [
        { key: 'team', operator: 'Exists' },
        { key: 'metadata.name', operator: 'NotIn', values: ['i-0abc'], field: true },
      ],
    ]);
  });

  it('keeps an empty term empty (it selects no node) rather than dropping it', () => {
    expect(requiredAffinity(affinity([{}]))).toEqual([[]]);
    expect(requiredAffinity(affinity([{ matchExpressions: [] }, { matchExpressions: [{ key: 'a', operator: 'Exists' }] }]))).toEqual([[], [{ key: 'a', operator: 'Exists' }]]);
  });

  it.each([
    ['a field other than metadata.name', { matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['false'] }] }],
    ['a field operator other than In/NotIn', { matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }],
    ['a field with two values', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }],
    ['an unknown expression operator', { matchExpressions: [{ key: 'team', operator: 'Exists' }, { key: 'zone', operator: 'Near', values: ['x'] }] }],
  ])('empties a term with %s instead of loosening it', (_, term) => {
    expect(requiredAffinity(affinity([term]))).toEqual([[]]);
  });
});

describe('requirementsOf', () => {
  it('reads NodePool requirements with minValues and leaves out malformed ones', () => {
    expect(
      requirementsOf([
        { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m6a', 'c6a'], minValues: 2 },
        { key: 'broken' },
        { operator: 'In', values: ['x'] },
      ]),
    ).toEqual([{ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m6a', 'c6a'], minValues: 2 }]);
    expect(requirementsOf(undefined)).toEqual([]);
  });
});
