// A plan shows nodes and pools, so it follows the user's RBAC like the lanes do: someone who may
// not list nodes (team-apps: `view` in namespace apps only) gets 403, an operator gets the plan.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/server/auth';
import { clearAccessCache } from '@/lib/server/access';
import { POST as plan } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/plan/route';
import { GET as nodeClasses } from '@/app/api/clusters/[cluster]/node-classes/route';
import { callRoute } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/server/auth')>()),
  currentUser: async () => signedIn.user,
}));

let env: RouteSandbox;
const TESS: SessionUser = { name: 'tess@example.test', groups: ['team-apps'], source: 'oidc' };
const OTTO: SessionUser = { name: 'otto@example.test', groups: ['operators'], source: 'oidc' };
const params = { cluster: 'sandbox', namespace: 'apps', name: 'frontend' };
const body = { target: { key: 'eks.amazonaws.com/nodeclass', value: 'default' } };

beforeAll(async () => {
  env = await startRouteSandbox();
});

afterAll(async () => {
  await env?.stop();
});

describe('planning as the user', () => {
  it('refuses a user who may not list nodes, with the reason', async () => {
    clearAccessCache();
    signedIn.user = TESS;
    const res = await callRoute(plan, params, { body });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('does not let tess@example.test list nodes');
    const classes = await callRoute(nodeClasses, { cluster: 'sandbox' });
    expect(classes.status).toBe(200);
    expect(classes.body.nodeClasses).toEqual([]);
  });

  it('answers an operator', async () => {
    clearAccessCache();
    signedIn.user = OTTO;
    const res = await callRoute(plan, params, { body });
    expect(res.status).toBe(200);
    expect(res.body.plan.target.kind).toBe('nodeclass');
    const classes = await callRoute(nodeClasses, { cluster: 'sandbox' });
    expect(classes.body.nodeClasses.map((c: { name: string }) => c.name)).toContain('default');
  });
});
