// The review is judged on the whole cluster: a user who may list nodes but only one namespace's
// pods gets the same verdicts, pod counts and savings as an admin, and no name of a pod in a
// namespace they may not list.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/server/auth';
import { clearAccessCache } from '@/lib/server/access';
import { GET as review } from '@/app/api/clusters/[cluster]/review/route';
import { callRoute } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { until } from '../support/until';

const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/server/auth')>()),
  currentUser: async () => signedIn.user,
}));

let env: RouteSandbox;
const ADAM: SessionUser = { name: 'adam@example.test', groups: ['admins'], source: 'oidc' };
// team-apps may view namespace apps; node-readers (made below) may list nodes, nothing else.
const NORA: SessionUser = { name: 'nora@example.test', groups: ['team-apps', 'node-readers'], source: 'oidc' };

type Row = { node: string; state: string; code: string; pods: number; destinations?: Record<string, string>; placement?: Record<string, string | null>; blockedBy?: { pod?: string } };

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 1 });
  await env.kubectl.ok(['create', 'clusterrole', 'node-reader', '--verb=get,list,watch', '--resource=nodes']);
  await env.kubectl.ok(['create', 'clusterrolebinding', 'node-readers', '--clusterrole=node-reader', '--group=node-readers']);
});

afterAll(async () => {
  await env?.stop();
});

async function reviewAs(user: SessionUser) {
  clearAccessCache();
  signedIn.user = user;
  const res = await callRoute(review, { cluster: 'sandbox' });
  expect(res.status).toBe(200);
  return res.body as { nodes: Row[]; totals: { savings: unknown }; pools: { pool: string; savings: unknown }[] };
}

const verdicts = (rows: Row[]) => rows.map((r) => [r.node, r.state, r.code, r.pods]).sort();
const podKeys = (rows: Row[]) => rows.flatMap((r) => [...Object.keys(r.destinations ?? {}), ...Object.keys(r.placement ?? {}), ...(r.blockedBy?.pod ? [r.blockedBy.pod] : [])]);

describe('the review for a user limited to one namespace', () => {
  it('has the same verdicts and savings as an admin, and names only pods of namespace apps', async () => {
    // A cluster still starting (nodes not Ready, pods not yet bound) is judged differently from
    // one second to the next: compare once every node is Ready and holds its pods.
    await until('every node Ready, with its pods', async () => {
      const rows = (await reviewAs(ADAM)).nodes;
      return rows.length > 0 && rows.every((r) => r.code !== 'NotReady') && rows.some((r) => r.pods > 0);
    }, 60_000);
    // Both readings within one second of cluster time, so no countdown ends between them.
    const admin = await reviewAs(ADAM);
    const nora = await reviewAs(NORA);
    expect(verdicts(nora.nodes)).toEqual(verdicts(admin.nodes));
    expect(nora.totals.savings).toEqual(admin.totals.savings);
    expect(nora.pools.map((p) => p.savings)).toEqual(admin.pools.map((p) => p.savings));
    // Pods of other namespaces are counted (the admin sees them), but not named for nora.
    const hiddenForNora = podKeys(admin.nodes).filter((k) => !k.startsWith('apps/'));
    expect(hiddenForNora.length).toBeGreaterThan(0);
    const named = podKeys(nora.nodes);
    for (const key of named) expect(key).toMatch(/^(apps\/|\(hidden pod \d+\)$)/);
    expect(named.some((k) => k.startsWith('(hidden pod'))).toBe(true);
  });
});
