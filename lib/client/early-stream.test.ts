import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gzipSync } from 'node:zlib';
import { earlyStreamScript, takeEarlyStream, topologyStreamUrl, unpackColumns } from './early-stream';

const RealDecompressionStream = globalThis.DecompressionStream;

/** Enough of the browser's EventSource to run the inline script and take its stream over. */
class FakeEventSource {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 0;
  private listeners = new Map<string, Set<(e: { type: string; data: string }) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: { type: string; data: string }) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(fn);
  }
  removeEventListener(type: string, fn: (e: { type: string; data: string }) => void) {
    this.listeners.get(type)?.delete(fn);
  }
  dispatch(type: string, data: string) {
    for (const fn of this.listeners.get(type) ?? []) fn({ type, data });
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

beforeEach(() => {
  FakeEventSource.opened = [];
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('DecompressionStream', class {});
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete (globalThis as Record<string, unknown>).__nodelanesEarlyStream;
});

const runScript = (cluster: string) => new Function(earlyStreamScript(cluster))();

describe('the early topology stream', () => {
  it('opens the URL useTopology would, keeps its events in order, and is taken over once', () => {
    runScript('prod east');
    const [es] = FakeEventSource.opened;
    expect(es.url).toBe(topologyStreamUrl('prod east'));
    expect(es.url).toBe('/api/clusters/prod%20east/topology/stream?encoding=columns');
    es.dispatch('progress', '{"synced":false}');
    es.dispatch('snapshot-columns', 'AAAA');
    es.dispatch('delta', '{"type":"stale"}');
    es.dispatch('unrelated', 'x');
    const taken = takeEarlyStream(topologyStreamUrl('prod east'))!;
    expect(taken.es).toBe(es);
    expect(taken.events.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'progress', data: '{"synced":false}' },
      { type: 'snapshot-columns', data: 'AAAA' },
      { type: 'delta', data: '{"type":"stale"}' },
    ]);
    // Its own listeners are gone: what comes now is the new owner's alone.
    es.dispatch('delta', 'later');
    expect(taken.events).toHaveLength(3);
    expect(takeEarlyStream(topologyStreamUrl('prod east'))).toBeUndefined();
    expect(es.readyState).not.toBe(FakeEventSource.CLOSED);
  });

  it("closes a stream opened for another cluster, or one that already failed, and hands out neither", () => {
    runScript('a');
    expect(takeEarlyStream(topologyStreamUrl('b'))).toBeUndefined();
    expect(FakeEventSource.opened[0].readyState).toBe(FakeEventSource.CLOSED);
    runScript('a');
    FakeEventSource.opened[1].close();
    expect(takeEarlyStream(topologyStreamUrl('a'))).toBeUndefined();
  });

  it('opens nothing when it runs only after the page has opened its own stream', () => {
    expect(takeEarlyStream(topologyStreamUrl('a'))).toBeUndefined();
    runScript('a');
    expect(FakeEventSource.opened).toHaveLength(0);
  });

  it('asks for plain JSON where DecompressionStream is missing, like useTopology', () => {
    vi.stubGlobal('DecompressionStream', undefined);
    runScript('a');
    expect(FakeEventSource.opened[0].url).toBe('/api/clusters/a/topology/stream');
    expect(topologyStreamUrl('a')).toBe('/api/clusters/a/topology/stream');
  });

  it('unpacks a column-wise snapshot as it arrives, with the same function useTopology uses', async () => {
    vi.stubGlobal('DecompressionStream', RealDecompressionStream);
    const value = { columns: { namespace: ['apps', 'kube-system'] }, rows: [0, 1, 1], text: '</script> & ü' };
    const data = gzipSync(JSON.stringify(value)).toString('base64');
    runScript('a');
    FakeEventSource.opened[0].dispatch('snapshot-columns', data);
    const taken = takeEarlyStream(topologyStreamUrl('a'))!;
    expect(taken.events[0].data).toBe(data);
    await expect(taken.events[0].unpacked).resolves.toEqual(value);
    await expect(unpackColumns(data)).resolves.toEqual(value);
    expect(performance.getEntriesByName('nodelanes:snapshot-unpacked')).not.toHaveLength(0);
    // Data that is not a gzip: the promise fails for the taker to handle, and nothing else breaks.
    runScript('a');
    FakeEventSource.opened[1].dispatch('snapshot-columns', 'bm90IGd6aXA=');
    await expect(takeEarlyStream(topologyStreamUrl('a'))!.events[0].unpacked).rejects.toThrow();
  });

  it('cannot be broken out of by a cluster name', () => {
    const script = earlyStreamScript('</script><script>alert(1)</script>');
    // What ends a script element's text: `</` (of `</script`) or `<!--`. The path has no `<` at all.
    expect(script).not.toMatch(/<\/|<!--/);
    expect(script.slice(script.indexOf('var url='))).not.toContain('<');
    runScript('</script>"x');
    expect(FakeEventSource.opened[0].url).toBe(topologyStreamUrl('</script>"x'));
  });
});
