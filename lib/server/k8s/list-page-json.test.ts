import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowPlainHttp, listPageJson, statusOf } from './client';
import { kubeErrorToAppError } from './errors';

// A stand-in API server: two pages of pods, a 410 for a stale continue token, and the request
// line and headers of the last request, to see what was asked.
let server: http.Server;
let kc: KubeConfig;
let last: { url: string; auth?: string; accept?: string } | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    last = { url: req.url ?? '', auth: req.headers.authorization, accept: req.headers.accept };
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('Content-Type', 'application/json');
    if (url.searchParams.get('continue') === 'stale') {
      res.statusCode = 410;
      return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: 'The provided continue parameter is too old' }));
    }
    const first = !url.searchParams.has('continue');
    res.end(
      JSON.stringify({
        kind: 'PodList',
        metadata: { resourceVersion: '42', ...(first ? { continue: 'page-2' } : {}) },
        items: first ? [{ metadata: { name: 'a', namespace: 'n', creationTimestamp: '2026-01-01T00:00:00Z' } }] : [{ metadata: { name: 'b', namespace: 'n' } }],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}` }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  kc = allowPlainHttp(kc);
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('listPageJson', () => {
  it('reads a page as plain JSON, with the kubeconfig credentials, the limit and the continue token', async () => {
    const page = await listPageJson(kc, '/api/v1/pods', { limit: 500 });
    expect(last).toEqual({ url: '/api/v1/pods?limit=500', auth: 'Bearer secret-token', accept: 'application/json' });
    expect(page).toEqual({ resourceVersion: '42', continueToken: 'page-2', items: [{ metadata: { name: 'a', namespace: 'n', creationTimestamp: '2026-01-01T00:00:00Z' } }] });
    // Timestamps stay strings: nothing was deserialized into client-node's classes.
    expect(typeof (page.items[0] as { metadata: { creationTimestamp: unknown } }).metadata.creationTimestamp).toBe('string');

    const next = await listPageJson(kc, '/api/v1/pods', { limit: 500, continueToken: 'page-2' });
    expect(last?.url).toBe('/api/v1/pods?limit=500&continue=page-2');
    expect(next.continueToken).toBeUndefined();
    expect(next.items).toHaveLength(1);
  });

  it('throws a refusal as client-node would: the status code, and the Status body for the error mapping', async () => {
    const err = await listPageJson(kc, '/api/v1/pods', { limit: 500, continueToken: 'stale' }).catch((e: unknown) => e);
    expect(statusOf(err)).toBe(410);
    expect(kubeErrorToAppError(err)?.message).toBe('The provided continue parameter is too old');
  });
});
