import { describe, expect, it } from 'vitest';
import { usageAnswer, type UsageSample } from './usage-scope';
import { FULL_SCOPE } from './visibility';

const sample: UsageSample = {
  at: new Date('2026-01-01T00:00:00Z'),
  nodes: new Map([['n1', { cpuMillis: 100, memoryBytes: 1000 }]]),
  pods: new Map([
    ['apps/a', { cpuMillis: 1, memoryBytes: 10 }],
    ['team/b', { cpuMillis: 2, memoryBytes: 20 }],
  ]),
};

describe('usageAnswer', () => {
  it('gives the full scope every node and, when asked, every pod', () => {
    const answer = usageAnswer(sample, FULL_SCOPE, 'all');
    expect(answer).toEqual({
      available: true,
      at: '2026-01-01T00:00:00.000Z',
      nodes: { n1: { cpuMillis: 100, memoryBytes: 1000 } },
      pods: { scope: 'all', available: true, usage: { 'apps/a': { cpuMillis: 1, memoryBytes: 10 }, 'team/b': { cpuMillis: 2, memoryBytes: 20 } } },
    });
  });

  it('leaves pods out unless asked, and one namespace when one is asked', () => {
    expect(usageAnswer(sample, FULL_SCOPE).pods).toBeUndefined();
    expect(Object.keys(usageAnswer(sample, FULL_SCOPE, 'team').pods!.usage)).toEqual(['team/b']);
  });

  it('gives no node usage to a user who may not list nodes', () => {
    const answer = usageAnswer(sample, { nodes: false, namespaces: 'all' });
    expect(answer.nodes).toEqual({});
    expect(answer.available).toBe(false);
  });

  it("never gives the usage of a pod in a namespace the user may not list, even when asked for it", () => {
    const scope = { nodes: true, namespaces: ['apps'] };
    expect(Object.keys(usageAnswer(sample, scope, 'all').pods!.usage)).toEqual(['apps/a']);
    expect(usageAnswer(sample, scope, 'team').pods!.usage).toEqual({});
  });

  it('says when pod metrics were not read', () => {
    expect(usageAnswer({ at: sample.at, nodes: sample.nodes }, FULL_SCOPE, 'all').pods).toEqual({ scope: 'all', available: false, usage: {} });
  });
});
