import { afterEach, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { authOptions, claimMappingOf, currentUser, impersonationOf, signInPageSendsBack, userOfToken } from './auth';
import { readServerEnv } from './env';
import * as sandboxProof from './sandbox-proof';

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

/** A session's clocks as sign-in sets them (session/lifetime.ts): signed in a minute ago. */
const live = () => ({ sid: 'sid-test', signedInAt: Date.now() - 60_000, recheckAt: Date.now() + 600_000 });

async function requestWithSession(claims: Record<string, unknown>, secret = SECRET): Promise<Request> {
  const token = await encode({ token: claims, secret });
  return new Request('http://127.0.0.1:3000/api/clusters', { headers: { cookie: `next-auth.session-token=${token}` } });
}

describe('identity from ID token claims (the rules themselves: oidc-identity.test.ts)', () => {
  it('reads the claims as configured, with kube-apiserver’s default prefix for a non-email claim', () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV, NODELANES_OIDC_USERNAME_CLAIM: 'preferred_username', NODELANES_OIDC_GROUPS_CLAIM: 'roles' });
    expect(claimMappingOf(readServerEnv())).toEqual({
      issuer: 'http://127.0.0.1:9/oidc',
      usernameClaim: 'preferred_username',
      usernamePrefix: undefined,
      groupsClaim: 'roles',
      groupsPrefix: '',
    });
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV, NODELANES_OIDC_USERNAME_PREFIX: '-', NODELANES_OIDC_GROUPS_PREFIX: 'oidc:' });
    expect(claimMappingOf(readServerEnv())).toMatchObject({ usernameClaim: 'email', usernamePrefix: '-', groupsClaim: 'groups', groupsPrefix: 'oidc:' });
  });

  it('refuses a whole session whose stored user or any group breaks the name rules', () => {
    expect(userOfToken({ k8sUser: 'vera', groups: ['ops'] })).toEqual({ name: 'vera', groups: ['ops'], email: undefined, source: 'oidc' });
    expect(userOfToken({ k8sUser: 'vera', groups: ['system:masters', 'ops'] })).toBeNull();
    expect(userOfToken({ k8sUser: 'vera', groups: [' system:masters'] })).toBeNull();
    expect(userOfToken({ k8sUser: 'vera', groups: ['ops\t'] })).toBeNull();
    expect(userOfToken({ k8sUser: 'system:admin', groups: [] })).toBeNull();
    expect(userOfToken({ k8sUser: 'vera' })).toMatchObject({ name: 'vera', groups: [] });
  });
});

