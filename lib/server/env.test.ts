import { describe, expect, it, vi } from 'vitest';
import { EnvError, assertServerEnv, authModeOf, readServerEnv } from './env';

describe('readServerEnv', () => {
  it('defaults to the sandbox with sign-in on', () => {
    expect(readServerEnv({})).toMatchObject({
      NODELANES_CLUSTER: 'sandbox',
      NODELANES_SANDBOX_KUBECONFIG: '.sandbox/kubeconfig',
      NODELANES_AUTH: true,
      PORT: 3000,
    });
  });

  it('reads the documented variables, treating empty strings as unset', () => {
    const env = readServerEnv({ NODELANES_CLUSTER: 'kubeconfig', KUBECONFIG: '/a:/b', NODELANES_CONTEXT: '', NODELANES_AUTH: 'off', PORT: '8080' });
    expect(env).toMatchObject({ NODELANES_CLUSTER: 'kubeconfig', KUBECONFIG: '/a:/b', NODELANES_AUTH: false, PORT: 8080 });
    expect(env.NODELANES_CONTEXT).toBeUndefined();
  });

  it('fails naming each bad variable and its value', () => {
    let error: unknown;
    try {
      readServerEnv({ NODELANES_CLUSTER: 'k8s', PORT: '99999', NODELANES_AUTH: 'maybe', AWS_ENDPOINT_URL_EKS: 'not a url' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain('NODELANES_CLUSTER="k8s"');
    expect(message).toContain('PORT="99999"');
    expect(message).toContain('NODELANES_AUTH="maybe"');
    expect(message).toContain('AWS_ENDPOINT_URL_EKS="not a url"');
  });
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
}

const OIDC = {
  NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9090/oidc',
  NODELANES_OIDC_CLIENT_ID: 'nodelanes',
  NODELANES_OIDC_CLIENT_SECRET: 'client-secret',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
};

describe('authModeOf', () => {
  it('is the sandbox demo for the sandbox without an issuer, OIDC with one, off only when said', () => {
    expect(authModeOf(readServerEnv({}))).toBe('sandbox-demo');
    expect(authModeOf(readServerEnv({ NODELANES_OIDC_ISSUER: OIDC.NODELANES_OIDC_ISSUER }))).toBe('oidc');
    expect(authModeOf(readServerEnv({ NODELANES_CLUSTER: 'kubeconfig' }))).toBe('oidc');
    expect(authModeOf(readServerEnv({ NODELANES_CLUSTER: 'in-cluster', NODELANES_AUTH: 'off', ...OIDC }))).toBe('off');
  });
});

describe('assertServerEnv', () => {
  it('names every missing sign-in variable when a real cluster needs sign-in', () => {
    const message = errorOf(() => assertServerEnv({ NODELANES_CLUSTER: 'kubeconfig', NODELANES_OIDC_CLIENT_ID: 'nodelanes' }));
    for (const name of ['NODELANES_OIDC_ISSUER', 'NODELANES_OIDC_CLIENT_SECRET', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL']) {
      expect(message).toContain(`${name} (not set): required for sign-in (NODELANES_CLUSTER=kubeconfig requires sign-in; or set NODELANES_AUTH=off)`);
    }
    expect(message).not.toContain('NODELANES_OIDC_CLIENT_ID');
  });

  it('requires the rest once an issuer is set, even on the sandbox', () => {
    const message = errorOf(() => assertServerEnv({ NODELANES_OIDC_ISSUER: OIDC.NODELANES_OIDC_ISSUER }));
    expect(message).toContain('NODELANES_OIDC_CLIENT_ID (not set): required for sign-in (NODELANES_OIDC_ISSUER is set)');
    expect(message).toContain('NEXTAUTH_URL (not set)');
  });

  it('refuses a short session secret without echoing it', () => {
    const message = errorOf(() => assertServerEnv({ ...OIDC, NEXTAUTH_SECRET: 'hunter2' }));
    expect(message).toContain('NEXTAUTH_SECRET=(hidden): must be at least 32 characters');
    expect(message).not.toContain('hunter2');
  });

  it('refuses an issuer that is not a URL', () => {
    expect(errorOf(() => assertServerEnv({ ...OIDC, NODELANES_OIDC_ISSUER: 'accounts' }))).toContain('NODELANES_OIDC_ISSUER="accounts"');
  });

  it('refuses an OIDC prefix under the reserved system: names', () => {
    expect(() => readServerEnv({ NODELANES_OIDC_GROUPS_PREFIX: 'system:' })).toThrow(/NODELANES_OIDC_GROUPS_PREFIX.*reserved/);
    expect(readServerEnv({ NODELANES_OIDC_USERNAME_PREFIX: 'oidc:' }).NODELANES_OIDC_USERNAME_PREFIX).toBe('oidc:');
    expect(() => readServerEnv({ NODELANES_OIDC_USERNAME_PREFIX: 'ＳＹＳＴＥＭ:' })).toThrow(/NODELANES_OIDC_USERNAME_PREFIX.*reserved/);
  });

  it('reads the claims and prefixes as kube-apiserver’s flags, with their defaults', () => {
    const env = readServerEnv({});
    expect([env.NODELANES_OIDC_USERNAME_CLAIM, env.NODELANES_OIDC_USERNAME_PREFIX, env.NODELANES_OIDC_GROUPS_CLAIM, env.NODELANES_OIDC_GROUPS_PREFIX]).toEqual(['email', undefined, 'groups', '']);
    expect(readServerEnv({ NODELANES_OIDC_USERNAME_PREFIX: '-' }).NODELANES_OIDC_USERNAME_PREFIX).toBe('-');
    expect(readServerEnv({ NODELANES_OIDC_GROUPS_CLAIM: 'https://corp.example/groups' }).NODELANES_OIDC_GROUPS_CLAIM).toBe('https://corp.example/groups');
    expect(() => readServerEnv({ NODELANES_OIDC_USERNAME_PREFIX: 'oidc: ' })).toThrow(/NODELANES_OIDC_USERNAME_PREFIX="oidc: ": starts or ends with whitespace/);
    expect(() => readServerEnv({ NODELANES_OIDC_USERNAME_CLAIM: 'preferred username' })).toThrow(/NODELANES_OIDC_USERNAME_CLAIM.*claim name/);
  });

  it('accepts a complete OIDC configuration, the zero-config sandbox, and sign-in off', () => {
    expect(assertServerEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC })).toMatchObject({ NODELANES_OIDC_CLIENT_ID: 'nodelanes' });
    expect(assertServerEnv({})).toMatchObject({ NODELANES_CLUSTER: 'sandbox' });
    expect(assertServerEnv({ NODELANES_CLUSTER: 'sandbox', NODELANES_AUTH: 'off' })).toMatchObject({ NODELANES_AUTH: false });
  });

  it('reads NODELANES_IDENTITY (impersonate by default) and allows token only with OIDC sign-in', () => {
    expect(readServerEnv({}).NODELANES_IDENTITY).toBe('impersonate');
    expect(readServerEnv({ NODELANES_IDENTITY: ' Token ' }).NODELANES_IDENTITY).toBe('token');
    expect(readServerEnv({ NODELANES_IDENTITY: '' }).NODELANES_IDENTITY).toBe('impersonate');
    expect(() => readServerEnv({ NODELANES_IDENTITY: 'bearer' })).toThrow(/NODELANES_IDENTITY="bearer"/);
    expect(assertServerEnv({ NODELANES_CLUSTER: 'kubeconfig', ...OIDC, NODELANES_IDENTITY: 'token' })).toMatchObject({ NODELANES_IDENTITY: 'token' });
    expect(errorOf(() => assertServerEnv({ NODELANES_CLUSTER: 'kubeconfig', NODELANES_AUTH: 'off', NODELANES_IDENTITY: 'token' }))).toContain('NODELANES_IDENTITY="token": token forwards the signed-in user\'s ID token: it needs OpenID Connect sign-in');
    expect(errorOf(() => assertServerEnv({ NODELANES_IDENTITY: 'token' }))).toContain('NODELANES_IDENTITY="token"');
  });

  it('warns loudly when sign-in is off for a real cluster', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      assertServerEnv({ NODELANES_CLUSTER: 'in-cluster', NODELANES_AUTH: 'off' });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('NODELANES_AUTH=off'));
    } finally {
      warn.mockRestore();
    }
  });
});
