import { describe, expect, it } from 'vitest';
import { involvedObjectSelector, readObjectEvents } from './object-events';

const event = (namespace: string, name: string, lastTimestamp: string) => ({
  metadata: { namespace, name },
  involvedObject: { kind: 'Pod', namespace, name: 'web-1' },
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
  type: 'Warning',
  count: 3,
  lastTimestamp,
});

function fakeCore(items: unknown[], continueToken?: string) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const list = (how: string) => async (args: Record<string, unknown>) => {
    calls.push([how, args]);
    return { items, metadata: { _continue: continueToken } };
  };
  return { calls, apis: { core: { listNamespacedEvent: list('namespaced'), listEventForAllNamespaces: list('all') } } as never };
}

describe('readObjectEvents', () => {
  it('asks a pod’s namespace with the involvedObject selector and answers newest first', async () => {
    const { calls, apis } = fakeCore([event('apps', 'b', '2026-12-06T10:00:00Z'), event('apps', 'a', '2026-12-06T12:00:00Z'), event('apps', 'c', '2026-12-06T10:00:00Z')]);
    const answer = await readObjectEvents(apis, { kind: 'Pod', namespace: 'apps', name: 'web-1' });
    expect(calls).toEqual([['namespaced', { namespace: 'apps', fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=web-1,involvedObject.namespace=apps', limit: 500 }]]);
    expect(answer.events.map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(answer.events[0]).toMatchObject({ reason: 'BackOff', type: 'Warning', count: 3, involved: { kind: 'Pod', namespace: 'apps', name: 'web-1' } });
    expect(answer.truncated).toBe(false);
  });

  it('looks for a node’s events in every namespace, and says when the list went on', async () => {
    const { calls, apis } = fakeCore([], 'more');
    const answer = await readObjectEvents(apis, { kind: 'Node', name: 'i-0abc' });
    expect(calls).toEqual([['all', { fieldSelector: 'involvedObject.kind=Node,involvedObject.name=i-0abc', limit: 500 }]]);
    expect(answer).toEqual({ events: [], truncated: true });
  });

  it('spells the selector as kubectl takes it', () => {
    expect(involvedObjectSelector({ kind: 'Node', name: 'n1' })).toBe('involvedObject.kind=Node,involvedObject.name=n1');
  });
});
