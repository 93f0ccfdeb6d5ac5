import { describe, expect, it } from 'vitest';
import { UsagePoller, type PollerClock, type UsageReader } from './usage-poller';

/** A clock whose timers run only when the test moves time on. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const clock: PollerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
      await flush();
    }
    now = until;
  };
  return { clock, advance, pending: () => timers.length };
}

const flush = () => new Promise((r) => setImmediate(r));

function countingReader() {
  const counts = { nodes: 0, pods: 0 };
  const reader: UsageReader = {
    nodes: async () => {
      counts.nodes += 1;
      return { at: new Date(counts.nodes * 1000), nodes: new Map([['n1', { cpuMillis: counts.nodes, memoryBytes: 1 }]]) };
    },
    pods: async () => {
      counts.pods += 1;
      return new Map([['apps/a', { cpuMillis: counts.pods, memoryBytes: 1 }]]);
    },
  };
  return { reader, counts };
}

describe('UsagePoller', () => {
  it('reads once per interval however many follow it, and gives each the same samples', async () => {
    const { clock, advance } = manualClock();
    const { reader, counts } = countingReader();
    const poller = new UsagePoller(reader, clock, 1000);
    const seen: number[][] = [[], [], []];
    const stops = seen.map((list) => poller.follow((s) => list.push(s.nodes!.get('n1')!.cpuMillis)));
    await flush();
    await advance(3000);
    expect(counts.nodes).toBe(4);
    expect(counts.pods).toBe(0);
    expect(seen).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    for (const stop of stops) stop();
  });

  it('gives a late follower the last sample at once, without reading again', async () => {
    const { clock, advance } = manualClock();
    const { reader, counts } = countingReader();
    const poller = new UsagePoller(reader, clock, 1000);
    poller.follow(() => undefined);
    await flush();
    await advance(500);
    const seen: number[] = [];
    poller.follow((s) => seen.push(s.nodes!.get('n1')!.cpuMillis));
    expect(seen).toEqual([1]);
    expect(counts.nodes).toBe(1);
  });

  it('answers requests from the fresh sample, and reads pod metrics only once asked for', async () => {
    const { clock, advance } = manualClock();
    const { reader, counts } = countingReader();
    const poller = new UsagePoller(reader, clock, 1000);
    await poller.read(false);
    await poller.read(false);
    expect(counts).toEqual({ nodes: 1, pods: 0 });
    const withPods = await poller.read(true);
    expect(withPods.pods?.get('apps/a')).toEqual({ cpuMillis: 1, memoryBytes: 1 });
    expect(counts).toEqual({ nodes: 2, pods: 1 });
    await poller.read(true);
    expect(counts).toEqual({ nodes: 2, pods: 1 });
    await advance(1000);
    expect(counts).toEqual({ nodes: 3, pods: 2 });
  });

  it('a request for pods while a reading without them is under way gets a reading with them', async () => {
    const { clock } = manualClock();
    const { reader, counts } = countingReader();
    const poller = new UsagePoller(reader, clock, 1000);
    const [nodesOnly, withPods] = await Promise.all([poller.read(false), poller.read(true)]);
    expect(nodesOnly.pods).toBeUndefined();
    expect(withPods.pods).toBeDefined();
    expect(counts.pods).toBe(1);
  });

  it('stops reading when nobody follows and nobody asked for two intervals', async () => {
    const { clock, advance, pending } = manualClock();
    const { reader, counts } = countingReader();
    const poller = new UsagePoller(reader, clock, 1000);
    const stop = poller.follow(() => undefined);
    await flush();
    await advance(2000);
    stop();
    await advance(10_000);
    const afterIdle = counts.nodes;
    expect(afterIdle).toBeLessThanOrEqual(6);
    expect(pending()).toBe(0);
    expect(poller.active).toBe(false);
    await advance(10_000);
    expect(counts.nodes).toBe(afterIdle);
  });

  it('keeps polling after a failed reading while someone follows', async () => {
    const { clock, advance } = manualClock();
    let fail = true;
    const { reader, counts } = countingReader();
    const flaky: UsageReader = { ...reader, nodes: () => (fail ? Promise.reject(new Error('503')) : reader.nodes()) };
    const poller = new UsagePoller(flaky, clock, 1000);
    const seen: unknown[] = [];
    poller.follow((s) => seen.push(s));
    await flush();
    fail = false;
    await advance(1000);
    expect(seen).toHaveLength(1);
    expect(counts.nodes).toBe(1);
  });
});
