import { ApiException } from '@kubernetes/client-node';
import { AccessDeniedException, ResourceInUseException, ThrottlingException } from '@aws-sdk/client-eks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { SessionUser } from './auth';
import { ClusterUnavailableError, UnknownClusterError } from './clusters';
import { AppError } from './errors';
import { resetRateLimits, WRITE_BURST } from './rate-limit';
import { clusterParam, route } from './route';

const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('./auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./auth')>()),
  currentUser: async () => signedIn.user,
}));

const OTTO: SessionUser = { name: 'otto', groups: ['operators'], source: 'oidc' };
const ORIGIN = 'http://localhost:3000';
const URL_ = `${ORIGIN}/api/clusters/sandbox/deployments/apps/web/restart`;
const ctx = (params: Record<string, string> = { cluster: 'sandbox' }) => ({ params: Promise.resolve(params) });

const read = (handler: () => Promise<unknown>, params?: Record<string, string>) =>
  route({ params: clusterParam }, handler)(new Request(`${ORIGIN}/api/clusters/x/topology`), ctx(params));

const intent = z.strictObject({ replicas: z.number().int().min(0).max(100) });
const writeRoute = (handler: (body: unknown) => Promise<unknown> = async (body) => ({ ok: true, body })) =>
  route({ params: clusterParam, body: intent, access: 'write', action: 'deployment.scale' }, ({ body, audit }) => {
    audit.target = 'deployments/apps/web';
    return handler(body);
  });

function post(init: { body?: string; headers?: Record<string, string> } = {}) {
  return new Request(URL_, {
    method: 'POST',
    body: init.body ?? '{"replicas":3}',
    headers: { origin: ORIGIN, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...init.headers },
  });
}

let logs: string[];
beforeEach(() => {
  signedIn.user = OTTO;
  resetRateLimits();
  logs = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void logs.push(line));
  delete process.env.NEXTAUTH_URL;
});
afterEach(() => vi.restoreAllMocks());

