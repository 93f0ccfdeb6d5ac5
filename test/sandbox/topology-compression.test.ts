// What a client gets on the wire from GET topology and the topology stream when served as
// `next start` serves routes (test/support/next-like-server.ts: Next's compress middleware and its
// body piping): gzip when the client accepts it, decoding to the same JSON as the plain answer;
// and stream events delivered as they are written, not held back in the compressor.
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as topology } from '@/app/api/clusters/[cluster]/topology/route';
import { GET as stream } from '@/app/api/clusters/[cluster]/topology/stream/route';
import { configureUsageHub } from '@/lib/server/usage-hub';
import { serveLikeNext } from '../support/next-like-server';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  configureUsageHub({ intervalMs: 500 });
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
}, 60_000);

afterAll(async () => {
  configureUsageHub({ intervalMs: 15_000 });
  await env?.stop();
});

function get(url: string, acceptEncoding?: string): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('compressed answers on the wire', () => {
  it('sends GET topology gzipped to a client that accepts gzip, the same JSON as the plain answer', { timeout: 60_000 }, async () => {
    const server = await serveLikeNext(topology, { cluster: 'sandbox' });
    try {
      const url = `${server.base}/api/clusters/sandbox/topology`;
      // The sandbox keeps moving: the two answers are compared once they come from the same state.
      let plain!: Awaited<ReturnType<typeof get>>;
      let gzipped!: Awaited<ReturnType<typeof get>>;
      let decoded: { resourceVersion?: string } = {};
      let expected: { resourceVersion?: string } = {};
      for (let attempt = 0; attempt < 20; attempt++) {
        [plain, gzipped] = await Promise.all([get(url), get(url, 'gzip, deflate, br')]);
        expect(plain.status).toBe(200);
        expect(plain.encoding).toBeUndefined();
        expect(gzipped.encoding).toBe('gzip');
        decoded = JSON.parse(zlib.gunzipSync(gzipped.body).toString('utf8'));
        expected = JSON.parse(plain.body.toString('utf8'));
        if (decoded.resourceVersion === expected.resourceVersion) break;
      }
      expect(decoded.resourceVersion).toBe(expected.resourceVersion);
      // Each answer says when it was made (to the millisecond); everything else must be the same.
      const { generatedAt: _a, ...decodedRest } = decoded as Record<string, unknown>;
      const { generatedAt: _b, ...expectedRest } = expected as Record<string, unknown>;
      expect(decodedRest).toEqual(expectedRest);
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
    } finally {
      await server.close();
    }
  });

  it('delivers each stream event as it is written through the compressor (a small usage event is not held back)', { timeout: 60_000 }, async () => {
    const server = await serveLikeNext(stream, { cluster: 'sandbox' });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const req = http.get(`${server.base}/api/clusters/sandbox/topology/stream`, { headers: { 'Accept-Encoding': 'gzip', Accept: 'text/event-stream' } }, (res) => {
          expect(res.headers['content-encoding']).toBe('gzip');
          const gunzip = zlib.createGunzip();
          let seen = '';
          let usageEvents = 0;
          gunzip.on('data', (d: Buffer) => {
            seen += d.toString('utf8');
            usageEvents = seen.split('event: usage\n').length - 1;
            // Two usage events after the snapshot: the first could ride on the snapshot's last chunk.
            if (usageEvents >= 2) {
              req.destroy();
              resolve(seen);
            }
          });
          res.pipe(gunzip);
        });
        req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
        setTimeout(() => reject(new Error('no usage events arrived through the compressor')), 20_000);
      });
      expect(text).toMatch(/^event: snapshot\n/m);
    } finally {
      await server.close();
    }
  });
});
