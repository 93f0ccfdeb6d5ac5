// GET /api/clusters?health=1 against a running sandbox: reachable before anyone opened it here,
// synced once its informers have synced, unreachable with the reason once the API server is gone;
// a bad query is a 400 and the plain list stays without health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as clusters } from '@/app/api/clusters/route';
import { getTopology } from '@/lib/server/topology-hub';
import { callRoute } from '../support/route-call';
import { eventually } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
});

afterAll(async () => {
  await env?.stop();
});

const get = (search = '') => callRoute(clusters, {}, { path: `/api/clusters${search}` });

describe('GET /api/clusters?health=1', () => {
  it('reachable with the API server version before the informers start, synced after', async () => {
    const before = await get('?health=1');
    expect(before.status).toBe(200);
    expect(before.body.clusters).toEqual([expect.objectContaining({ id: 'sandbox', health: { state: 'reachable', version: expect.stringMatching(/^v1\./) } })]);
    await getTopology('sandbox');
    const after = await get('?health=1');
    expect(after.body.clusters[0].health).toEqual({ state: 'synced', version: before.body.clusters[0].health.version });
  });

  it('the plain list has no health; a bad query is a 400 JSON error', async () => {
    const plain = await get();
    expect(plain.body.clusters[0]).not.toHaveProperty('health');
    const bad = await get('?health=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect((await get('?other=1')).status).toBe(400);
  });

  it('unreachable with the reason once the API server has gone (after the probe cache expires)', async () => {
    await env.sandbox.stop();
    const health = await eventually(
      'the sandbox reported unreachable',
      async () => {
        const h = (await get('?health=1')).body.clusters[0].health;
        return h.state === 'unreachable' ? h : undefined;
      },
      30_000,
      1000,
    );
    expect(health.reason).toBe('connection refused (ECONNREFUSED)');
  });
});