describe('currentUser', () => {
  it('is the demo operator on the zero-config sandbox, once the sandbox proved itself', async () => {
    const proven = vi.spyOn(sandboxProof, 'sandboxIsProven').mockResolvedValue(true);
    setEnv({ NODELANES_CLUSTER: 'sandbox', NODELANES_SANDBOX_NONCE: 'n'.repeat(43) });
    const user = await currentUser(new Request('http://x/'));
    expect(user).toEqual({ name: 'demo-operator', groups: ['operators'], source: 'sandbox-demo' });
    expect(impersonationOf(user!)).toEqual({ user: 'demo-operator', groups: ['operators'] });
    expect(proven).toHaveBeenCalledWith('.sandbox/kubeconfig', 'n'.repeat(43));
    // Anything else behind NODELANES_SANDBOX_KUBECONFIG: nobody is signed in (sandbox-proof.test.ts).
    proven.mockResolvedValue(false);
    expect(await currentUser(new Request('http://x/'))).toBeNull();
    proven.mockRestore();
  });

  it('in token mode carries the session\'s ID token, never inside the user object, and without one asks for a new sign-in', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV, NODELANES_IDENTITY: 'token' });
    const user = await currentUser(await requestWithSession({ ...live(), k8sUser: 'otto@example.test', groups: ['operators'], idToken: 'id.token.otto' }));
    expect(impersonationOf(user!)).toEqual({ user: 'otto@example.test', groups: ['operators'], bearerToken: 'id.token.otto' });
    expect(JSON.stringify(user)).not.toContain('id.token.otto');
    // A copy of the user is not the signed-in session: it gets no token, so no call at all.
    expect(() => impersonationOf({ ...user! })).toThrow(expect.objectContaining({ status: 401, code: 'session_expired' }));
    const old = await currentUser(await requestWithSession({ ...live(), k8sUser: 'otto@example.test', groups: ['operators'] }));
    expect(() => impersonationOf(old!)).toThrow(expect.objectContaining({ status: 401, code: 'session_expired' }));
    // Impersonation (the default) never sends it.
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    expect(impersonationOf(user!)).toEqual({ user: 'otto@example.test', groups: ['operators'] });
  });

  it('sends a signed-in visitor of the sign-in page back, except in token mode (the cluster may refuse the session\'s token)', () => {
    const user = { name: 'otto@example.test', groups: [], source: 'oidc' as const };
    expect(signInPageSendsBack(user, readServerEnv({}))).toBe(true);
    expect(signInPageSendsBack(null, readServerEnv({}))).toBe(false);
    expect(signInPageSendsBack(user, readServerEnv({ NODELANES_IDENTITY: 'token' }))).toBe(false);
  });

  it('acts as the kubeconfig identity, without impersonation, only when sign-in is off', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', NODELANES_AUTH: 'off' });
    const user = await currentUser(new Request('http://x/'));
    expect(user?.source).toBe('off');
    expect(impersonationOf(user!)).toBeNull();
  });

  it('in OIDC mode is the session token’s user and groups', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    const request = await requestWithSession({ sub: '1', email: 'vera@example.test', k8sUser: 'vera@example.test', groups: ['viewers'], ...live() });
    expect(await currentUser(request)).toEqual({ name: 'vera@example.test', email: 'vera@example.test', groups: ['viewers'], source: 'oidc' });
    // The same user without the session's clocks (a cookie from before they existed): nobody.
    expect(await currentUser(await requestWithSession({ sub: '1', k8sUser: 'vera@example.test', groups: ['viewers'] }))).toBeNull();
  });

  it('leaves the request body for the route to read', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    const token = await encode({ token: { k8sUser: 'otto', groups: ['operators'], ...live() }, secret: SECRET });
    const request = new Request('http://127.0.0.1:3000/api/x', { method: 'POST', body: '{"a":1}', headers: { cookie: `next-auth.session-token=${token}` } });
    expect((await currentUser(request))?.name).toBe('otto');
    expect(await request.json()).toEqual({ a: 1 });
  });

  it('in OIDC mode is nobody without a cookie, with a token sealed by another secret, or with a token lacking a user', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    expect(await currentUser(new Request('http://x/'))).toBeNull();
    expect(await currentUser(await requestWithSession({ k8sUser: 'mallory', groups: ['admins'], ...live() }, 'o'.repeat(40)))).toBeNull();
    expect(await currentUser(await requestWithSession({ sub: '1', groups: ['admins'], ...live() }))).toBeNull();
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
    const profile = { sub: 't', preferred_username: 'tess', email: 'tess@example.test', email_verified: true, groups: ['team-apps'] };
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const signedIn = await jwt({ token: { sub: 't' }, profile: { ...profile, exp } as never, user: {} as never, account: null });
    expect(signedIn).toMatchObject({ k8sUser: 'tess@example.test', groups: ['team-apps'], email: 'tess@example.test', sid: expect.stringMatching(/^[\w-]{24}$/) });
    // No refresh token: the session lasts as long as the ID token does.
    expect(signedIn.recheckAt).toBe(exp * 1000);
    expect(signedIn.refreshToken).toBeUndefined();
    const withRefresh = await jwt({ token: { sub: 't' }, profile: { ...profile, exp } as never, user: {} as never, account: { refresh_token: 'r1' } as never });
    expect(withRefresh.refreshToken).toBe('r1');
    expect(withRefresh.recheckAt).toBe(withRefresh.signedInAt! + 15 * 60_000);
    expect(withRefresh.sid).not.toBe(signedIn.sid);
    // An address the IdP has not verified is not kept as the user's (a preferred_username setup signs them in).
    const unverified = await jwt({ token: { sub: 'e', email: 'stale@example.test' }, profile: { sub: 'e', preferred_username: 'eve', email: 'ada@example.test', exp } as never, user: {} as never, account: null });
    expect(unverified.email).toBeUndefined();
    // Later requests carry no profile: the token stays as it was.
    expect(await jwt({ token: signedIn, user: {} as never, account: null })).toEqual(signedIn);
    // The ID token itself is kept only in token mode, where it is the user's credential.
    expect((await jwt({ token: { sub: 't' }, profile: { ...profile, exp } as never, user: {} as never, account: { id_token: 'id.t' } as never })).idToken).toBeUndefined();
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV, NODELANES_IDENTITY: 'token' });
    const tokenJwt = authOptions().callbacks!.jwt!;
    expect((await tokenJwt({ token: { sub: 't' }, profile: { ...profile, exp } as never, user: {} as never, account: { id_token: 'id.t' } as never })).idToken).toBe('id.t');
  });

  it('refuses a sign-in the claim rules refuse, sending the user to the sign-in page with the reason code', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    const signIn = authOptions().callbacks!.signIn!;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const call = (profile: Record<string, unknown>) => signIn({ user: {} as never, account: null, profile: profile as never });
      expect(await call({ sub: '1', email: 'vera@example.test', email_verified: true, groups: ['viewers'] })).toBe(true);
      expect(await call({ sub: '1', email: 'vera@example.test', email_verified: true, groups: [' system:masters'] })).toBe(
        'http://127.0.0.1:3000/signin?error=AccessDenied&reason=group_reserved',
      );
      expect(await call({ sub: '1', email: 'admin@example.test', email_verified: false })).toBe('http://127.0.0.1:3000/signin?error=AccessDenied&reason=email_unverified');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('group " system:masters" is under "system:"'));
      // And the jwt callback, had it been reached, would store no user for such claims.
      const jwt = authOptions().callbacks!.jwt!;
      const token = await jwt({ token: {}, profile: { sub: '1', email: 'x@example.test', email_verified: true, groups: ['system:masters'] } as never, user: {} as never, account: null });
      expect(userOfToken(token)).toBeNull();
    } finally {
      warn.mockRestore();
    }
  });

  it('never redirects outside the app after sign-in', async () => {
    setEnv({ ...OIDC_ENV });
    const redirect = authOptions().callbacks!.redirect!;
    const baseUrl = 'http://127.0.0.1:3000';
    expect(await redirect({ url: '/clusters/sandbox/lanes', baseUrl })).toBe(`${baseUrl}/clusters/sandbox/lanes`);
    expect(await redirect({ url: `${baseUrl}/x`, baseUrl })).toBe(`${baseUrl}/x`);
    expect(await redirect({ url: 'https://evil.example/', baseUrl })).toBe(`${baseUrl}/`);
    expect(await redirect({ url: '//evil.example/', baseUrl })).toBe(`${baseUrl}/`);
    expect(await redirect({ url: '/\t/evil.example', baseUrl })).toBe(`${baseUrl}/`);
  });
});

describe('sign-out', () => {
  it('ends the session on this server: the copied cookie is refused after it', async () => {
    setEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC_ENV });
    const token = { sub: '1', k8sUser: 'vera@example.test', groups: ['viewers'], ...live(), sid: `sid-${Math.random()}` };
    const copied = await requestWithSession(token);
    expect((await currentUser(copied))?.name).toBe('vera@example.test');
    await authOptions().events!.signOut!({ token, session: null as never });
    expect(await currentUser(await requestWithSession(token))).toBeNull();
  });
});
