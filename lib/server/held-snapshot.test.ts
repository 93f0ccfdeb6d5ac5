import { describe, expect, it } from 'vitest';
import { applyEvents } from '@/lib/domain/apply-event';
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { emptySnapshot } from '@/test/support/model';
import { nodeInfo, podInfo } from '@/test/support/topology';
import { HeldSnapshot } from './held-snapshot';

/** A cluster that changes by events, as the cache does: its state, a way to change it, and listeners. */
function cluster() {
  let state = emptySnapshot({ resourceVersion: '1', nodes: [nodeInfo('n1', 'm6a.large', {})] });
  let rv = 1;
  let takes = 0;
  const listeners: Array<(e: TopologyEvent, rv: string) => void> = [];
  return {
    take: (): TopologySnapshot => {
      takes++;
      return { ...state, pods: [...state.pods] };
    },
    change(event: TopologyEvent) {
      rv++;
      state = { ...applyEvents(state, [event]), resourceVersion: String(rv) };
      for (const l of listeners) l(event, String(rv));
    },
    listen: (l: (e: TopologyEvent, rv: string) => void) => listeners.push(l),
    get state() {
      return state;
    },
    get takes() {
      return takes;
    },
  };
}

const withoutVersion = (s: TopologySnapshot) => ({ ...s, resourceVersion: '' });

describe('HeldSnapshot', () => {
  it('hands out the same snapshot with the deltas since it, which bring it to the current state', () => {
    const c = cluster();
    let now = 0;
    const held = new HeldSnapshot(c.take, { maxDeltas: 100, maxAgeMs: 60_000, now: () => now });
    c.listen((e, rv) => held.record(e, rv));
    const first = held.current();
    expect(first.since).toEqual([]);
    for (let i = 0; i < 10; i++) c.change({ type: 'pod-upserted', pod: podInfo('apps', `web-${i}`, 'n1', 100, 0.1) });
    c.change({ type: 'pod-deleted', namespace: 'apps', name: 'web-3' });
    now = 30_000;
    const second = held.current();
    expect(second.snapshot).toBe(first.snapshot);
    expect(second.since.map(([, rv]) => rv)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    const replayed = applyEvents(second.snapshot, second.since.map(([e]) => e));
    expect(withoutVersion(replayed)).toEqual(withoutVersion(c.state));
    expect(c.takes).toBe(1);
    // A copy: a caller replaying the list cannot change what the next caller gets.
    second.since.length = 0;
    expect(held.current().since).toHaveLength(11);
  });

  it('takes a fresh snapshot when the deltas since the held one are too many to replay', () => {
    const c = cluster();
    const held = new HeldSnapshot(c.take, { maxDeltas: 3, maxAgeMs: 60_000, now: () => 0 });
    c.listen((e, rv) => held.record(e, rv));
    const first = held.current();
    for (let i = 0; i < 3; i++) c.change({ type: 'pod-upserted', pod: podInfo('apps', `web-${i}`, 'n1', 100, 0.1) });
    expect(held.current().snapshot).toBe(first.snapshot);
    c.change({ type: 'pod-upserted', pod: podInfo('apps', 'web-9', 'n1', 100, 0.1) });
    const fresh = held.current();
    expect(fresh.snapshot).not.toBe(first.snapshot);
    expect(fresh.since).toEqual([]);
    expect(fresh.snapshot.pods).toHaveLength(4);
  });

  it('keeps an old snapshot that nothing has changed since, and replaces an old one that has deltas', () => {
    const c = cluster();
    let now = 0;
    const held = new HeldSnapshot(c.take, { maxDeltas: 100, maxAgeMs: 60_000, now: () => now });
    c.listen((e, rv) => held.record(e, rv));
    const first = held.current().snapshot;
    now = 120_000;
    expect(held.current().snapshot).toBe(first);
    c.change({ type: 'node-deleted', name: 'n1' });
    now = 200_000;
    const fresh = held.current();
    expect(fresh.snapshot).not.toBe(first);
    expect(fresh.snapshot.nodes).toEqual([]);
    expect(fresh.since).toEqual([]);
  });

  it('gathers nothing before a snapshot is held, and forgets on clear', () => {
    const c = cluster();
    const held = new HeldSnapshot(c.take, { maxDeltas: 100, maxAgeMs: 60_000, now: () => 0 });
    c.listen((e, rv) => held.record(e, rv));
    c.change({ type: 'node-deleted', name: 'n1' });
    expect(held.current().since).toEqual([]);
    const first = held.current().snapshot;
    held.clear();
    expect(held.current().snapshot).not.toBe(first);
  });
});
