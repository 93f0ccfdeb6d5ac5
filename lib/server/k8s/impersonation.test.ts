import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowPlainHttp } from './client';
import { apisAs, selfAccessReview } from './impersonation';

// A stand-in API server that records the raw header lines of each request: the point is what
// goes over the wire, one Impersonate-Group line per group.
let server: http.Server;
const seen: Array<{ url: string; headers: Record<string, string[]> }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headersDistinct as Record<string, string[]> });
    const allowed = (req.headersDistinct['impersonate-group'] ?? []).includes('operators');
    res.setHeader('Content-Type', 'application/json');
    if (req.url?.includes('selfsubjectaccessreviews')) {
      res.end(JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {}, status: { allowed } }));
    } else {
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cluster() {
  const kc = new KubeConfig();
  const port = (server.address() as AddressInfo).port;
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}` }],
    users: [{ name: 'app', token: 'app-token' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'app' }],
    currentContext: 'c',
  });
  return { kubeConfig: allowPlainHttp(kc) };
}

describe('apisAs', () => {
  it('sends the app credentials, the user and one header line per group', async () => {
    seen.length = 0;
    const apis = apisAs(cluster(), { user: 'otto@example.com', groups: ['operators', 'team-apps'] });
    await apis.core.readNamespace({ name: 'apps' });
    expect(seen).toHaveLength(1);
    expect(seen[0].headers['authorization']).toEqual(['Bearer app-token']);
    expect(seen[0].headers['impersonate-user']).toEqual(['otto@example.com']);
    expect(seen[0].headers['impersonate-group']).toEqual(['operators', 'team-apps']);
  });

  it('acts as the kubeconfig identity only when given no identity', async () => {
    seen.length = 0;
    await apisAs(cluster(), null).core.readNamespace({ name: 'apps' });
    expect(seen[0].headers['impersonate-user']).toBeUndefined();
    expect(seen[0].headers['impersonate-group']).toBeUndefined();
  });

  it('answers access reviews as the impersonated identity', async () => {
    expect(await selfAccessReview(apisAs(cluster(), { user: 'otto', groups: ['operators'] }), { verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'apps' })).toBe(true);
    expect(await selfAccessReview(apisAs(cluster(), { user: 'vera', groups: ['viewers'] }), { verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'apps' })).toBe(false);
  });
});
