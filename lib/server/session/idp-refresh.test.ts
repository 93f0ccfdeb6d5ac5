import { describe, expect, it } from 'vitest';
import { claimsProblem, idpRefresher } from './idp-refresh';

const ISSUER = 'https://idp.example';
const NOW = Date.UTC(2026, 0, 1, 8);
const jwt = (payload: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
const good = { iss: ISSUER, aud: 'nodelanes', sub: 'u1', exp: NOW / 1000 + 3600, groups: ['viewers'] };

function fakeIdp(token: (body: URLSearchParams, auth: string | null) => Response | Promise<Response>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/.well-known/openid-configuration')) return Response.json({ issuer: ISSUER, token_endpoint: `${ISSUER}/token` });
    if (url === `${ISSUER}/token`) return token(init!.body as URLSearchParams, new Headers(init!.headers).get('authorization'));
    return new Response('no', { status: 404 });
  }) as typeof fetch;
}

describe('idpRefresher', () => {
  it('sends the refresh token with the client credentials and hands back the new claims', async () => {
    let seen: { grant?: string | null; token?: string | null; auth?: string | null } = {};
    const refresh = idpRefresher({ issuer: ISSUER, clientId: 'nodelanes', clientSecret: 's3cr:t' }, fakeIdp((body, auth) => {
      seen = { grant: body.get('grant_type'), token: body.get('refresh_token'), auth };
      return Response.json({ id_token: jwt(good), refresh_token: 'r2' });
    }), () => NOW);
    expect(await refresh('r1')).toEqual({ ok: true, claims: good, idToken: jwt(good), refreshToken: 'r2' });
    expect(seen).toEqual({ grant: 'refresh_token', token: 'r1', auth: `Basic ${Buffer.from('nodelanes:s3cr%3At').toString('base64')}` });
  });

  it('tells a refusal from an outage', async () => {
    const client = { issuer: ISSUER, clientId: 'nodelanes', clientSecret: 's' };
    expect(await idpRefresher(client, fakeIdp(() => Response.json({ error: 'invalid_grant' }, { status: 400 })), () => NOW)('r')).toEqual({
      ok: false,
      transient: false,
      reason: 'the identity provider refused the refresh (invalid_grant)',
    });
    expect(await idpRefresher(client, fakeIdp(() => new Response('', { status: 503 })), () => NOW)('r')).toMatchObject({ ok: false, transient: true });
    const down = (async () => {
      throw new Error('ECONNREFUSED');
    }) as unknown as typeof fetch;
    expect(await idpRefresher({ ...client, issuer: 'https://down.example' }, down, () => NOW)('r')).toMatchObject({ ok: false, transient: true });
    expect(await idpRefresher(client, fakeIdp(() => Response.json({ access_token: 'a' })), () => NOW)('r')).toEqual({ ok: false, transient: false, reason: 'the identity provider sent no new ID token' });
    expect(await idpRefresher(client, fakeIdp(() => Response.json({ id_token: jwt({ ...good, aud: 'other' }) })), () => NOW)('r')).toMatchObject({ ok: false, transient: false });
  });
});

describe('claimsProblem', () => {
  it('wants this issuer, this client and an unexpired token', () => {
    expect(claimsProblem(good, ISSUER, 'nodelanes', NOW)).toBeUndefined();
    expect(claimsProblem({ ...good, aud: ['x', 'nodelanes'] }, ISSUER, 'nodelanes', NOW)).toBeUndefined();
    expect(claimsProblem({ ...good, iss: 'https://evil.example' }, ISSUER, 'nodelanes', NOW)).toMatch(/issuer/);
    expect(claimsProblem({ ...good, aud: 'x' }, ISSUER, 'nodelanes', NOW)).toMatch(/client/);
    expect(claimsProblem({ ...good, exp: NOW / 1000 - 1 }, ISSUER, 'nodelanes', NOW)).toMatch(/expired/);
  });
});
