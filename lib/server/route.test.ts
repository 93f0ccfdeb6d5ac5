import { describe, expect, it, vi } from 'vitest';
import { ClusterUnavailableError, UnknownClusterError } from './clusters';
import { AppError } from './errors';
import { clusterParam, route } from './route';

const call = (handler: Parameters<typeof route>[1], params: Record<string, string> = { cluster: 'sandbox' }) =>
  route({ params: clusterParam }, handler)(new Request('http://localhost/api/clusters/x/topology'), { params: Promise.resolve(params) });

describe('route wrapper', () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);

  it('answers a handler result as JSON', async () => {
    const res = await call(async ({ params }) => ({ hello: params.cluster }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'sandbox' });
  });

  it('refuses bad params with 400 and the zod details', async () => {
    const res = await call(async () => ({}), { cluster: 'bad id!' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(JSON.stringify(body.error.details)).toContain('not a valid cluster id');
  });

  it('maps cluster and app errors to their status codes', async () => {
    expect((await call(async () => Promise.reject(new UnknownClusterError('nope')))).status).toBe(404);
    const unavailable = await call(async () => Promise.reject(new ClusterUnavailableError('sandbox', 'Cluster "sandbox" is unavailable: ECONNREFUSED')));
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ error: { code: 'cluster_unavailable', message: 'Cluster "sandbox" is unavailable: ECONNREFUSED' } });
    const conflict = await call(async () => Promise.reject(new AppError(409, 'stale', 'The deployment changed; reload and try again.')));
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe('stale');
  });

  it('never leaks an unexpected error', async () => {
    const res = await call(async () => {
      throw new Error('secret stack detail');
    });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('secret');
  });
});
