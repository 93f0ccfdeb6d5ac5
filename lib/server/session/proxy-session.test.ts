// The whole path a request takes: the proxy renews the cookie when due (here every 15 minutes at
// a fake IdP), the route reads the user from whatever cookie the proxy handed on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { currentUser } from '../auth';
import { readServerEnv } from '../env';
import type { RefreshResult } from './idp-refresh';
import { sessionCookieChange } from './proxy-session';

const SECRET = 's'.repeat(40);
const ENV = {
  NODELANES_CLUSTER: 'kubeconfig',
  NODELANES_OIDC_ISSUER: 'https://idp.example',
  NODELANES_OIDC_CLIENT_ID: 'nodelanes',
  NODELANES_OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_SECRET: SECRET,
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
};
const M = 60_000;
const H = 60 * M;
const T0 = Date.UTC(2026, 0, 1, 8);
const saved = { ...process.env };

beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('NODELANES_') || key.startsWith('NEXTAUTH_')) delete process.env[key];
  Object.assign(process.env, ENV);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
  process.env = { ...saved };
});

const signedIn = { sub: 'u1', email: 'vera@example.test', k8sUser: 'vera@example.test', groups: ['viewers'], sid: 'sid-1', signedInAt: T0, recheckAt: T0 + 15 * M, refreshToken: 'r0' };
const claims = (groups: string[]) => ({ sub: 'u1', email: 'vera@example.test', email_verified: true, groups, exp: Math.floor(Date.now() / 1000) + 3600 });
const request = (cookie: string) => new NextRequest('http://127.0.0.1:3000/api/clusters', { headers: { cookie } });

/** What the browser holds after a response: the proxy's writes applied to its cookie. */
async function visit(cookie: string, refresher: () => Promise<RefreshResult>) {
  const change = await sessionCookieChange(request(cookie), readServerEnv(), { refresher });
  const sent = change ? change.cookieHeader : cookie;
  return { cookie: sent, user: await currentUser(new Request('http://127.0.0.1:3000/api/clusters', { headers: { cookie: sent } })), change };
}

describe('a session used and refreshed every minute', () => {
  // 725 minutes of JWE encrypt and decrypt: seconds of CPU, more on a busy machine than vitest's 5 s.
  it('is refused at its absolute lifetime (12 h) all the same', { timeout: 60_000 }, async () => {
    let refreshes = 0;
    const refresher = async (): Promise<RefreshResult> => (refreshes++, { ok: true, idToken: 'id2', claims: claims(['viewers']), refreshToken: `r${refreshes}` });
    let cookie = `next-auth.session-token=${await encode({ token: signedIn, secret: SECRET })}`;
    let lastGood = 0;
    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    for (let minute = 1; minute <= 12 * 60 + 5; minute++) {
      vi.setSystemTime(T0 + minute * M);
      const seen = await visit(cookie, refresher);
      cookie = seen.cookie;
      if (seen.user) lastGood = minute;
    }
    info.mockRestore();
    expect(lastGood).toBe(12 * 60 - 1);
    // Re-checked at the IdP every 15 minutes, never once more often.
    expect(refreshes).toBeGreaterThanOrEqual(47);
    expect(refreshes).toBeLessThanOrEqual(48);
  });

  it('takes the groups the IdP gives at the refresh, and ends when the IdP refuses', async () => {
    const cookie = `next-auth.session-token=${await encode({ token: signedIn, secret: SECRET })}`;
    vi.setSystemTime(T0 + 16 * M);
    const moved = await visit(cookie, async () => ({ ok: true, idToken: 'id2', claims: claims(['operators']) }));
    expect(moved.user).toMatchObject({ name: 'vera@example.test', groups: ['operators'] });
    expect(moved.change?.writes).toEqual([expect.objectContaining({ name: 'next-auth.session-token', maxAge: 12 * 3600 - 16 * 60 })]);

    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    const refused = await visit(cookie, async () => ({ ok: false, transient: false, reason: 'the identity provider refused the refresh (invalid_grant)' }));
    expect(refused.user).toBeNull();
    expect(refused.change).toMatchObject({ ended: expect.stringContaining('invalid_grant'), writes: [{ name: 'next-auth.session-token', value: '', maxAge: 0 }] });
    const masters = await visit(cookie, async () => ({ ok: true, idToken: 'id2', claims: claims([' system:masters']) }));
    expect(masters.user).toBeNull();
    info.mockRestore();
  });

  it('without a refresh token lasts as long as the ID token, and a stale cookie is refused by the route itself', async () => {
    const noRefresh = { ...signedIn, refreshToken: undefined, recheckAt: T0 + H };
    const cookie = `next-auth.session-token=${await encode({ token: noRefresh, secret: SECRET })}`;
    vi.setSystemTime(T0 + H - M);
    expect((await currentUser(request(cookie)))?.name).toBe('vera@example.test');
    vi.setSystemTime(T0 + H);
    expect(await currentUser(request(cookie))).toBeNull();
    // The proxy was bypassed (or failed): past the grace, the route refuses on its own.
    const stale = `next-auth.session-token=${await encode({ token: signedIn, secret: SECRET })}`;
    vi.setSystemTime(T0 + 19 * M);
    expect(await currentUser(request(stale))).not.toBeNull();
    vi.setSystemTime(T0 + 21 * M);
    expect(await currentUser(request(stale))).toBeNull();
  });
});
