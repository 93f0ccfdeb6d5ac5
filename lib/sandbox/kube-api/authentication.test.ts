import { describe, expect, it } from 'vitest';
import type http from 'node:http';
import { ADMIN, ADMIN_TOKEN, authenticate, eksUser } from './authentication';
import { ServiceAccountTokens } from './service-account-tokens';
import { ApiError } from '../errors';
import { Store } from '../store';

const NOW = new Date('2026-01-01T10:00:00Z');

function presigned(fields: Record<string, string>, host = 'sts.us-east-1.amazonaws.com'): string {
  const q = new URLSearchParams({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIDEXAMPLE/20260101/us-east-1/sts/aws4_request',
    'X-Amz-Date': '20260101T095800Z',
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
    'X-Amz-Signature': 'ab12',
    ...fields,
  });
  return Buffer.from(`https://${host}/?${q}`).toString('base64url');
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as ApiError).code;
  }
  return 'accepted';
};

describe('eksUser: the principal of an aws eks get-token token', () => {
  it('names the access key as an IAM user of the account, mapped to system:masters', () => {
    const user = eksUser(presigned({}), NOW.getTime());
    expect(user.name).toBe('arn:aws:iam::111122223333:user/AKIDEXAMPLE');
    expect(user.groups).toEqual(['system:masters', 'system:authenticated']);
    expect(user.extra?.accessKeyId).toEqual(['AKIDEXAMPLE']);
  });

  it('refuses with 401 what is not a fresh STS GetCallerIdentity URL signed for a cluster', () => {
    expect(code(() => eksUser(presigned({ Action: 'AssumeRole' }), NOW.getTime()))).toBe(401);
    expect(code(() => eksUser(presigned({ 'X-Amz-SignedHeaders': 'host' }), NOW.getTime()))).toBe(401);
    expect(code(() => eksUser(presigned({}, 'sts.evil.example'), NOW.getTime()))).toBe(401);
    expect(code(() => eksUser(presigned({ 'X-Amz-Date': '20260101T094400Z' }), NOW.getTime()))).toBe(401);
    expect(code(() => eksUser('%%%', NOW.getTime()))).toBe(401);
  });
});

describe('ServiceAccountTokens and authenticate', () => {
  const setup = () => {
    const store = new Store({ now: () => NOW });
    store.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot', namespace: 'apps' } });
    const sa = store.get('serviceaccounts', 'apps', 'bot')!;
    const tokens = new ServiceAccountTokens();
    const req = (token?: string) => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }) as http.IncomingMessage;
    return { store, sa, tokens, req };
  };

  it('a TokenRequest gives a token read back as the account, until it expires', async () => {
    const { store, sa, tokens, req } = setup();
    const issued = tokens.issue(sa, { spec: { expirationSeconds: 1200 } }, NOW);
    expect(issued.spec).toEqual({ audiences: ['https://kubernetes.default.svc'], expirationSeconds: 1200, boundObjectRef: null });
    expect(issued.status.expirationTimestamp).toBe('2026-01-01T10:20:00Z');
    const user = await authenticate(req(issued.status.token), store, tokens);
    expect(user).toMatchObject({ name: 'system:serviceaccount:apps:bot', uid: sa.metadata.uid, groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'] });
    const later = new Store({ now: () => new Date(NOW.getTime() + 1200_000) });
    later.create('serviceaccounts', sa);
    await expect(authenticate(req(issued.status.token), later, tokens)).rejects.toMatchObject({ code: 401 });
  });

  it('a token dies with its account', async () => {
    const { store, sa, tokens, req } = setup();
    const { token } = tokens.issue(sa, {}, NOW).status;
    store.remove('serviceaccounts', 'apps', 'bot');
    await expect(authenticate(req(token), store, tokens)).rejects.toMatchObject({ code: 401 });
  });

  it('expirationSeconds below ten minutes is the apiserver 422; a token of another sandbox, or no one, is 401', async () => {
    const { store, sa, tokens, req } = setup();
    expect(code(() => tokens.issue(sa, { spec: { expirationSeconds: 599 } }, NOW))).toBe(422);
    const foreign = new ServiceAccountTokens().issue(sa, {}, NOW).status.token;
    expect(tokens.read(foreign)).toBeUndefined();
    await expect(authenticate(req(foreign), store, tokens)).rejects.toMatchObject({ code: 401 });
    await expect(authenticate(req('made-up'), store, tokens)).rejects.toMatchObject({ code: 401 });
    // The kubeconfig's token, and no token at all (kubectl over http sends none), are the administrator.
    expect(await authenticate(req(ADMIN_TOKEN), store, tokens)).toBe(ADMIN);
    expect(await authenticate(req(), store, tokens)).toBe(ADMIN);
  });
});
