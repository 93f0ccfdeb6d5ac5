// The actions' adapters against a real kube-apiserver 1.20, acting as impersonated users exactly
// as the routes do: a NodeClass and its NodePool created through the app's mutation code (1.20
// has no CEL rules and the CRDs here are open, so every check the dashboard promises is its own),
// a pin with restart that the real scheduler honours (pods end up on the tainted target node), a
// stale NodePool edit refused by the API server's own resourceVersion precondition (409), and a
// user without rights getting the API server's 403 in its own words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureTopologyHub, getTopology, stopTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';
import { createNodeClassAndPool } from '@/lib/server/k8s/mutations/node-classes';
import { changePlacement } from '@/lib/server/k8s/mutations/pin';
import { restartDeployment } from '@/lib/server/k8s/mutations/deployments';
import { applyNodePoolEdit, planNodePoolEdit } from '@/lib/server/k8s/mutations/node-pools';
import { kubeErrorToAppError } from '@/lib/server/k8s/errors';
import { nodeClassIntent } from '@/lib/server/intents/node-class';
import { AppError } from '@/lib/server/errors';
import type { Identity } from '@/lib/server/k8s/impersonation';
import { actionRecordOf } from '@/lib/domain/rollout';
import { send, type Server } from './http';
import { installCrds } from './crds';
import { until } from '../support/until';

const NS = 'actions';
const LANE = 'nodelanes.test/lane';
const OPERATORS = 'nodelanes-test-operators';
const operator: Identity = { user: 'olivia', groups: [OPERATORS] };
const nobody: Identity = { user: 'nina', groups: [] };
const ctx = (requestId: string) => ({ actor: 'olivia', requestId });
const TAINT = { key: 'dedicated', value: 'ai-ml', effect: 'NoSchedule' as const };
let real: Server;

async function admin(method: string, path: string, body?: unknown, expected = [200, 201]) {
  const res = await send(real, { method, path, body });
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.json;
}

const node = (name: string, lane: string, taints: unknown[] = []) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { [LANE]: lane, 'node.kubernetes.io/instance-type': 'm6a.xlarge' } },
  spec: taints.length ? { taints } : {},
  status: { capacity: { cpu: '4', memory: '16Gi', pods: '58' }, allocatable: { cpu: '3920m', memory: '14Gi', pods: '58' } },
});

const podsOf = async (deployment: string) =>
  ((await admin('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3D${deployment}`)).items as Array<{
    metadata: { name: string; deletionTimestamp?: string };
    spec: { nodeName?: string };
    status: { phase?: string };
  }>).filter((p) => !p.metadata.deletionTimestamp);

/** What the pods, the deployment and the nodes looked like, for a timeout's message. */
async function proctorState() {
  const pods = (await admin('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dproctor`)).items.map(
    (p: { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status: { phase?: string; conditions?: Array<{ type: string; reason?: string; message?: string }> } }) => ({
      name: p.metadata.name,
      node: p.spec.nodeName,
      phase: p.status.phase,
      deleting: Boolean(p.metadata.deletionTimestamp),
      unschedulable: p.status.conditions?.find((c) => c.type === 'PodScheduled' && c.reason)?.message,
    }),
  );
  const d = await admin('GET', `/apis/apps/v1/namespaces/${NS}/deployments/proctor`);
  const nodes = (await admin('GET', '/api/v1/nodes')).items.map((n: { metadata: { name: string }; spec: { taints?: unknown; unschedulable?: boolean } }) => ({ name: n.metadata.name, taints: n.spec.taints, unschedulable: n.spec.unschedulable }));
  const sets = (await admin('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dproctor`)).items.map(
    (r: { metadata: { name: string; annotations?: Record<string, string> }; spec: { replicas?: number; template: { metadata?: { annotations?: Record<string, string> } } } }) => ({
      name: r.metadata.name,
      revision: r.metadata.annotations?.['deployment.kubernetes.io/revision'],
      replicas: r.spec.replicas,
      restartedAt: r.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'],
    }),
  );
  return { pods, sets, generation: d.metadata.generation, restartedAt: d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], status: d.status, nodeSelector: d.spec.template.spec.nodeSelector, tolerations: d.spec.template.spec.tolerations, nodes };
}

beforeAll(async () => {
  if (!process.env.KUBE_API || !process.env.KUBE_TOKEN || !process.env.KUBECONFIG) throw new Error('run through scripts/test-real.sh');
  real = { name: 'real', base: process.env.KUBE_API, token: process.env.KUBE_TOKEN };
  process.env.NODELANES_CLUSTER = 'kubeconfig';
  configureTopologyHub({ informer: { backoff: { baseMs: 200, maxMs: 1_000 }, absentRetryMs: 500, log: () => undefined } });
  await installCrds(real);
  await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, [201, 409]);
  await admin('POST', '/api/v1/nodes', node('actions-old', 'old'), [201, 409]);
  await admin('POST', '/api/v1/nodes', node('actions-new', 'new', [TAINT]), [201, 409]);
  // What the sandbox grants its `operators`, reduced to what these actions need.
  await admin(
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: OPERATORS },
      rules: [
        { apiGroups: ['karpenter.sh'], resources: ['nodepools'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
        { apiGroups: ['eks.amazonaws.com'], resources: ['nodeclasses'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
    },
    [201, 409],
  );
  await admin(
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: OPERATORS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OPERATORS },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: OPERATORS }],
    },
    [201, 409],
  );
  await admin('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'proctor' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'proctor' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'proctor' } },
        spec: { nodeSelector: { [LANE]: 'old' }, containers: [{ name: 'proctor', image: 'registry.example/proctor:1', resources: { requests: { cpu: '500m', memory: '512Mi' } } }] },
      },
    },
  });
  await until('two proctor pods running on the old node', async () => {
    const pods = await podsOf('proctor');
    return pods.length === 2 && pods.every((p) => p.status.phase === 'Running' && p.spec.nodeName === 'actions-old');
  });
});

