// The create-node-class intent's own rules, field by field: what the form may send and the path
// each refusal names (the form shows the message beside the field with that path).
import { describe, expect, it } from 'vitest';
import { nodeClassIntent } from './node-class';

const base = { name: 'ai-ml-node-class', role: 'AmazonEKSAutoNodeRole', nodePool: { name: 'ai-ml' } };
const pool = (extra: object) => ({ ...base, nodePool: { ...base.nodePool, ...extra } });

/** The dotted paths zod refuses the intent at, as the route's error tree names them. */
function refusedPaths(body: unknown): string[] {
  const parsed = nodeClassIntent.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
}

describe('nodeClassIntent', () => {
  it('takes every field the form offers', () => {
    const body = {
      ...base,
      subnetSelectorTerms: [{ tags: { Name: 'private-*', 'kubernetes.io/role/internal-elb': '1' } }, { id: 'subnet-0123456789abcdef0' }],
      securityGroupSelectorTerms: [{ id: 'sg-0123456789abcdef0' }],
      tags: { team: 'ml', 'karpenter.sh/discovery': 'sandbox' },
      nodePool: {
        name: 'ai-ml',
        instanceCategories: ['c', 'm'],
        instanceFamilies: ['m6a'],
        instanceSizes: ['xlarge'],
        instanceGenerations: ['6'],
        capacityTypes: ['spot', 'on-demand'],
        taints: [
          { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' },
          { key: 'gpu', effect: 'NoExecute' },
        ],
        budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }, { nodes: '1', schedule: '@daily', duration: '1h30m' }],
      },
    };
    expect(refusedPaths(body)).toEqual([]);
  });

  it.each([
    ['a minute past 59', '61 * * * *'],
    ['a weekday 7', '0 9 * * 7'],
    ['an unknown weekday name', '0 9 * * mon-fry'],
    ['a range that runs backwards', '0 17-9 * * *'],
    ['a zero step', '*/0 * * * *'],
  ])('refuses a schedule with %s at its budget', (_, schedule) => {
    expect(refusedPaths(pool({ budgets: [{ nodes: '1' }, { nodes: '0', schedule, duration: '8h' }] }))).toEqual(['nodePool.budgets.1.schedule']);
  });

  it('names the parser words in the schedule refusal', () => {
    const parsed = nodeClassIntent.safeParse(pool({ budgets: [{ nodes: '0', schedule: '61 * * * *', duration: '8h' }] }));
    const issue = parsed.error?.issues.find((i) => i.path.join('.') === 'nodePool.budgets.0.schedule');
    expect(issue?.message).toMatch(/not a schedule Karpenter can read: .*above maximum/);
  });

  it('refuses a duration in days, or a schedule without one, at the duration', () => {
    expect(refusedPaths(pool({ budgets: [{ nodes: '0', schedule: '@daily', duration: '1d' }] }))).toEqual(['nodePool.budgets.0.duration']);
    expect(refusedPaths(pool({ budgets: [{ nodes: '0', schedule: '@daily' }] }))).toEqual(['nodePool.budgets.0.duration']);
  });

  it.each(['kubernetes.io/cluster/sandbox', 'karpenter.sh/nodepool', 'eks:eks-cluster-name', 'aws:team', 'eks.amazonaws.com/nodeclass'])('refuses the reserved tag key %s at the tag', (key) => {
    expect(refusedPaths({ ...base, tags: { team: 'ml', [key]: 'x' } })).toEqual([`tags.${key}`]);
  });

  it('refuses an empty tag key and more than 50 tags', () => {
    expect(refusedPaths({ ...base, tags: { '': 'x' } })).toEqual(['tags.']); // the empty key's own path
    expect(refusedPaths({ ...base, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])) })).toEqual(['tags']);
  });

  it('takes a selector term by id or by tags, exactly one of them, with the id of its own kind', () => {
    expect(refusedPaths({ ...base, subnetSelectorTerms: [{ id: 'sg-0abc' }] })).toEqual(['subnetSelectorTerms.0.id']);
    expect(refusedPaths({ ...base, securityGroupSelectorTerms: [{ id: 'subnet-0abc' }] })).toEqual(['securityGroupSelectorTerms.0.id']);
    expect(refusedPaths({ ...base, subnetSelectorTerms: [{ id: 'subnet-0abc' }, { id: 'subnet-0abd', tags: { a: 'b' } }] })).toEqual(['subnetSelectorTerms.1']);
    expect(refusedPaths({ ...base, subnetSelectorTerms: [{}] })).toEqual(['subnetSelectorTerms.0']);
    expect(refusedPaths({ ...base, subnetSelectorTerms: [{ tags: {} }] })).toEqual(['subnetSelectorTerms.0.tags']);
  });

  it('refuses two taints with the same key and effect at the second', () => {
    const taints = [
      { key: 'workload', value: 'a', effect: 'NoSchedule' },
      { key: 'workload', value: 'b', effect: 'NoExecute' },
      { key: 'workload', value: 'c', effect: 'NoSchedule' },
    ];
    expect(refusedPaths(pool({ taints }))).toEqual(['nodePool.taints.2.key']);
  });

  it('refuses a generation that is not a number', () => {
    expect(refusedPaths(pool({ instanceGenerations: ['6', 'six'] }))).toEqual(['nodePool.instanceGenerations.1']);
  });
});
