// Plan and pin through the routes, as the sandbox's demo operator: the seed migration's step 3
// done by the dashboard instead of kubectl, then Auto Mode doing the rest, and the refusals a
// user can meet (a wrong key, someone else's change, a pool that may not grow).

import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as plan } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/plan/route';
import { POST as pin } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/pin/route';
import { POST as unpin } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/unpin/route';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const params = (name: string) => ({ cluster: 'sandbox', namespace: 'apps', name });
const TARGET = { key: 'eks.amazonaws.com/nodeclass', value: 'ai-ml-node-class' };

const nodeClassAndPool = (limitsCpu?: string) => ({
  apiVersion: 'v1',
  kind: 'List',
  items: [
    { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'ai-ml-node-class' }, spec: { role: 'AmazonEKSAutoNodeRole', subnetSelectorTerms: [{ tags: { 'kubernetes.io/role/internal-elb': '1' } }], securityGroupSelectorTerms: [{ tags: { 'aws:eks:cluster-name': 'sandbox' } }] } },
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'ai-ml' },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
            requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] }],
            taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
          },
        },
        ...(limitsCpu ? { limits: { cpu: limitsCpu } } : {}),
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s' },
      },
    },
  ],
});

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 20, quietLevels: ['log', 'warn'] });
  kubectl = env.kubectl;
  await kubectl.ok(['apply', '-f', '-'], { input: nodeClassAndPool().items.map((o) => yaml.dump(o)).join('---\n') });
  await eventually('the topology to show the new pool', async () => {
    const res = await callRoute(plan, params('image-proctoring'), { body: { target: TARGET } });
    return res.status === 200 && res.body.plan.target.pools.includes('ai-ml');
  });
});

afterAll(async () => {
  await env?.stop();
});

