// DNS rebinding against the way a person runs nodelanes on a workstation: sign-in off, no
// NEXTAUTH_URL, plain http. A page on evil.example that re-points its name at this machine makes
// the browser send `Host: evil.example:<port>` and, for its writes, a matching Origin — which the
// write check alone (Origin equal to Host) would accept. The server answers only its own names.
import http from 'node:http';
import { test, expect } from './fixtures';

type Answer = { status: number; contentType: string; body: string };

/** A request as the rebound browser sends it: to this server's address, under the page's name. */
function asRebound(baseURL: string, path: string, init: { method?: string; host: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const target = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: init.method ?? 'GET', headers: { ...init.headers, host: init.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

type Deployment = { metadata: { resourceVersion: string; generation: number } };

test('a foreign Host is refused for reads and writes, and nothing changes in the cluster', async ({ baseURL, kubectl }) => {
  const port = new URL(baseURL!).port;
  const host = `evil.example:${port}`;
  const origin = `http://${host}`;

  for (const path of ['/api/clusters', '/api/clusters/sandbox/topology', '/api/clusters/sandbox/me', '/api/clusters/sandbox/topology/stream']) {
    const res = await asRebound(baseURL!, path, { host });
    expect(res.status, path).toBe(421);
    expect(JSON.parse(res.body), path).toEqual({ error: { code: 'host_not_allowed', message: expect.stringContaining('does not answer to this host name') } });
    expect(res.body).not.toContain('"nodes"');
  }
  const page = await asRebound(baseURL!, '/clusters/sandbox/lanes', { host });
  expect(page.status).toBe(421);
  expect(page.contentType).toContain('text/plain');
  expect(page.body).not.toContain('<script');

  const target = ['deployment', 'report-worker', '-n', 'apps'];
  const before = await kubectl.json<Deployment>(['get', ...target]);
  const write = await asRebound(baseURL!, '/api/clusters/sandbox/deployments/apps/report-worker/restart', {
    method: 'POST',
    host,
    headers: { origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(write.status).toBe(421);
  expect(JSON.parse(write.body).error.code).toBe('host_not_allowed');
  const after = await kubectl.json<Deployment>(['get', ...target]);
  expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

  // The same write under the server's own name goes through: the refusal above was the Host's.
  const own = await asRebound(baseURL!, '/api/clusters/sandbox/deployments/apps/report-worker/restart', {
    method: 'POST',
    host: `127.0.0.1:${port}`,
    headers: { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(own.status, own.body).toBe(200);
  expect((await kubectl.json<Deployment>(['get', ...target])).metadata.generation).toBeGreaterThan(before.metadata.generation);
});

test('probes answer any Host: a kubelet addresses the pod by its IP', async ({ baseURL }) => {
  const host = `10.0.0.7:${new URL(baseURL!).port}`;
  expect((await asRebound(baseURL!, '/api/healthz', { host })).status).toBe(200);
  expect([200, 503]).toContain((await asRebound(baseURL!, '/api/readyz', { host })).status);
  // Metrics are open on this server (no token), so they follow the host rule.
  expect((await asRebound(baseURL!, '/api/metrics', { host })).status).toBe(421);
});