describe('route wrapper: reads', () => {
  it('answers a handler result as JSON with a request id', async () => {
    const res = await route({ params: clusterParam }, async ({ params, user }) => ({ hello: params.cluster, user: user.name }))(
      new Request(`${ORIGIN}/api/clusters/sandbox/topology`),
      ctx(),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'sandbox', user: 'otto' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses anonymous requests with 401', async () => {
    signedIn.user = null;
    const res = await read(async () => ({}));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('refuses bad params with 400 and the zod details', async () => {
    const res = await read(async () => ({}), { cluster: 'bad id!' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('not a valid cluster id');
  });

  it('parses the query with its schema', async () => {
    const handler = route({ params: clusterParam, query: z.object({ format: z.enum(['json', 'csv']).default('json') }) }, async ({ query }) => query);
    expect(await (await handler(new Request(`${ORIGIN}/x?format=csv`), ctx())).json()).toEqual({ format: 'csv' });
    expect((await handler(new Request(`${ORIGIN}/x?format=xml`), ctx())).status).toBe(400);
  });

  it('maps cluster and app errors to their status codes', async () => {
    expect((await read(async () => Promise.reject(new UnknownClusterError('nope')))).status).toBe(404);
    const unavailable = await read(async () => Promise.reject(new ClusterUnavailableError('sandbox', 'Cluster "sandbox" is unavailable: ECONNREFUSED')));
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ error: { code: 'cluster_unavailable', message: 'Cluster "sandbox" is unavailable: ECONNREFUSED' } });
    const conflict = await read(async () => Promise.reject(new AppError(409, 'stale', 'The deployment changed; reload and try again.')));
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe('stale');
  });

  it('never leaks an unexpected error, and logs it with the request id', async () => {
    const res = await read(async () => {
      throw new Error('secret stack detail');
    });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('secret');
    const line = JSON.parse(logs.find((l) => l.includes('unexpected error'))!);
    expect(line.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('route wrapper: API server and AWS refusals keep the cluster’s words', () => {
  const status = (code: number, reason: string, message: string) =>
    new ApiException(code, 'refused', JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }), {});

  it.each([
    [403, 'Forbidden', 'deployments.apps "web" is forbidden: User "vera" cannot patch resource "deployments" in API group "apps" in the namespace "apps"', 403, 'forbidden'],
    [404, 'NotFound', 'deployments.apps "nope" not found', 404, 'not_found'],
    [409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified', 409, 'conflict'],
    [409, 'AlreadyExists', 'nodepools.karpenter.sh "ai-ml" already exists', 409, 'already_exists'],
    [422, 'Invalid', 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1', 422, 'invalid'],
    [429, 'TooManyRequests', 'Cannot evict pod as it would violate the pod\'s disruption budget.', 429, 'too_many_requests'],
    [500, 'InternalError', 'etcd is down', 503, 'cluster_unavailable'],
  ])('API server %i %s → %i', async (code, reason, message, expected, appCode) => {
    const res = await read(async () => Promise.reject(status(code, reason, message)));
    expect(res.status).toBe(expected);
    const body = await res.json();
    expect(body.error.code).toBe(appCode);
    expect(body.error.message).toContain(message);
  });

  it('an unreachable cluster is 503, not 500', async () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    expect((await read(async () => Promise.reject(err))).status).toBe(503);
  });

  it.each([
    [new ResourceInUseException({ message: 'NodeGroup already exists with name ai-ml', $metadata: { httpStatusCode: 409 } }), 409],
    [new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }), 429],
  ])('AWS %s → %i', async (err, expected) => {
    const res = await read(async () => Promise.reject(err));
    expect(res.status).toBe(expected);
    expect((await res.json()).error.message).toBe(err.message);
  });

  it('AWS AccessDenied → 502 in the project’s words, AWS’s own (with the role ARN) only in the log', async () => {
    const message = 'User: arn:aws:sts::111122223333:assumed-role/nodelanes/s is not authorized to perform: eks:CreateNodegroup on resource: arn:aws:eks:us-east-1:111122223333:cluster/prod';
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void logs.push(line));
    const res = await read(async () => Promise.reject(new AccessDeniedException({ message, $metadata: { httpStatusCode: 403 } })));
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.error.code).toBe('aws_access_denied');
    expect(body.error.message).toContain("The dashboard's AWS role is not allowed to call eks:CreateNodegroup");
    expect(JSON.stringify(body)).not.toMatch(/arn:|111122223333/);
    expect(logs.some((l) => l.includes('EKS API refused') && l.includes(message))).toBe(true);
  });
});

describe('route wrapper: writes', () => {
  it('accepts a same-origin JSON intent and audits it', async () => {
    const res = await writeRoute()(post(), ctx());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: { replicas: 3 } });
    const audit = JSON.parse(logs.find((l) => l.includes('"audit"'))!);
    expect(audit).toMatchObject({ level: 'audit', user: 'otto', groups: ['operators'], action: 'deployment.scale', target: 'deployments/apps/web', result: 'ok', status: 200 });
  });

  it.each([
    ['no Origin', { origin: '' }, 403],
    ['Origin null', { origin: 'null' }, 403],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['a look-alike Origin', { origin: 'http://localhost:3000.evil.example' }, 403],
    ['another port', { origin: 'http://localhost:3001' }, 403],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a same-site (sibling subdomain) fetch', { 'sec-fetch-site': 'same-site' }, 403],
    ['text/plain (a form post)', { 'content-type': 'text/plain' }, 415],
    ['no content type', { 'content-type': '' }, 415],
    ['form encoding', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s', async (_, headers, expected) => {
    const handler = vi.fn(async () => ({}));
    const h = Object.fromEntries(Object.entries(headers as Record<string, string>).filter(([, v]) => v !== ''));
    const req = post({ headers: h });
    for (const [k, v] of Object.entries(headers as Record<string, string>)) if (v === '') req.headers.delete(k);
    const res = await writeRoute(handler)(req, ctx());
    expect(res.status).toBe(expected);
    expect(handler).not.toHaveBeenCalled();
  });

  it('takes the host the browser connected to (Host), not the URL Next reconstructs', async () => {
    const req = post({ headers: { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' } });
    expect((await writeRoute()(req, ctx())).status).toBe(200);
    const foreign = post({ headers: { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3001' } });
    expect((await writeRoute()(foreign, ctx())).status).toBe(403);
  });

  it('the zero-config sandbox demo takes writes from loopback hosts only (no DNS rebinding)', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { NODELANES_CLUSTER: 'sandbox', NODELANES_AUTH: 'on' });
    delete process.env.NODELANES_OIDC_ISSUER;
    try {
      const rebound = post({ headers: { origin: 'http://evil.example:3000', host: 'evil.example:3000' } });
      expect((await writeRoute()(rebound, ctx())).status).toBe(403);
      const local = post({ headers: { origin: 'http://localhost:3000', host: 'localhost:3000' } });
      expect((await writeRoute()(local, ctx())).status).toBe(200);
    } finally {
      process.env = saved;
    }
  });

  it('checks the Origin against NEXTAUTH_URL when it is set', async () => {
    process.env.NEXTAUTH_URL = 'https://nodelanes.example.com';
    expect((await writeRoute()(post(), ctx())).status).toBe(403);
    expect((await writeRoute()(post({ headers: { origin: 'https://nodelanes.example.com' } }), ctx())).status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"replicas":', 400],
    ['an unknown field', '{"replicas":1,"extra":true}', 400],
    ['a wrong type', '{"replicas":"3"}', 400],
    ['a __proto__ key', '{"replicas":1,"__proto__":{"admin":true}}', 400],
    ['a nested constructor key', '{"replicas":1,"x":{"constructor":{"prototype":{}}}}', 400],
    ['an array', '[1,2]', 400],
  ])('refuses %s with 400', async (_, body, expected) => {
    const handler = vi.fn(async () => ({}));
    const res = await writeRoute(handler)(post({ body }), ctx());
    expect(res.status).toBe(expected);
    expect(handler).not.toHaveBeenCalled();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('caps the body size (declared or streamed)', async () => {
    const big = JSON.stringify({ replicas: 1, pad: 'x'.repeat(70 * 1024) });
    expect((await writeRoute()(post({ body: big }), ctx())).status).toBe(413);
    const streamed = new Request(URL_, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect((await writeRoute()(streamed, ctx())).status).toBe(413);
  });

  it('a write without a body schema takes only {}', async () => {
    const restart = route({ params: clusterParam, access: 'write' }, async () => ({ ok: true }));
    expect((await restart(post({ body: '{}' }), ctx())).status).toBe(200);
    expect((await restart(post({ body: '' }), ctx())).status).toBe(200);
    expect((await restart(post({ body: '{"force":true}' }), ctx())).status).toBe(400);
  });

  it('rate-limits writes per user with Retry-After', async () => {
    const handler = writeRoute();
    for (let i = 0; i < WRITE_BURST; i++) expect((await handler(post(), ctx())).status).toBe(200);
    const limited = await handler(post(), ctx());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    signedIn.user = { name: 'ada', groups: ['admins'], source: 'oidc' };
    expect((await handler(post(), ctx())).status).toBe(200);
  });

  it('audits refusals too, with the error code', async () => {
    await writeRoute(async () => Promise.reject(new AppError(409, 'conflict', 'changed')))(post(), ctx());
    const audit = JSON.parse(logs.find((l) => l.includes('"audit"'))!);
    expect(audit).toMatchObject({ result: 'refused', status: 409, error: 'conflict' });
  });
});
