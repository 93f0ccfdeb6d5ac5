import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { allowPlainHttp, leadingListMetadata, makeApis, type KubeApis } from './client';
import { listAll, type KindSpec } from './informers';
import { prefetchList } from './page-prefetch';
import { MAX_BYTES } from './prefetched-pages';

// A stand-in API server that writes a page's metadata, then holds the rest of the page until the
// next page has been asked for: a client that waits for a whole page before asking for the next
// never finishes. It also records which connection each request came on.
let server: http.Server | undefined;

async function serve(pages: number, holdUntilNextAsked: boolean, padding = ''): Promise<{ kc: KubeConfig; ports: number[]; asked: string[] }> {
  const ports: number[] = [];
  const seen: string[] = [];
  const asked = new Map<number, () => void>();
  const waiting = new Map<number, Promise<void>>();
  for (let i = 0; i < pages; i++) waiting.set(i, new Promise<void>((r) => asked.set(i, r)));
  server = http.createServer(async (req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    seen.push(`${req.headers.authorization} ${req.url}`);
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('continue') ?? 0);
    asked.get(page)?.();
    const last = page === pages - 1;
    res.setHeader('Content-Type', 'application/json');
    res.write(`{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7"${last ? '' : `,"continue":"${page + 1}"`}},"items":[`);
    if (holdUntilNextAsked && !last) await waiting.get(page + 1);
    res.end(`{"metadata":{"name":"p${page}","namespace":"n","annotations":{"pad":"${padding}"}}}]}`);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return { kc: allowPlainHttp(kc), ports, asked: seen };
}

afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

const names: KindSpec<string> = { resource: 'pods', path: '/api/v1/pods', transform: (raw) => (raw as { metadata: { name: string } }).metadata.name };

describe('listing pages', () => {
  it('asks for the next page as soon as the current one names it, before its items have arrived', async () => {
    const { kc } = await serve(4, true);
    const { items, resourceVersion } = await listAll(makeApis(kc), names, 1);
    expect([...items.values()]).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(resourceVersion).toBe('7');
  }, 10_000);

  it("reuses one connection for a list's pages", async () => {
    const { kc, ports } = await serve(5, false);
    await listAll(makeApis(kc), names, 1);
    expect(ports).toHaveLength(5);
    // With the next page asked for early, two connections may be open at once; never one per page.
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
  });

  it('keeps at most two pages in flight, however early each names the next', async () => {
    let inFlight = 0;
    let most = 0;
    const spec: KindSpec<string> = {
      ...names,
      async listPage(_apis, { continueToken, onContinue }) {
        const page = Number(continueToken ?? 0);
        const next = page < 9 ? String(page + 1) : undefined;
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => onContinue?.(next), 1);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return { items: [{ metadata: { name: `p${page}`, namespace: 'n' } }], resourceVersion: '1', continueToken: next };
      },
    };
    const { items } = await listAll({} as KubeApis, spec, 1);
    expect(items.size).toBe(10);
    expect(most).toBe(2);
  });

  it("trusts the parsed page's token over an early hint that disagrees", async () => {
    const asked: (string | undefined)[] = [];
    const spec: KindSpec<string> = {
      ...names,
      async listPage(_apis, { continueToken, onContinue }) {
        asked.push(continueToken);
        onContinue?.('wrong');
        return continueToken ? { items: [{ metadata: { name: 'b', namespace: 'n' } }], resourceVersion: '1' } : { items: [{ metadata: { name: 'a', namespace: 'n' } }], resourceVersion: '1', continueToken: 'right' };
      },
    };
    const { items } = await listAll({} as KubeApis, spec, 1);
    expect([...items.values()]).toEqual(['a', 'b']);
    expect(asked).toContain('right');
  });
});

describe('reading a list ahead', () => {
  const untilAsked = async (asked: string[], n: number) => {
    for (let i = 0; i < 200 && asked.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it("gives the informer's first list the pages read ahead, each asked for once", async () => {
    const { kc, asked } = await serve(4, false);
    prefetchList(kc, '/api/v1/pods', 1);
    await untilAsked(asked, 4);
    expect(asked).toHaveLength(4);
    // Another KubeConfig object with the same server and credentials: the server's own informers.
    const { items } = await listAll(makeApis(kc), names, 1);
    expect([...items.values()]).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(asked).toEqual(['Bearer t /api/v1/pods?limit=1', 'Bearer t /api/v1/pods?limit=1&continue=1', 'Bearer t /api/v1/pods?limit=1&continue=2', 'Bearer t /api/v1/pods?limit=1&continue=3']);
  });

  it(`holds at most about ${MAX_BYTES / 2 ** 20} MiB of pages nobody has taken, and goes on as they are taken`, async () => {
    // Pages of 7 MiB: without the bound all six would be read at once.
    const { kc, asked } = await serve(6, false, 'x'.repeat(7 * 2 ** 20));
    prefetchList(kc, '/api/v1/pods', 1);
    await untilAsked(asked, 6);
    expect(asked.length).toBeLessThan(6);
    const { items } = await listAll(makeApis(kc), names, 1);
    expect(items.size).toBe(6);
    expect(asked).toHaveLength(6);
  }, 30_000);

  it('never gives a page read ahead to another identity, or the same page twice', async () => {
    const { kc, asked } = await serve(2, false);
    prefetchList(kc, '/api/v1/pods', 1);
    await untilAsked(asked, 2);
    const other = new KubeConfig();
    other.loadFromOptions({ clusters: kc.clusters, users: [{ name: 'u', token: 'someone-else' }], contexts: kc.contexts, currentContext: kc.currentContext });
    await listAll(makeApis(allowPlainHttp(other)), names, 1);
    expect(asked.filter((a) => a.startsWith('Bearer someone-else'))).toHaveLength(2);
    await listAll(makeApis(kc), names, 1);
    await listAll(makeApis(kc), names, 1);
    // Read ahead once (2), taken by the first list of kc; the second asks the server again (2).
    expect(asked.filter((a) => a.startsWith('Bearer t '))).toHaveLength(4);
  });
});

describe('leadingListMetadata', () => {
  it("reads a list's metadata written before its items, as kube-apiserver writes it", () => {
    expect(leadingListMetadata('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"12","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ","remainingItemCount":9},"items":[{"metadata":')).toEqual({
      resourceVersion: '12',
      continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ',
      remainingItemCount: 9,
    });
  });

  it('gives up when the items come first, the head is cut before them, or the JSON is not compact', () => {
    expect(leadingListMetadata('{"items":[{"metadata":{"name":"a"}}],"metadata":{"continue":"x"}}')).toBeUndefined();
    expect(leadingListMetadata('{"kind":"PodList","metadata":{"resourceVersion":"12","conti')).toBeUndefined();
    expect(leadingListMetadata('{\n  "kind": "PodList",\n  "metadata": {"continue": "x"},\n  "items": [')).toBeUndefined();
  });
});
