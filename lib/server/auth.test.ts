import { afterEach, describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { authOptions, currentUser, groupsClaim, identityOfClaims, impersonationOf, kubernetesUserName, userOfToken } from './auth';

const SECRET = 's'.repeat(40);
const OIDC_ENV = {
  NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/oidc',
  NODELANES_OIDC_CLIENT_ID: 'nodelanes',
  NODELANES_OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_SECRET: SECRET,
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
};
const saved = { ...process.env };

function setEnv(vars: Record<string, string>) {
  for (const key of Object.keys(process.env)) if (key.startsWith('NODELANES_') || key.startsWith('NEXTAUTH_')) delete process.env[key];
  Object.assign(process.env, vars);
}

afterEach(() => {
  process.env = { ...saved };
});

async function requestWithSession(claims: Record<string, unknown>, secret = SECRET): Promise<Request> {
  const token = await encode({ token: claims, secret });
  return new Request('http://127.0.0.1:3000/api/clusters', { headers: { cookie: `next-auth.session-token=${token}` } });
}

describe('identity from ID token claims', () => {
  it('names the Kubernetes user by email, then preferred_username, then sub', () => {
    expect(kubernetesUserName({ sub: '42', preferred_username: 'vera', email: 'vera@example.test' })).toBe('vera@example.test');
    expect(kubernetesUserName({ sub: '42', preferred_username: 'vera', email: '' })).toBe('vera');
    expect(kubernetesUserName({ sub: '42' })).toBe('42');
    expect(kubernetesUserName({ sub: 42 })).toBeNull();
  });

  it('reads groups as a list of strings, a lone string as one group', () => {
    expect(groupsClaim(['viewers', 7, '', 'admins'])).toEqual(['viewers', 'admins']);
    expect(groupsClaim('operators')).toEqual(['operators']);
    expect(groupsClaim(undefined)).toEqual([]);
  });

  it('puts the configured prefixes before the user name and every group, as the cluster would', () => {
    expect(identityOfClaims({ sub: '42', email: 'vera@example.test', groups: ['viewers', 'viewers', 'ops'] }, { username: 'oidc:', groups: 'oidc:' })).toEqual({
      user: 'oidc:vera@example.test',
      groups: ['oidc:viewers', 'oidc:ops'],
    });
    expect(identityOfClaims({ sub: '42', groups: 'ops' })).toEqual({ user: '42', groups: ['ops'] });
  });

  it('never lets an identity provider grant Kubernetes-reserved system: names', () => {
    expect(identityOfClaims({ sub: '42', groups: ['system:masters', 'SYSTEM:nodes', 'ops'] })).toEqual({ user: '42', groups: ['ops'] });
    expect(identityOfClaims({ sub: 'system:kube-scheduler' })).toBeNull();
    expect(identityOfClaims({ sub: '42' }, { username: '', groups: 'system:' })?.groups).toEqual([]);
    expect(userOfToken({ k8sUser: 'vera', groups: ['system:masters', 'ops'] })?.groups).toEqual(['ops']);
    expect(userOfToken({ k8sUser: 'system:admin', groups: [] })).toBeNull();
  });
});

describe('currentUser', () => {
  it('is the demo operator on the zero-config sandbox', async () => {
    setEnv({ NODELANES_CLUSTER: 'sandbox' });
    const user = await currentUser(new Request('http://x/'));
    expect(user).toEqual({ name: 'demo-operator', groups: ['operators'], source: 'sandbox-demo' });
    expect(impersonationOf(user!)).toEqual({ user: 'demo-operator', groups: ['operators'] });
  });

  it('acts as the kubeconfig identity, without impersonation, only when sign-in is off', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', NODELANES_AUTH: 'off' });
    const user = await currentUser(new Request('http://x/'));
    expect(user?.source).toBe('off');
    expect(impersonationOf(user!)).toBeNull();
  });

  it('in OIDC mode is the session token’s user and groups', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    const request = await requestWithSession({ sub: '1', email: 'vera@example.test', k8sUser: 'vera@example.test', groups: ['viewers'] });
    expect(await currentUser(request)).toEqual({ name: 'vera@example.test', email: 'vera@example.test', groups: ['viewers'], source: 'oidc' });
  });

  it('leaves the request body for the route to read', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    const token = await encode({ token: { k8sUser: 'otto', groups: ['operators'] }, secret: SECRET });
    const request = new Request('http://127.0.0.1:3000/api/x', { method: 'POST', body: '{"a":1}', headers: { cookie: `next-auth.session-token=${token}` } });
    expect((await currentUser(request))?.name).toBe('otto');
    expect(await request.json()).toEqual({ a: 1 });
  });

  it('in OIDC mode is nobody without a cookie, with a token sealed by another secret, or with a token lacking a user', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    expect(await currentUser(new Request('http://x/'))).toBeNull();
    expect(await currentUser(await requestWithSession({ k8sUser: 'mallory', groups: ['admins'] }, 'o'.repeat(40)))).toBeNull();
    expect(await currentUser(await requestWithSession({ sub: '1', groups: ['admins'] }))).toBeNull();
    expect(await currentUser(new Request('http://x/', { headers: { cookie: 'next-auth.session-token=garbage' } }))).toBeNull();
  });
});

describe('authOptions', () => {
  it('discovers the issuer, asks for groups and copies the ID token claims into the session once', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV, NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/oidc/' });
    const options = authOptions();
    const provider = options.providers[0] as unknown as { wellKnown: string; authorization: { params: { scope: string } }; checks: string[] };
    expect(provider.wellKnown).toBe('http://127.0.0.1:9/oidc/.well-known/openid-configuration');
    expect(provider.authorization.params.scope).toBe('openid email profile groups');
    expect(provider.checks).toEqual(expect.arrayContaining(['pkce', 'state']));
    const jwt = options.callbacks!.jwt!;
    const signedIn = await jwt({ token: { sub: 't' }, profile: { sub: 't', preferred_username: 'tess', groups: ['team-apps'] } as never, user: {} as never, account: null });
    expect(signedIn).toMatchObject({ k8sUser: 'tess', groups: ['team-apps'] });
    // Later requests carry no profile: the token stays as it was.
    expect(await jwt({ token: signedIn, user: {} as never, account: null })).toEqual(signedIn);
  });

  it('never redirects outside the app after sign-in', async () => {
    setEnv({ ...OIDC_ENV });
    const redirect = authOptions().callbacks!.redirect!;
    const baseUrl = 'http://127.0.0.1:3000';
    expect(await redirect({ url: '/clusters/sandbox/lanes', baseUrl })).toBe(`${baseUrl}/clusters/sandbox/lanes`);
    expect(await redirect({ url: `${baseUrl}/x`, baseUrl })).toBe(`${baseUrl}/x`);
    expect(await redirect({ url: 'https://evil.example/', baseUrl })).toBe(baseUrl);
    expect(await redirect({ url: '//evil.example/', baseUrl })).toBe(baseUrl);
  });
});
