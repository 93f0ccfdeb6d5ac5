import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVersion } from './version-probe';

const kubeConfigFor = (server: string) => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
};

describe('GET /version probe', () => {
  const seen: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    if (req.url === '/hang/version') return; // never answers
    if (req.url === '/refuse/version') return void res.writeHead(401).end('{}');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ major: '1', minor: '20', gitVersion: 'v1.20.15' }));
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers the version, sending the kubeconfig user credentials', async () => {
    expect(await probeVersion(kubeConfigFor(base), 1000)).toEqual({ ok: true, version: 'v1.20.15' });
    expect(seen.at(-1)).toBe('Bearer secret-token');
  });

  it('says why not: refused connection, refused credentials, no answer in time', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    expect(await probeVersion(kubeConfigFor(`http://127.0.0.1:${closed}`), 1000)).toEqual({ ok: false, reason: 'connection refused (ECONNREFUSED)' });
    expect(await probeVersion(kubeConfigFor(`${base}/refuse`), 1000)).toEqual({ ok: false, reason: 'the API server answered 401 (the credentials were refused)' });
    const started = Date.now();
    expect(await probeVersion(kubeConfigFor(`${base}/hang`), 200)).toEqual({ ok: false, reason: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
