import { describe, expect, it } from 'vitest';
import { blockWords, noticeWords, pendingWords } from './what-if-findings';

const target = { key: 'workload', value: 'cpu' };

describe('what-if findings in words, from their facts', () => {
  it('says why pods stay Pending', () => {
    expect(pendingWords({ code: 'no-labelled-node', target })).toBe('no node has workload=cpu, and nothing would launch one');
    expect(pendingWords({ code: 'no-room', target, misfits: ['cpu', 'taint'] })).toBe('no node with workload=cpu has room (cpu, taint), and nothing would launch another');
    expect(pendingWords({ code: 'no-room', target, misfits: [] })).toBe('no node with workload=cpu has room (no fit), and nothing would launch another');
    expect(pendingWords({ code: 'nodegroup-too-small', group: 'ml', instanceType: 't3.small' })).toBe('does not fit a t3.small of node group ml');
    expect(pendingWords({ code: 'nodegroup-max', group: 'ml', maxSize: 3 })).toBe('node group ml is at its max size (3); raise maxSize to fit more');
    expect(pendingWords({ code: 'no-type-fits', pool: 'ai-ml' })).toBe("NodePool ai-ml: no instance type it allows fits the pod's requests");
  });

  it('says what blocks new capacity', () => {
    expect(blockWords({ code: 'limits', pool: 'ai-ml' })).toBe('NodePool ai-ml: every instance type that fits would exceed its limits');
    expect(blockWords({ code: 'no-pool', target })).toBe('Nothing launches nodes with workload=cpu: only existing nodes can take the pods.');
    expect(blockWords({ code: 'incompatible', cause: { code: 'incompatible', pool: 'gpu', problems: [{ kind: 'undefined-label', key: 'team' }] } })).toBe(
      'NodePool gpu: label "team" does not have known values',
    );
  });

  it('says what to fix before pinning', () => {
    expect(noticeWords({ code: 'no-target-nodes', target })).toBe('No node has workload=cpu and no pool would create one: the pods would stay Pending.');
    expect(noticeWords({ code: 'stranded-selector', workload: 'apps/w', selectors: [['team', 'a'], ['tier', 'b']], target })).toMatch(/^apps\/w keeps nodeSelector team=a, tier=b, which the nodes of workload=cpu do not carry/);
  });
});
