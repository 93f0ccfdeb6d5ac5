import { describe, expect, it } from 'vitest';
import { INITIAL_NODE_CLASS_FORM, nodeClassIntentOf, parseTagPairs, scheduledBudgetPath, type NodeClassFormState } from './node-class-form';

const form = (patch: Partial<NodeClassFormState>): NodeClassFormState => ({ ...INITIAL_NODE_CLASS_FORM, name: 'ai-ml-node-class', ...patch });

describe('nodeClassIntentOf', () => {
  it('sends the defaults the form opens with: the dedicating taint valued with the pool name, one budget, the default class role', () => {
    expect(nodeClassIntentOf(form({}), 'AmazonEKSAutoNodeRole')).toEqual({
      name: 'ai-ml-node-class',
      role: 'AmazonEKSAutoNodeRole',
      nodePool: {
        name: 'ai-ml',
        capacityTypes: ['on-demand'],
        taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '30s',
        budgets: [{ nodes: '10%' }],
      },
    });
  });

  it('sends every field the form offers, in the intent the server takes', () => {
    const intent = nodeClassIntentOf(
      form({
        instanceCategories: ['c', 'm'],
        instanceFamilies: ['m6a'],
        instanceSizes: ['xlarge'],
        instanceGenerations: ['6'],
        capacityTypes: ['spot', 'on-demand'],
        taints: [
          { key: 'workload', value: '', effect: 'NoSchedule' },
          { key: ' nvidia.com/gpu ', value: 'true', effect: 'NoExecute' },
        ],
        subnetTerms: [
          { by: 'tags', text: 'Name=private-*, kubernetes.io/role/internal-elb=1' },
          { by: 'id', text: ' subnet-0123456789abcdef0 ' },
        ],
        securityGroupTerms: [{ by: 'id', text: 'sg-0123456789abcdef0' }],
        tags: 'Environment=production\nTeam = platform\n',
        scheduledBudgets: [{ nodes: '0', schedule: ' 0 9 * * mon-fri ', duration: '8h', reasons: ['Underutilized'] }],
      }),
      'AmazonEKSAutoNodeRole',
    );
    expect(intent.subnetSelectorTerms).toEqual([{ tags: { Name: 'private-*', 'kubernetes.io/role/internal-elb': '1' } }, { id: 'subnet-0123456789abcdef0' }]);
    expect(intent.securityGroupSelectorTerms).toEqual([{ id: 'sg-0123456789abcdef0' }]);
    expect(intent.tags).toEqual({ Environment: 'production', Team: 'platform' });
    expect(intent.nodePool).toMatchObject({
      instanceCategories: ['c', 'm'],
      instanceFamilies: ['m6a'],
      instanceSizes: ['xlarge'],
      instanceGenerations: ['6'],
      capacityTypes: ['spot', 'on-demand'],
      taints: [
        { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' },
        { key: 'nvidia.com/gpu', value: 'true', effect: 'NoExecute' },
      ],
      budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }],
    });
    expect(intent.nodePool).not.toHaveProperty('instanceTypes');
  });

  it('leaves out what is empty: no taints, no selector terms (the default class is copied), no tags, no budget at all', () => {
    const intent = nodeClassIntentOf(form({ taints: [], budgetNodes: '', tags: '  ' }), 'R');
    expect(intent).not.toHaveProperty('subnetSelectorTerms');
    expect(intent).not.toHaveProperty('securityGroupSelectorTerms');
    expect(intent).not.toHaveProperty('tags');
    expect(intent.nodePool).not.toHaveProperty('taints');
    expect(intent.nodePool).not.toHaveProperty('budgets');
  });

  it('keeps a blank row, so the server names what is missing beside it', () => {
    const intent = nodeClassIntentOf(form({ subnetTerms: [{ by: 'tags', text: '' }], taints: [{ key: '', value: '', effect: 'NoSchedule' }] }), 'R');
    expect(intent.subnetSelectorTerms).toEqual([{ tags: {} }]);
    expect(intent.nodePool.taints).toEqual([{ key: '', value: 'ai-ml', effect: 'NoSchedule' }]);
  });
});

describe('scheduledBudgetPath', () => {
  it('counts the always-on budget in front of the scheduled rows only when there is one', () => {
    expect(scheduledBudgetPath(form({}), 0)).toBe('nodePool.budgets.1');
    expect(scheduledBudgetPath(form({ budgetNodes: '' }), 0)).toBe('nodePool.budgets.0');
    // The path names the same budget the intent carries there.
    const f = form({ scheduledBudgets: [{ nodes: '1', schedule: '@daily', duration: '1h', reasons: [] }, { nodes: '2', schedule: '@hourly', duration: '1h', reasons: [] }] });
    expect(nodeClassIntentOf(f, 'R').nodePool.budgets?.[Number(scheduledBudgetPath(f, 1).split('.').pop())]).toMatchObject({ nodes: '2' });
  });
});

describe('parseTagPairs', () => {
  it('reads comma-separated pairs, trimming, keeping `=` inside a value', () => {
    expect(parseTagPairs(' Name = private-* ,a=b=c,,')).toEqual({ Name: 'private-*', a: 'b=c' });
    expect(parseTagPairs('')).toEqual({});
  });
});
