import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TopologyEvent } from '@/lib/domain/model';
import { emptySnapshot, eventInfo, nodeInfo } from '@/test/support/model';
import { MAX_EVENTS, Ring, followHistory, forgetHistory, historyOf, samplePools } from './review-history';

const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'node.kubernetes.io/instance-type': 'c6a.large' };
const NG = { 'eks.amazonaws.com/nodegroup': 'general-pool', 'node.kubernetes.io/instance-type': 't3.medium' };

afterEach(() => {
  forgetHistory();
  vi.useRealTimers();
});

describe('Ring', () => {
  it('keeps the newest items, oldest first', () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
  });
});

describe('review history', () => {
  it('samples nodes and cost per pool at start and after node changes, and keeps disruption Events only', () => {
    vi.useFakeTimers();
    let listener: ((e: TopologyEvent) => void) | undefined;
    let t = 1_000;
    const source = {
      snapshot: () =>
        emptySnapshot({
          nodes: [nodeInfo('a', GP), nodeInfo('b', GP), nodeInfo('ng-1', NG)],
          events: [eventInfo('default', 'a.1', { reason: 'Scheduled' }), eventInfo('default', 'a.2', { reason: 'Launched', involved: { kind: 'NodeClaim', name: 'gp-a' } })],
        }),
      subscribe: (l: (e: TopologyEvent) => void) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    followHistory('c1', source, () => t);
    let h = historyOf('c1');
    expect(h.since).toBe(1_000);
    expect(h.samples).toHaveLength(1);
    expect(h.samples[0].pools['general-purpose'].nodes).toBe(2);
    expect(h.samples[0].pools['general-pool'].hourly).toBeCloseTo(0.0416, 6);
    expect(h.events.map((e) => e.reason)).toEqual(['Launched']);

    // A burst of node changes is one sample.
    t = 5_000;
    listener!({ type: 'node-deleted', name: 'a' });
    listener!({ type: 'node-deleted', name: 'b' });
    listener!({ type: 'event-upserted', event: eventInfo('default', 'a.3', { reason: 'RemovingNode', involved: { kind: 'Node', name: 'a' } }) });
    listener!({ type: 'event-upserted', event: eventInfo('default', 'a.3', { reason: 'RemovingNode', involved: { kind: 'Node', name: 'a' } }) });
    vi.advanceTimersByTime(1_000);
    h = historyOf('c1');
    expect(h.samples).toHaveLength(2);
    expect(h.samples[1]).toEqual({ t: 5_000, pools: samplePools([nodeInfo('ng-1', NG)]) });
    expect(h.events.map((e) => e.reason)).toEqual(['Launched', 'RemovingNode']);
    // The same verdict about the same object, reported again under a new Event, is not a new line.
    const blocked = (name: string, message: string) =>
      listener!({ type: 'event-upserted', event: eventInfo('default', name, { reason: 'DisruptionBlocked', message, involved: { kind: 'NodeClaim', name: 'gp-b' } }) });
    blocked('b.1', 'Cannot disrupt NodeClaim: budget');
    blocked('b.2', 'Cannot disrupt NodeClaim: budget');
    blocked('b.3', 'Cannot disrupt NodeClaim: PDB apps/db');
    expect(historyOf('c1').events.map((e) => e.message).slice(-2)).toEqual(['Cannot disrupt NodeClaim: budget', 'Cannot disrupt NodeClaim: PDB apps/db']);
  });

  it('keeps at most MAX_EVENTS disruption Events', () => {
    const events = Array.from({ length: MAX_EVENTS + 10 }, (_, i) => eventInfo('default', `e.${i}`, { reason: 'Evicted', message: `Evicted pod apps/p-${i}`, lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
    followHistory('c2', { snapshot: () => emptySnapshot({ events }), subscribe: () => () => undefined });
    const kept = historyOf('c2').events;
    expect(kept).toHaveLength(MAX_EVENTS);
    expect(kept[kept.length - 1].name).toBe(`e.${MAX_EVENTS + 9}`);
  });
});
