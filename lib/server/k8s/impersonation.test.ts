import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowPlainHttp } from './client';
import { apisAs, selfAccessReview, userTokenKubeConfig } from './impersonation';
import { kubeErrorToAppError, UserTokenRefusedError } from './errors';

// A stand-in API server that records the raw header lines of each request: the point is what
// goes over the wire, one Impersonate-Group line per group.
let server: http.Server;
const seen: Array<{ url: string; headers: Record<string, string[]> }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headersDistinct as Record<string, string[]> });
    const allowed = (req.headersDistinct['impersonate-group'] ?? []).includes('operators');
    res.setHeader('Content-Type', 'application/json');
    if (req.headers.authorization === 'Bearer expired.id.token') {
      res.statusCode = 401;
      return void res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
    }
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

  it('in token mode sends the user\'s ID token as the only credential, with no impersonation header', async () => {
    seen.length = 0;
    await apisAs(cluster(), { user: 'otto@example.com', groups: ['operators'], bearerToken: 'id.token.otto' }).core.readNamespace({ name: 'apps' });
    expect(seen[0].headers['authorization']).toEqual(['Bearer id.token.otto']);
    expect(seen[0].headers['impersonate-user']).toBeUndefined();
    expect(seen[0].headers['impersonate-group']).toBeUndefined();
  });

  it('in token mode turns the API server\'s 401 into "sign in again", where the app\'s own refused credentials stay a 503', async () => {
    const refused = await apisAs(cluster(), { user: 'otto', groups: [], bearerToken: 'expired.id.token' }).core.readNamespace({ name: 'apps' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserTokenRefusedError);
    expect(kubeErrorToAppError(refused)).toMatchObject({ status: 401, code: 'token_expired', message: expect.stringContaining('Sign in again') });
    expect(kubeErrorToAppError({ code: 401, body: '' })).toMatchObject({ status: 503, code: 'cluster_unavailable' });
  });

  it('copies the cluster and its CA for token mode, never the server\'s user (token, certificate, exec plugin)', () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://10.0.0.1', caData: 'Y2E=', skipTLSVerify: false }],
      users: [{ name: 'app', token: 'app-token', certData: 'Y2VydA==', keyData: 'a2V5', exec: { command: 'aws' } }],
      contexts: [{ name: 'c', cluster: 'c', user: 'app' }],
      currentContext: 'c',
    });
    const out = userTokenKubeConfig(kc, 'id.token.vera');
    expect(out.getCurrentCluster()).toEqual(kc.getCurrentCluster());
    expect(out.users).toEqual([{ name: 'nodelanes-signed-in-user', token: 'id.token.vera' }]);
    expect(() => userTokenKubeConfig(kc, 'a b')).toThrow();
  });

  it('answers access reviews as the impersonated identity', async () => {
    expect(await selfAccessReview(apisAs(cluster(), { user: 'otto', groups: ['operators'] }), { verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'apps' })).toBe(true);
    expect(await selfAccessReview(apisAs(cluster(), { user: 'vera', groups: ['viewers'] }), { verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'apps' })).toBe(false);
  });
});
