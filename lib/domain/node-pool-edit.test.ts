import { describe, expect, it } from 'vitest';
import { driftedNodes, editableOf, editedSpec, nodePoolPatch, specChanges, yamlDiff, type RawNodePoolSpec } from './node-pool-edit';

const spec: RawNodePoolSpec = {
  template: {
    spec: {
      nodeClassRef: { name: 'ai-ml' },
      requirements: [
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
        { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
      ],
    },
  },
  limits: { cpu: '64', memory: '256Gi' },
  disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s' },
};

const node = (name: string, type: string, pool = 'ai-ml') => ({ name, instanceType: type, labels: {}, terminating: false, pool: { source: 'karpenter-nodepool' as const, key: 'karpenter.sh/nodepool', name: pool } });

describe('NodePool edit', () => {
  it('replaces the instance-type requirement in place and leaves the rest untouched', () => {
    const after = editedSpec(spec, { instanceTypes: ['m6a.xlarge'] });
    expect(after.template?.spec?.requirements).toEqual([spec.template!.spec!.requirements![0], { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }]);
    expect(after.template?.spec?.nodeClassRef).toEqual({ name: 'ai-ml' });
    expect(spec.template!.spec!.requirements![1].values).toEqual(['m6a.xlarge', 'c6a.large']);
    expect(editedSpec(spec, { instanceTypes: [] }).template?.spec?.requirements).toHaveLength(1);
  });

  it('removes a limit with null and budgets with [], and patches only what changed', () => {
    const after = editedSpec({ ...spec, disruption: { ...spec.disruption, budgets: [{ nodes: '10%' }] } }, { limits: { cpu: null }, budgets: [], consolidateAfter: '30s' });
    expect(after.limits).toEqual({ memory: '256Gi' });
    expect(after.disruption?.budgets).toBeUndefined();
    expect(nodePoolPatch({ ...spec, disruption: { ...spec.disruption, budgets: [{ nodes: '10%' }] } }, after, { resourceVersion: '42' })).toEqual({
      metadata: { resourceVersion: '42' },
      spec: { limits: { cpu: null }, disruption: { budgets: null } },
    });
    expect(specChanges(spec, editedSpec(spec, { consolidationPolicy: 'WhenEmptyOrUnderutilized' }))).toEqual([]);
  });

  it('reads the editable fields with Karpenter defaults', () => {
    expect(editableOf({})).toEqual({ limits: {}, consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [] });
    expect(editableOf(spec).instanceTypes).toEqual(['m6a.xlarge', 'c6a.large']);
  });

  it('drifts only the pool\'s nodes that a changed requirement no longer admits', () => {
    const nodes = [node('a', 'c6a.large'), node('b', 'm6a.xlarge'), node('c', 'c6a.large', 'other'), { ...node('d', 'c6a.large'), terminating: true }];
    expect(driftedNodes('ai-ml', spec, editedSpec(spec, { instanceTypes: ['m6a.xlarge'] }), nodes)).toEqual([
      { name: 'a', instanceType: 'c6a.large', reason: 'node.kubernetes.io/instance-type=c6a.large is no longer allowed' },
    ]);
    // Limits and consolidation never drift a node.
    expect(driftedNodes('ai-ml', spec, editedSpec(spec, { limits: { cpu: '1' }, consolidateAfter: '1h' }), nodes)).toEqual([]);
  });

  it('diffs the YAML line by line', () => {
    const lines = yamlDiff(spec, editedSpec(spec, { consolidateAfter: '5m' })).filter((l) => l.op !== ' ');
    expect(lines).toEqual([
      { op: '-', text: '  consolidateAfter: 30s' },
      { op: '+', text: '  consolidateAfter: 5m' },
    ]);
  });
});
