import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { claimsIssuer, oidcTrustFromEnv, oidcVerifier, userOfClaims, type OidcTrust } from './oidc-authenticator';

const trust = (fields: Partial<OidcTrust> = {}): OidcTrust => ({ issuer: 'https://idp.example', clientId: 'nodelanes', usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: '', ...fields });

describe('userOfClaims: the apiserver’s reading of verified claims', () => {
  it('takes the email as the name, unprefixed, and the groups as they are', () => {
    expect(userOfClaims({ email: 'ada@corp.example', email_verified: true, groups: ['admins', 'ops'] }, trust())).toEqual({
      name: 'ada@corp.example',
      groups: ['admins', 'ops', 'system:authenticated'],
    });
  });

  it('refuses an email marked unverified, but not one whose flag is absent (as the apiserver)', () => {
    expect(userOfClaims({ email: 'eve@corp.example', email_verified: false }, trust())).toBeNull();
    expect(userOfClaims({ email: 'eve@corp.example' }, trust())?.name).toBe('eve@corp.example');
  });

  it('prefixes any other claim with the issuer, unless a prefix is set; "-" means none', () => {
    expect(userOfClaims({ sub: 'u1' }, trust({ usernameClaim: 'sub' }))?.name).toBe('https://idp.example#u1');
    expect(userOfClaims({ sub: 'u1' }, trust({ usernameClaim: 'sub', usernamePrefix: 'oidc:' }))?.name).toBe('oidc:u1');
    expect(userOfClaims({ sub: 'u1' }, trust({ usernameClaim: 'sub', usernamePrefix: '-' }))?.name).toBe('u1');
  });

  it('takes a single group as a string, prefixes groups, and refuses a groups claim of another shape', () => {
    expect(userOfClaims({ email: 'a@b.c', groups: 'ops' }, trust({ groupsPrefix: 'idp:' }))?.groups).toEqual(['idp:ops', 'system:authenticated']);
    expect(userOfClaims({ email: 'a@b.c', groups: [1, 2] }, trust())).toBeNull();
    expect(userOfClaims({ groups: ['ops'] }, trust())).toBeNull();
  });

  it('is configured by SANDBOX_OIDC_* variables, or not at all', () => {
    expect(oidcTrustFromEnv({})).toBeUndefined();
    expect(oidcTrustFromEnv({ SANDBOX_OIDC_ISSUER: 'https://idp.example', SANDBOX_OIDC_CLIENT_ID: 'c', SANDBOX_OIDC_USERNAME_CLAIM: 'sub' })).toEqual({
      issuer: 'https://idp.example',
      clientId: 'c',
      usernameClaim: 'sub',
      usernamePrefix: undefined,
      groupsClaim: 'groups',
      groupsPrefix: '',
    });
  });
});

describe('oidcVerifier: signature, issuer, audience and expiry', () => {
  let server: http.Server;
  let issuer: string;
  let key: KeyLike;
  let otherKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') return void res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      if (req.url === '/jwks') return void res.end(JSON.stringify({ keys: [jwk] }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (claims: Record<string, unknown>, opts: { with?: KeyLike; exp?: string | number; aud?: string; iss?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? 'nodelanes')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.with ?? key);

  it('accepts a token the issuer signed for this client, and refuses one signed by another key, for another client, or expired', async () => {
    const t = trust({ issuer });
    const verify = oidcVerifier(t);
    const good = await sign({ email: 'otto@example.test', email_verified: true, groups: ['operators'] });
    expect(claimsIssuer(good, t)).toBe(true);
    expect(await verify(good)).toEqual({ name: 'otto@example.test', groups: ['operators', 'system:authenticated'] });
    expect(await verify(await sign({ email: 'x@y.z' }, { with: otherKey }))).toBeNull();
    expect(await verify(await sign({ email: 'x@y.z' }, { aud: 'another-client' }))).toBeNull();
    expect(await verify(await sign({ email: 'x@y.z' }, { exp: Math.floor(Date.now() / 1000) - 60 }))).toBeNull();
  });

  it('answers only for tokens naming its issuer', async () => {
    const t = trust({ issuer });
    expect(claimsIssuer(await sign({ email: 'x@y.z' }, { iss: 'https://elsewhere.example' }), t)).toBe(false);
    expect(claimsIssuer('not-a-jwt', t)).toBe(false);
  });
});