describe('plan', () => {
  it('says Auto Mode launches an allowed type for both AI/ML deployments and what it costs', async () => {
    const res = await callRoute(plan, params('image-proctoring'), { body: { target: TARGET, alsoMoving: [{ namespace: 'apps', name: 'question-generator' }] } });
    expect(res.status).toBe(200);
    const p = res.body.plan;
    expect(p.target).toMatchObject({ kind: 'nodeclass', pools: ['ai-ml'] });
    expect(p.pods.pending).toBe(0);
    expect(p.newNodes.length).toBeGreaterThan(0);
    for (const n of p.newNodes) expect(['m6a.xlarge', 'c6a.large']).toContain(n.instanceType);
    expect(p.placementsAfter['apps/image-proctoring'].tolerations).toEqual([{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }]);
    expect(res.body.deployments.map((d: { name: string }) => d.name)).toEqual(['image-proctoring', 'question-generator']);
    expect(typeof p.cost.deltaMonthly).toBe('number');
  });

  it('refuses the wrong node class key with a 400 that says which key to use', async () => {
    const res = await callRoute(plan, params('image-proctoring'), { body: { target: { key: 'eks.amazonaws.com/node-class', value: 'ai-ml-node-class' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('eks.amazonaws.com/nodeclass');
  });
});

describe('pin', () => {
  it('dry run first: nothing changes', async () => {
    const before = await kubectl.json(['get', 'deployment', 'image-proctoring', '-n', 'apps']);
    const res = await callRoute(pin, params('image-proctoring'), { body: { target: TARGET, dryRun: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, changed: true });
    const after = await kubectl.json(['get', 'deployment', 'image-proctoring', '-n', 'apps']);
    expect(after.metadata.generation).toBe(before.metadata.generation);
  });

  it('a stale plan is a 409, explained, and nothing is pinned', async () => {
    const seen = await kubectl.json(['get', 'deployment', 'image-proctoring', '-n', 'apps']);
    // Someone else changes the spec (without moving pods) after the user opened the plan.
    await kubectl.ok(['patch', 'deployment/image-proctoring', '-n', 'apps', '-p', '{"spec":{"revisionHistoryLimit":7}}']);
    const res = await callRoute(pin, params('image-proctoring'), { body: { target: TARGET, generation: seen.metadata.generation } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('changed by someone else since you opened it');
    const after = await kubectl.json(['get', 'deployment', 'image-proctoring', '-n', 'apps']);
    expect(after.spec.template.spec.nodeSelector?.['eks.amazonaws.com/nodeclass']).toBeUndefined();
  });

  it('pins both AI/ML deployments; Auto Mode launches nodes of the class and the pods land there', async () => {
    for (const name of ['image-proctoring', 'question-generator']) {
      const d = await kubectl.json(['get', 'deployment', name, '-n', 'apps']);
      const res = await callRoute(pin, params(name), { body: { target: TARGET, restart: true, generation: d.metadata.generation } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // Unrelated selectors stay (the seed selects Auto Mode nodes with compute-type=auto).
      expect(res.body.after.nodeSelector).toEqual({ 'eks.amazonaws.com/compute-type': 'auto', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' });
    }
    const d = await kubectl.json(['get', 'deployment', 'image-proctoring', '-n', 'apps']);
    expect(d.spec.template.spec.nodeSelector).toEqual({ 'eks.amazonaws.com/compute-type': 'auto', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' });
    expect(d.spec.template.spec.tolerations).toEqual([{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }]);
    await eventually(
      'AI/ML pods running on ai-ml-node-class nodes',
      async () => {
        const nodes = await kubectl.json(['get', 'nodes', '-l', 'eks.amazonaws.com/nodeclass=ai-ml-node-class']);
        const names = new Set(nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name));
        const pods = await kubectl.json(['get', 'pods', '-n', 'apps']);
        const heavy = pods.items.filter((p: { metadata: { name: string; deletionTimestamp?: string } }) => /^(image-proctoring|question-generator)-/.test(p.metadata.name) && !p.metadata.deletionTimestamp);
        return heavy.length > 0 && heavy.every((p: { spec: { nodeName?: string }; status: { phase: string } }) => p.status.phase === 'Running' && names.has(p.spec.nodeName));
      },
      90_000,
    );
    const events = await kubectl.json(['get', 'events', '-n', 'apps', '--field-selector', 'reason=PinRequested']);
    expect(events.items.map((e: { message: string }) => e.message)).toContain('Pinned to eks.amazonaws.com/nodeclass=ai-ml-node-class and restarted by demo-operator through nodelanes');
  });

  it('unpin removes the pool key and leaves the tolerations', async () => {
    const res = await callRoute(unpin, params('question-generator'), { body: { dryRun: true } });
    expect(res.status).toBe(200);
    expect(res.body.after.nodeSelector).toEqual({ 'eks.amazonaws.com/compute-type': 'auto' });
    expect(res.body.after.tolerations).toEqual([{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }]);
  });
});

describe('activity', () => {
  it('a batch of pins is one activity, found again from the cluster alone', async () => {
    const { GET: activity } = await import('@/app/api/clusters/[cluster]/activity/[id]/route');
    const id = '0b5e2a52-5d1c-4b86-9a1c-2f6f7c1c9e10';
    for (const name of ['image-proctoring', 'question-generator']) {
      const res = await callRoute(pin, params(name), { body: { target: TARGET, activityId: id, batch: ['apps/image-proctoring', 'apps/question-generator'] } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.activityId).toBe(id);
    }
    const found = await callRoute(activity, { cluster: 'sandbox', id });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id, action: 'pin', by: 'demo-operator', target: TARGET, batch: ['apps/image-proctoring', 'apps/question-generator'] });
    expect(found.body.before.nodes).toBeGreaterThan(0);
    expect(found.body.objects.map((o: { name: string }) => o.name)).toEqual(['image-proctoring', 'question-generator']);
    expect((await callRoute(activity, { cluster: 'sandbox', id: 'no-such-activity' })).status).toBe(404);
  });
});