afterAll(async () => {
  stopTopology();
  if (!real) return;
  // The differential suite lists these kinds and schedules onto any untainted node: leave none of ours behind.
  for (const path of [
    '/apis/karpenter.sh/v1/nodepools/ai-ml',
    '/apis/eks.amazonaws.com/v1/nodeclasses/ai-ml-node-class',
    `/api/v1/namespaces/${NS}`,
    '/api/v1/nodes/actions-old',
    '/api/v1/nodes/actions-new',
    `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${OPERATORS}`,
    `/apis/rbac.authorization.k8s.io/v1/clusterroles/${OPERATORS}`,
  ]) {
    await send(real, { method: 'DELETE', path }).catch(() => undefined);
  }
});

const intent = nodeClassIntent.parse({
  name: 'ai-ml-node-class',
  role: 'AmazonEKSAutoNodeRole',
  nodePool: { name: 'ai-ml', instanceTypes: ['m6a.xlarge', 'c6a.large'], taints: [TAINT], limits: { cpu: '64' }, consolidateAfter: '30s' },
});

async function preflight() {
  const s = await getTopology('real');
  return { nodeClasses: s.nodeClasses, nodePools: s.nodePools, pods: s.pods };
}

describe('actions against a real kube-apiserver', () => {
  it('validation is ours: the open CRDs would take anything, the intent and preflight refuse it first', async () => {
    expect(nodeClassIntent.safeParse({ ...intent, name: 'AI_ML' }).success).toBe(false);
    const refused = await createNodeClassAndPool(userApis('real', operator), { ...intent, nodePool: { ...intent.nodePool, instanceTypes: ['z9.huge'] } }, await preflight(), ctx('req-real-preflight')).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.status).toBe(422);
    expect((await send(real, { path: '/apis/karpenter.sh/v1/nodepools/ai-ml' })).status).toBe(404);
  });

  it('creates a NodeClass and its NodePool as the operator, dry run first', async () => {
    const apis = userApis('real', operator);
    const dry = await createNodeClassAndPool(apis, { ...intent, dryRun: true }, await preflight(), ctx('req-real-dry'));
    expect(dry.dryRun).toBe(true);
    expect((await send(real, { path: '/apis/eks.amazonaws.com/v1/nodeclasses/ai-ml-node-class' })).status).toBe(404);
    expect((await send(real, { path: '/apis/karpenter.sh/v1/nodepools/ai-ml' })).status).toBe(404);

    const created = await createNodeClassAndPool(apis, intent, await preflight(), ctx('req-real-create'));
    const pool = await admin('GET', '/apis/karpenter.sh/v1/nodepools/ai-ml');
    expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' });
    expect(pool.spec.template.spec.requirements[0]).toEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] });
    expect(actionRecordOf(pool.metadata.annotations)).toMatchObject({ id: created.activityId, action: 'create-node-class', by: 'olivia' });
    expect((await admin('GET', '/apis/eks.amazonaws.com/v1/nodeclasses/ai-ml-node-class')).spec.role).toBe('AmazonEKSAutoNodeRole');
    const events = await admin('GET', '/api/v1/namespaces/default/events?fieldSelector=reason%3DNodePoolCreated');
    expect(events.items.map((e: { message: string }) => e.message)).toContain('NodePool ai-ml and NodeClass ai-ml-node-class created by olivia through nodelanes');
    // The shared cache (informers on the CRDs) sees what was made.
    await until('the new pool in the topology', async () => (await getTopology('real')).nodePools.find((p) => p.name === 'ai-ml'));
  });

  it('pins with a restart; the real scheduler puts every pod on the tainted target node', async () => {
    const result = await changePlacement(
      userApis('real', operator),
      { namespace: NS, name: 'proctor' },
      { action: 'pin', target: { key: LANE, value: 'new' }, taints: [TAINT], restart: true },
      ctx('req-real-pin'),
    );
    expect(result.after).toEqual({ nodeSelector: { [LANE]: 'new' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }] });
    await until(
      'both pods running on actions-new and none left on the old node',
      async () => {
        const pods = await podsOf('proctor');
        return pods.length === 2 && pods.every((p) => p.status.phase === 'Running' && p.spec.nodeName === 'actions-new');
      },
      90_000,
      proctorState,
    );
    const before = new Set((await podsOf('proctor')).map((p) => p.metadata.name));
    // restartedAt has kubectl's one-second precision: a restart in the same second as the pin's
    // writes the same template (only the record annotation changes) and starts no rollout.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 50));
    const restarted = await restartDeployment(userApis('real', operator), { namespace: NS, name: 'proctor' }, ctx('req-real-restart'));
    expect(restarted.kubectl).toBe(`kubectl rollout restart deployment/proctor -n ${NS}`);
    await until(
      'a restarted pod set, still on the target node',
      async () => {
        const pods = await podsOf('proctor');
        return pods.length === 2 && pods.every((p) => !before.has(p.metadata.name) && p.status.phase === 'Running' && p.spec.nodeName === 'actions-new');
      },
      90_000,
      proctorState,
    );
  });

  it('a NodePool edit planned against a version someone else replaced is the API server\'s 409, explained', async () => {
    const apis = userApis('real', operator);
    const planned = await planNodePoolEdit(apis, 'ai-ml', { consolidateAfter: '5m' }, (await getTopology('real')).nodes);
    expect(planned.changes).toEqual([{ path: 'disruption.consolidateAfter', before: '30s', after: '5m' }]);
    const other = await send(real, { method: 'PATCH', path: '/apis/karpenter.sh/v1/nodepools/ai-ml', contentType: 'application/merge-patch+json', body: { spec: { weight: 9 } } });
    expect(other.status).toBe(200);
    const stale = await applyNodePoolEdit(apis, 'ai-ml', { consolidateAfter: '5m', resourceVersion: planned.resourceVersion }, [], ctx('req-real-stale')).catch((e) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect(stale.status).toBe(409);
    expect(stale.message).toContain(`resourceVersion ${planned.resourceVersion} is no longer current`);
    const pool = await admin('GET', '/apis/karpenter.sh/v1/nodepools/ai-ml');
    expect(pool.spec.weight).toBe(9);
    expect(pool.spec.disruption.consolidateAfter).toBe('30s');
    // Planned again, the same edit goes through (dry run, then the write).
    const fresh = await applyNodePoolEdit(apis, 'ai-ml', { consolidateAfter: '5m', resourceVersion: pool.metadata.resourceVersion }, [], ctx('req-real-edit'));
    expect(fresh.dryRun).toBe(false);
    expect((await admin('GET', '/apis/karpenter.sh/v1/nodepools/ai-ml')).spec.disruption.consolidateAfter).toBe('5m');
  });

  it('a user without rights gets 403 with the API server\'s own message, and nothing changes', async () => {
    const before = await admin('GET', `/apis/apps/v1/namespaces/${NS}/deployments/proctor`);
    const restart = await restartDeployment(userApis('real', nobody), { namespace: NS, name: 'proctor' }, { actor: 'nina', requestId: 'req-real-403' }).catch((e) => e);
    const mapped = kubeErrorToAppError(restart, 'real');
    expect(mapped?.status).toBe(403);
    expect(mapped?.message).toBe(`deployments.apps "proctor" is forbidden: User "nina" cannot get resource "deployments" in API group "apps" in the namespace "${NS}"`);
    const edit = await applyNodePoolEdit(userApis('real', nobody), 'ai-ml', { limits: { cpu: '1' }, resourceVersion: '1' }, [], { actor: 'nina', requestId: 'req-real-403b' }).catch((e) => e);
    expect(kubeErrorToAppError(edit, 'real')?.message).toBe('nodepools.karpenter.sh "ai-ml" is forbidden: User "nina" cannot get resource "nodepools" in API group "karpenter.sh" at the cluster scope');
    expect((await admin('GET', `/apis/apps/v1/namespaces/${NS}/deployments/proctor`)).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});
