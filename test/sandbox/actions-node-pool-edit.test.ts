// Editing a NodePool through the routes, against the sandbox: the plan shows the spec diff and
// the nodes a narrower instance-type list would drift; the dry run changes nothing; apply records
// the action and an Event; built-in pools, unknown types and bad values are refused; a stale
// plan is a 409 that says what happened; a user the cluster's RBAC keeps from nodes sees none.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/server/auth';
import { clearAccessCache } from '@/lib/server/access';
import { getTopology } from '@/lib/server/topology-hub';
import { GET as list } from '@/app/api/clusters/[cluster]/node-pools/route';
import { GET as read, PATCH as apply, POST as plan } from '@/app/api/clusters/[cluster]/node-pools/[name]/route';
import { GET as activity } from '@/app/api/clusters/[cluster]/activity/[id]/route';
import { callRoute } from '../support/route-call';
import { eventually } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

const DEMO: SessionUser = { name: 'demo-operator', groups: ['operators'], source: 'sandbox-demo' };
const signedIn = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/server/auth')>()),
  currentUser: async () => signedIn.user,
}));

let env: RouteSandbox;
let kubectl: RouteSandbox['kubectl'];
const params = { cluster: 'sandbox', name: 'batch' };

const pool = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'batch' },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6a.large', 'm6a.xlarge'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
        ],
      },
    },
    limits: { cpu: '32' },
    disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m' },
  },
};

const worker = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'batch-worker', namespace: 'apps' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'batch-worker' } },
    template: {
      metadata: { labels: { app: 'batch-worker' } },
      spec: { nodeSelector: { 'karpenter.sh/nodepool': 'batch' }, containers: [{ name: 'w', image: 'busybox', resources: { requests: { cpu: '500m', memory: '512Mi' } } }] },
    },
  },
};

beforeAll(async () => {
  signedIn.user = DEMO;
  env = await startRouteSandbox();
  kubectl = env.kubectl;
  await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(pool) });
  await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(worker) });
  // The pool's first node, and the topology hub seeing it: the drift plan reads the shared cache.
  await eventually('a node of the batch pool in the topology', async () => (await getTopology('sandbox')).nodes.find((n) => n.pool.name === 'batch' && n.ready));
});

afterAll(async () => {
  await env?.stop();
});

const poolSpec = async () => (await kubectl.json(['get', 'nodepool', 'batch'])).spec;

