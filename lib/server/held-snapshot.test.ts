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

/** Timers on a clock the test moves by hand. */
function manualClock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  return {
    now: () => now,
    setTimer(fn: () => void, ms: number) {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => !t.cancelled && t.at <= now)) {
        t.cancelled = true;
        t.fn();
      }
    },
    pending: () => timers.filter((t) => !t.cancelled).map((t) => t.at),
  };
}

describe('HeldSnapshot renewed ahead', () => {
  const setup = () => {
    const c = cluster();
    const clock = manualClock();
    const renewed: TopologySnapshot[] = [];
    const held = new HeldSnapshot(
      c.take,
      { maxDeltas: 100, maxAgeMs: 60_000, now: clock.now },
      { afterMs: 20_000, afterDeltas: 10, coalesceMs: 1_000, setTimer: clock.setTimer, onRenewed: (s) => renewed.push(s) },
    );
    c.listen((e, rv) => held.record(e, rv));
    return { c, clock, renewed, held };
  };
  const upsert = (c: ReturnType<typeof cluster>, i: number) => c.change({ type: 'pod-upserted', pod: podInfo('apps', `web-${i}`, 'n1', 100, 0.1) });

  it('renews a snapshot that has deltas once it is a while old, in the background, and says so', () => {
    const { c, clock, renewed, held } = setup();
    const first = held.current().snapshot;
    clock.advance(5_000);
    upsert(c, 1);
    expect(clock.pending()).toEqual([20_000]);
    clock.advance(14_999);
    expect(held.current().snapshot).toBe(first);
    clock.advance(1);
    expect(renewed).toHaveLength(1);
    const now = held.current();
    // The page opening now gets the renewed snapshot, already the current state, with nothing to replay.
    expect(now.snapshot).toBe(renewed[0]);
    expect(now.since).toEqual([]);
    expect(withoutVersion(now.snapshot)).toEqual(withoutVersion(c.state));
    expect(c.takes).toBe(2);
  });

  it('leaves a snapshot nothing has changed since alone', () => {
    const { clock, renewed, held } = setup();
    held.current();
    clock.advance(600_000);
    expect(renewed).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });

  it('renews soon after many deltas, once for a burst', () => {
    const { c, clock, renewed, held } = setup();
    held.current();
    for (let i = 0; i < 30; i++) upsert(c, i);
    expect(clock.pending()).toEqual([1_000]);
    clock.advance(1_000);
    expect(renewed).toHaveLength(1);
    expect(renewed[0].pods).toHaveLength(30);
    expect(held.current().since).toEqual([]);
  });

  it('stops renewing once cleared', () => {
    const { c, clock, renewed, held } = setup();
    held.current();
    upsert(c, 1);
    held.clear();
    clock.advance(60_000);
    expect(renewed).toEqual([]);
  });
});
