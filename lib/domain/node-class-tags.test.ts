import { describe, expect, it } from 'vitest';
import { reservedTagKeyError } from './node-class-tags';

describe('reservedTagKeyError', () => {
  it.each(['kubernetes.io/cluster/sandbox', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.sh/managed-by', 'karpenter.sh/provisioner-name', 'eks.amazonaws.com/nodeclass', 'eks:eks-cluster-name', 'aws:cloudformation:stack-name', 'AWS:x'])(
    'refuses %s',
    (key) => {
      expect(reservedTagKeyError(key)).toMatch(/is restricted/);
    },
  );

  it.each(['team', 'Environment', 'karpenter.sh/discovery', 'kubernetes.io/role/internal-elb', 'eks.amazonaws.com/team', 'cost-center:eks'])('accepts %s', (key) => {
    expect(reservedTagKeyError(key)).toBeUndefined();
  });

  it('names the owner of a reserved prefix', () => {
    expect(reservedTagKeyError('aws:x')).toContain('belong to AWS');
    expect(reservedTagKeyError('eks:kubernetes-node-pool-name')).toContain('belong to EKS Auto Mode');
  });
});
