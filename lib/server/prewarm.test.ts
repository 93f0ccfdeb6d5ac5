import { describe, expect, it } from 'vitest';
import { ownBase, prewarm } from './prewarm';

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
});
