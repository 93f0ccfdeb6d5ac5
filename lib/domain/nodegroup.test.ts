import { describe, expect, it } from 'vitest';
import { accountOfArn, eksctlCommand, nodeRoleArn, preflightNodegroup, type NodegroupIntent } from './nodegroup';

const intent: NodegroupIntent = { name: 'gpu', nodeRole: 'NodeRole', instanceTypes: ['m6a.xlarge', 'c6a.large'], scaling: { minSize: 0, maxSize: 4, desiredSize: 1 } };

describe('node group intent', () => {
  it('resolves a role name in the cluster account and keeps an ARN', () => {
    expect(accountOfArn('arn:aws:eks:us-east-1:111122223333:cluster/sandbox')).toBe('111122223333');
    expect(nodeRoleArn('NodeRole', '111122223333')).toBe('arn:aws:iam::111122223333:role/NodeRole');
    expect(nodeRoleArn('arn:aws:iam::444455556666:role/x', '111122223333')).toBe('arn:aws:iam::444455556666:role/x');
    expect(() => nodeRoleArn('NodeRole', undefined)).toThrow(/give the role's ARN/);
  });

  it('writes eksctl flags for several types, spot, subnets and quoted labels', () => {
    expect(eksctlCommand({ ...intent, capacityType: 'SPOT', subnets: ['subnet-0a1b2c3d'], labels: { team: 'ml', note: 'a b' } }, 'prod')).toBe(
      "eksctl create nodegroup --cluster prod --name gpu --instance-types m6a.xlarge,c6a.large --nodes 1 --nodes-min 0 --nodes-max 4 --node-labels 'team=ml,note=a b' --subnet-ids subnet-0a1b2c3d --spot --managed",
    );
  });

  it('checks sizes, types, architecture and names before EKS would', () => {
    const codes = (i: NodegroupIntent, existing: string[] = []) => preflightNodegroup(i, { existing, clusterSubnets: ['subnet-0a1b2c3d'] }).filter((f) => f.level !== 'info').map((f) => `${f.level}:${f.code}:${f.field}`);
    expect(codes(intent)).toEqual([]);
    expect(codes({ ...intent, scaling: { minSize: 2, maxSize: 4, desiredSize: 1 } })).toEqual(['error:scaling:scaling.desiredSize']);
    expect(codes({ ...intent, instanceTypes: ['x1.nope'] }, ['gpu'])).toEqual(['error:exists:name', 'error:unknown-instance-type:instanceTypes']);
    expect(codes({ ...intent, subnets: ['subnet-ffffffff'] })).toEqual(['warning:foreign-subnet:subnets']);
  });
});
