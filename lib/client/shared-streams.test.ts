import { describe, expect, it } from 'vitest';
import { SharedStreams, type OpenStream, type StreamSink } from './shared-streams';
import type { StreamListener } from './topology-stream';

function fakes() {
  const opened: Array<{ cluster: string; listener: StreamListener; stopped: boolean }> = [];
  const open: OpenStream = (cluster, listener) => {
    const s = { cluster, listener, stopped: false };
    opened.push(s);
    return { start: () => undefined, stop: () => void (s.stopped = true) };
  };
  const received: string[] = [];
  const sink: StreamSink = {
    snapshot: (cluster) => received.push(`snapshot ${cluster}`),
    deltas: (cluster, batch) => received.push(`deltas ${cluster} ${batch.length}`),
    usage: (cluster) => received.push(`usage ${cluster}`),
  };
  let timers: Array<{ fn: () => void; id: number }> = [];
  let ids = 0;
  const clock = {
    setTimeout: (fn: () => void) => {
      timers.push({ fn, id: ++ids });
      return ids;
    },
    clearTimeout: (id: unknown) => void (timers = timers.filter((t) => t.id !== id)),
  };
  const fire = () => {
    const due = timers;
    timers = [];
    for (const t of due) t.fn();
  };
  return { opened, open, sink, received, clock, fire, pendingTimers: () => timers.length };
}

describe('SharedStreams', () => {
  it('opens one stream per cluster however many pages use it', () => {
    const f = fakes();
    const streams = new SharedStreams(f.open, f.sink, 1000, f.clock);
    const leave = [streams.use('a'), streams.use('a'), streams.use('b')];
    expect(f.opened.map((s) => s.cluster)).toEqual(['a', 'b']);
    for (const l of leave) l();
  });

  it('keeps the stream open across a page change: the next page takes it over before the linger ends', () => {
    const f = fakes();
    const streams = new SharedStreams(f.open, f.sink, 1000, f.clock);
    const lanes = streams.use('a');
    lanes();
    const actionPage = streams.use('a');
    f.fire();
    expect(f.opened).toHaveLength(1);
    expect(f.opened[0].stopped).toBe(false);
    actionPage();
  });

  it('closes a stream nobody used for the linger, and opens a new one for the next user', () => {
    const f = fakes();
    const streams = new SharedStreams(f.open, f.sink, 1000, f.clock);
    streams.use('a')();
    f.fire();
    expect(f.opened[0].stopped).toBe(true);
    expect(streams.get('a').getState().live).toBe('connecting');
    streams.use('a');
    expect(f.opened).toHaveLength(2);
  });

  it('passes data to the sink and tells its watchers how the stream is going', () => {
    const f = fakes();
    const streams = new SharedStreams(f.open, f.sink, 1000, f.clock);
    streams.use('a');
    const shared = streams.get('a');
    let calls = 0;
    shared.subscribe(() => calls++);
    const { listener } = f.opened[0];
    listener.progress({ synced: false } as never);
    listener.snapshot({} as never);
    listener.deltas([{} as never]);
    listener.usage({} as never);
    listener.reconnecting();
    expect(f.received).toEqual(['snapshot a', 'deltas a 1', 'usage a']);
    expect(shared.getState().live).toBe('reconnecting');
    expect(calls).toBe(3);
  });

  it('restarts on "try again": the old stream stops, a new one opens', () => {
    const f = fakes();
    const streams = new SharedStreams(f.open, f.sink, 1000, f.clock);
    streams.use('a');
    streams.get('a').restart();
    expect(f.opened.map((s) => s.stopped)).toEqual([true, false]);
  });
});