describe('NodePool edit', () => {
  it('follows the user\'s RBAC: someone who may not see nodes lists no pools and cannot read one', async () => {
    clearAccessCache();
    signedIn.user = { name: 'tess@example.test', groups: ['team-apps'], source: 'oidc' };
    try {
      const listed = await callRoute(list, { cluster: 'sandbox' });
      expect(listed.status).toBe(200);
      expect(listed.body.nodePools).toEqual([]);
      const planned = await callRoute(plan, params, { body: { consolidateAfter: '1m' } });
      expect(planned.status).toBe(403);
      expect(planned.body.error.message).toContain('User "tess@example.test" cannot get resource "nodepools" in API group "karpenter.sh"');
    } finally {
      signedIn.user = DEMO;
      clearAccessCache();
    }
  });

  it('GET answers the editable fields and the versions to plan against; the list marks built-in pools', async () => {
    const res = await callRoute(read, params);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The pool was applied without budgets: the CRD's default gives it one of 10%.
    expect(res.body.current).toEqual({ instanceTypes: ['c6a.large', 'm6a.xlarge'], limits: { cpu: '32' }, consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m', budgets: [{ nodes: '10%' }] });
    expect(res.body.resourceVersion).toMatch(/^\d+$/);
    expect(res.body.generation).toBe(1);
    const listed = await callRoute(list, { cluster: 'sandbox' });
    const byName = Object.fromEntries(listed.body.nodePools.map((p: { name: string; builtIn: boolean }) => [p.name, p.builtIn]));
    expect(byName).toMatchObject({ batch: false, 'general-purpose': true, system: true });
  });

  it('plans: the diff, the drifted node, the patch and kubectl, and changes nothing', async () => {
    const node = (await getTopology('sandbox')).nodes.find((n) => n.pool.name === 'batch')!;
    // The sandbox launches the cheapest type that fits: narrowing to the other one drifts the node.
    const keep = node.instanceType === 'c6a.large' ? 'm6a.xlarge' : 'c6a.large';
    const before = await poolSpec();
    const res = await callRoute(plan, params, { body: { instanceTypes: [keep], limits: { cpu: '64', memory: '128Gi' }, consolidateAfter: '1m' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.changes.map((c: { path: string }) => c.path)).toEqual(['template.spec.requirements', 'limits.cpu', 'limits.memory', 'disruption.consolidateAfter']);
    expect(res.body.drifted).toEqual([{ name: node.name, instanceType: node.instanceType, reason: `node.kubernetes.io/instance-type=${node.instanceType} is no longer allowed` }]);
    expect(res.body.diff.filter((l: { op: string }) => l.op !== ' ').map((l: { op: string; text: string }) => `${l.op}${l.text.trim()}`)).toEqual(
      expect.arrayContaining(['-consolidateAfter: 10m', '+consolidateAfter: 1m', "-cpu: '32'", "+cpu: '64'", '+memory: 128Gi']),
    );
    expect(res.body.kubectl).toMatch(/^kubectl patch nodepool batch --type merge -p '\{"spec":\{/);
    expect(await poolSpec()).toEqual(before);
  });

  it.each([
    ['a bad limit', { limits: { cpu: 'lots' } }, 'limits.cpu'],
    ['a bad consolidateAfter', { consolidateAfter: '30 seconds' }, 'consolidateAfter'],
    ['a budget without its schedule', { budgets: [{ nodes: '1', duration: '8h' }] }, 'budgets.0.duration'],
    ['an unknown field', { weight: 5 }, ''],
  ])('refuses %s with 400 and the field', async (_, body, field) => {
    const res = await callRoute(plan, params, { body });
    expect(res.status).toBe(400);
    if (field) expect(res.body.error.message.startsWith(`${field}:`), res.body.error.message).toBe(true);
  });

  it('refuses unknown instance types and Auto Mode built-in pools with 422, nothing changed', async () => {
    const current = (await callRoute(read, params)).body;
    const unknown = await callRoute(apply, params, { method: 'PATCH', body: { instanceTypes: ['z9.huge'], resourceVersion: current.resourceVersion } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.findings[0]).toMatchObject({ field: 'instanceTypes', message: 'Unknown instance type: z9.huge.' });
    const gp = (await callRoute(read, { ...params, name: 'general-purpose' })).body;
    const builtIn = await callRoute(apply, { ...params, name: 'general-purpose' }, { method: 'PATCH', body: { limits: { cpu: '8' }, resourceVersion: gp.resourceVersion } });
    expect(builtIn.status).toBe(422);
    expect(builtIn.body.error.message).toContain('built-in');
    expect((await kubectl.json(['get', 'nodepool', 'general-purpose'])).metadata.resourceVersion).toBe(gp.resourceVersion);
    expect((await kubectl.json(['get', 'nodepool', 'batch'])).metadata.resourceVersion).toBe(current.resourceVersion);
  });

  it('a dry run goes through admission and changes nothing', async () => {
    const current = (await callRoute(read, params)).body;
    const res = await callRoute(apply, params, { method: 'PATCH', body: { limits: { cpu: null }, resourceVersion: current.resourceVersion, dryRun: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.patch.spec).toEqual({ limits: { cpu: null } });
    expect((await kubectl.json(['get', 'nodepool', 'batch'])).metadata.resourceVersion).toBe(current.resourceVersion);
  });

  it('a stale resourceVersion is a 409 that says so; the pool keeps the other writer\'s change', async () => {
    const planned = (await callRoute(read, params)).body;
    await kubectl.ok(['patch', 'nodepool', 'batch', '--type', 'merge', '-p', '{"spec":{"weight":7}}']);
    const res = await callRoute(apply, params, { method: 'PATCH', body: { consolidateAfter: '2m', resourceVersion: planned.resourceVersion } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('was changed by someone else since you opened it');
    const spec = await poolSpec();
    expect(spec.weight).toBe(7);
    expect(spec.disruption.consolidateAfter).toBe('10m');
    // With the generation as the premise, a spec change is caught before anything is sent.
    const stale = await callRoute(apply, params, { method: 'PATCH', body: { consolidateAfter: '2m', resourceVersion: planned.resourceVersion, generation: planned.generation } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain(`generation ${planned.generation} → ${planned.generation + 1}`);
  });

  it('applies: the pool changes, the record and the Event say who, and the activity resolves', async () => {
    const planned = (await callRoute(read, params)).body;
    const res = await callRoute(apply, params, {
      method: 'PATCH',
      body: { consolidationPolicy: 'WhenEmptyOrUnderutilized', budgets: [{ nodes: '1' }], limits: { cpu: null, memory: '64Gi' }, resourceVersion: planned.resourceVersion, generation: planned.generation },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await kubectl.json(['get', 'nodepool', 'batch']);
    expect(after.spec.disruption).toMatchObject({ consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '10m', budgets: [{ nodes: '1' }] });
    expect(after.spec.limits).toEqual({ memory: '64Gi' });
    expect(after.spec.template.spec.requirements).toEqual(pool.spec.template.spec.requirements);
    expect(JSON.parse(after.metadata.annotations['nodelanes.io/last-action'])).toMatchObject({ id: res.body.activityId, action: 'edit-node-pool', by: 'demo-operator' });
    const events = await kubectl.json(['get', 'events', '-n', 'default', '--field-selector', 'reason=NodePoolUpdated']);
    expect(events.items.map((e: { message: string }) => e.message)).toContain(
      'NodePool batch updated by demo-operator through nodelanes: limits.cpu, limits.memory, disruption.consolidationPolicy, disruption.budgets',
    );
    const found = await callRoute(activity, { cluster: 'sandbox', id: res.body.activityId });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ action: 'edit-node-pool', target: { key: 'karpenter.sh/nodepool', value: 'batch' }, objects: [{ kind: 'NodePool', name: 'batch' }] });
    const again = await callRoute(apply, params, { method: 'PATCH', body: { consolidationPolicy: 'WhenEmptyOrUnderutilized', resourceVersion: after.metadata.resourceVersion } });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('no_change');
  });
});
