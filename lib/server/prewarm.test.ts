import { describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchWithHost, ownBase, prewarm, prewarmPaths } from './prewarm';
import { clusterParam } from './route';

describe('prewarming the pages', () => {
  it('waits for the server to listen, then asks for each page once, following no redirect', async () => {
    const asked: Array<[string, RequestInit | undefined]> = [];
    let refusals = 3;
    const fetch = (async (url: string, init?: RequestInit) => {
      if (refusals-- > 0) throw new TypeError('fetch failed: ECONNREFUSED');
      asked.push([url, init]);
      return new Response('', { status: url.endsWith('/lanes') ? 307 : 200 });
    }) as unknown as typeof globalThis.fetch;
    const answered = await prewarm(['/signin', '/clusters/sandbox/lanes'], { base: 'http://127.0.0.1:3000', fetch, sleep: async () => {} });
    expect(answered).toEqual(['/signin', '/clusters/sandbox/lanes']);
    expect(asked.map(([url]) => url)).toEqual(['http://127.0.0.1:3000/signin', 'http://127.0.0.1:3000/clusters/sandbox/lanes']);
    expect(asked.every(([, init]) => init?.redirect === 'manual')).toBe(true);
  });

  it('gives up quietly when the server never listens', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof globalThis.fetch;
    await expect(prewarm(['/signin'], { base: 'http://127.0.0.1:1', fetch, waitMs: 0, sleep: async () => {} })).resolves.toEqual([]);
  });

  it('asks itself on loopback when the server listens on every address', () => {
    expect(ownBase({ PORT: '3000', HOSTNAME: '0.0.0.0' })).toBe('http://127.0.0.1:3000');
    expect(ownBase({})).toBe('http://127.0.0.1:3000');
    expect(ownBase({ PORT: '8080', HOSTNAME: '::' })).toBe('http://127.0.0.1:8080');
    expect(ownBase({ PORT: '8080', HOSTNAME: '10.0.0.7' })).toBe('http://10.0.0.7:8080');
    expect(ownBase({ PORT: '8080', HOSTNAME: 'fd00::7' })).toBe('http://[fd00::7]:8080');
  });

  it('asks with the Host it is given, since a server listening on every address does not answer 127.0.0.1', async () => {
    const hosts: string[] = [];
    const server = http.createServer((req, res) => {
      hosts.push(`${req.headers.host} ${req.url}`);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await prewarm(['/signin', '/x'], { base, host: 'nodelanes.corp.example', sleep: async () => {} })).toEqual(['/signin', '/x']);
      expect(hosts).toEqual(['nodelanes.corp.example /signin', 'nodelanes.corp.example /x']);
      await expect(fetchWithHost('a.example')('http://127.0.0.1:1/')).rejects.toThrow();
    } finally {
      server.close();
    }
  });

  it('loads the lanes page\'s API routes too, with a cluster id every route refuses before its handler', () => {
    const api = prewarmPaths().filter((path) => path.startsWith('/api/'));
    expect(api.map((path) => path.split('/').slice(4).join('/'))).toEqual(['topology/stream', 'me']);
    for (const path of api) {
      const cluster = decodeURIComponent(path.split('/')[3]);
      expect(clusterParam.safeParse({ cluster }).success).toBe(false);
    }
  });
});
