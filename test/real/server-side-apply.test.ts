// Server-side apply, sandbox against kube-apiserver 1.20 (SSA on by default there): the same
// managedFields after applies, creates and patches by several managers, the same 409 Status for
// a conflict, and the same result of force and of an applier dropping a field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from './servers';
import { send, type RawRequest, type RawResponse } from './http';

const NS = 'ssa-diff';
const APPLY = 'application/apply-patch+yaml';
const cmPath = `/api/v1/namespaces/${NS}/configmaps`;
const deployPath = `/apis/apps/v1/namespaces/${NS}/deployments`;

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
  for (const server of [pair.real, pair.sandbox]) {
    await send(server, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  }
}, 120_000);
afterAll(async () => {
  for (const server of pair ? [pair.real, pair.sandbox] : []) await send(server, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` });
  await pair?.stop();
});

const configMap = (data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'owned', namespace: NS, ...(labels ? { labels } : {}) },
  data,
});

const apply = (manager: string, body: unknown, force = false): RawRequest => ({
  method: 'PATCH',
  path: `${cmPath}/owned?fieldManager=${manager}${force ? '&force=true' : ''}`,
  contentType: APPLY,
  raw: JSON.stringify(body),
});

async function onBoth(req: RawRequest): Promise<{ real: RawResponse; sandbox: RawResponse }> {
  return { real: await send(pair.real, req), sandbox: await send(pair.sandbox, req) };
}

/** managedFields without their times (which differ), each time checked to be an RFC 3339 second. */
function ownership(r: RawResponse) {
  const entries = (r.json?.metadata?.managedFields ?? []) as Array<Record<string, unknown>>;
  return entries.map(({ time, ...rest }) => {
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    return rest;
  });
}

function sameOwnership(res: { real: RawResponse; sandbox: RawResponse }) {
  expect(res.sandbox.status, res.sandbox.text.slice(0, 300)).toBe(res.real.status);
  expect(ownership(res.sandbox)).toEqual(ownership(res.real));
}

describe('server-side apply against kube-apiserver 1.20', () => {
  it('an apply that creates: one Apply entry owning the fields sent', async () => {
    const res = await onBoth(apply('first', configMap({ x: '1', y: '2' }, { app: 'a' })));
    expect(res.real.status).toBe(201);
    sameOwnership(res);
  }, 60_000);

  it('a second manager changing an owned field: the same 409 Status', async () => {
    const { real, sandbox } = await onBoth(apply('second', configMap({ x: '9' })));
    expect(real.status).toBe(409);
    expect(sandbox.status).toBe(409);
    const status = (r: RawResponse) => ({ reason: r.json?.reason, message: r.json?.message, details: r.json?.details, code: r.json?.code });
    expect(status(sandbox)).toEqual(status(real));
  }, 60_000);

  it('force moves the field to the second manager', async () => {
    const res = await onBoth(apply('second', configMap({ x: '9' }), true));
    sameOwnership(res);
    expect(res.sandbox.json?.data).toEqual(res.real.json?.data);
  }, 60_000);

  it('the first manager dropping the fields it alone owns removes them; what another owns stays', async () => {
    const res = await onBoth(apply('first', configMap({}, { app: 'a' })));
    sameOwnership(res);
    expect(res.sandbox.json?.data).toEqual(res.real.json?.data);
  }, 60_000);

  it('a merge patch by another manager: an Update entry for what it changed', async () => {
    const res = await onBoth({ method: 'PATCH', path: `${cmPath}/owned?fieldManager=patcher`, contentType: 'application/merge-patch+json', body: { data: { z: '3' }, metadata: { labels: { app: 'b' } } } });
    sameOwnership(res);
  }, 60_000);

  it('a plain create records an Update entry, with "." for the maps it added', async () => {
    const res = await onBoth({ method: 'POST', path: `${cmPath}?fieldManager=creator`, body: { ...configMap({ a: '1' }, { app: 'c' }), metadata: { name: 'created', namespace: NS, labels: { app: 'c' } } } });
    sameOwnership(res);
  }, 60_000);

  it('a Deployment created with a field manager: the creator owns what it sent and the defaults', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'owned', labels: { app: 'owned' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'owned' } },
        template: { metadata: { labels: { app: 'owned' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
      },
    };
    const res = await onBoth({ method: 'POST', path: `${deployPath}?fieldManager=creator`, body: deployment });
    sameOwnership(res);
  }, 60_000);
});
