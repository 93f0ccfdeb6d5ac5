// Managed node groups through the route, against the sandbox's EKS API: the dry run sends
// nothing (EKS has none), bad intents are refused with the field and nothing is created, a user
// whose Kubernetes RBAC does not allow adding capacity is refused before EKS is called, and a
// real create launches nodes labelled with the group's name.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as list, POST as create } from '@/app/api/clusters/[cluster]/nodegroups/route';
import { createManagedNodegroup } from '@/lib/server/eks/nodegroups';
import { eksFor } from '@/lib/server/eks/for-cluster';
import { userApis } from '@/lib/server/user-apis';
import { AppError } from '@/lib/server/errors';
import { callRoute } from '../support/route-call';
import { eventually } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: RouteSandbox['kubectl'];
const params = { cluster: 'sandbox' };
const intent = {
  name: 'batch-pool',
  nodeRole: 'AmazonEKSNodeRole',
  instanceTypes: ['m6a.xlarge'],
  scaling: { minSize: 1, maxSize: 3, desiredSize: 2 },
  labels: { workload: 'batch' },
  taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' as const }],
};

beforeAll(async () => {
  env = await startRouteSandbox();
  kubectl = env.kubectl;
});

afterAll(async () => {
  await env?.stop();
});

const groupNames = async () => ((await callRoute(list, params)).body.nodegroups as Array<{ name: string }>).map((g) => g.name);

describe('POST nodegroups', () => {
  it('a dry run checks, answers the request and the eksctl equivalents, and creates nothing', async () => {
    const res = await callRoute(create, params, { body: { ...intent, dryRun: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.eksctl.command).toBe(
      'eksctl create nodegroup --cluster sandbox --name batch-pool --node-type m6a.xlarge --nodes 2 --nodes-min 1 --nodes-max 3 --node-labels workload=batch --managed',
    );
    expect(res.body.eksctl.config).toContain('instanceRoleARN: arn:aws:iam::111122223333:role/AmazonEKSNodeRole');
    expect(res.body.eksctl.config).toContain('effect: NoSchedule');
    // Default subnets: the cluster's own, from DescribeCluster.
    expect(res.body.request.subnets).toEqual(['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60003']);
    expect(res.body.request.tags['nodelanes.io/created-by']).toBe('demo-operator');
    expect(res.body.findings.map((f: { code: string }) => f.code)).toContain('new-nodes-only');
    expect(await groupNames()).toEqual(['general-pool']);
  });

  it.each([
    ['a name with a dot', { ...intent, name: 'batch.pool' }, 'name'],
    ['a Kubernetes taint effect', { ...intent, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }, 'taints.0.effect'],
    ['a fractional size', { ...intent, scaling: { ...intent.scaling, desiredSize: 1.5 } }, 'scaling.desiredSize'],
    ['no instance type', { ...intent, instanceTypes: [] }, 'instanceTypes'],
    ['an unknown field', { ...intent, amiType: 'AL2023_x86_64_STANDARD' }, ''],
  ])('refuses %s with 400 and the field', async (_, body, field) => {
    const res = await callRoute(create, params, { body });
    expect(res.status).toBe(400);
    if (field) expect(res.body.error.message.startsWith(`${field}:`), res.body.error.message).toBe(true);
    expect(await groupNames()).toEqual(['general-pool']);
  });

  it.each([
    ['an unknown instance type', { ...intent, instanceTypes: ['m6a.xlarge', 'z9.huge'] }, 'instanceTypes', 'z9.huge'],
    ['desired above max', { ...intent, scaling: { minSize: 1, maxSize: 2, desiredSize: 3 } }, 'scaling.desiredSize', 'between the minimum (1) and the maximum (2)'],
    ['min above max', { ...intent, scaling: { minSize: 4, maxSize: 2, desiredSize: 2 } }, 'scaling.minSize', 'larger than the maximum'],
    ['a name taken', { ...intent, name: 'general-pool' }, 'name', 'already exists'],
  ])('preflight refuses %s with 422 on the field, before EKS is called', async (_, body, field, words) => {
    const res = await callRoute(create, params, { body });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('preflight_failed');
    expect(res.body.error.message).toContain(words);
    expect(res.body.error.details.findings.find((f: { level: string }) => f.level === 'error').field).toBe(field);
    expect(await groupNames()).toEqual(['general-pool']);
  });

  it('refuses a user whose RBAC may not add capacity, before anything reaches EKS', async () => {
    const eks = eksFor('sandbox')!;
    const viewer = userApis('sandbox', { user: 'vera', groups: ['viewers'] });
    const refused = await createManagedNodegroup(eks, viewer, intent, { actor: 'vera', requestId: 'req-test-viewer', region: 'us-east-1' }).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('create nodepools.karpenter.sh');
    expect(await groupNames()).toEqual(['general-pool']);
  });

  it('creates the group; EKS launches its nodes with the group label, labels and taints', async () => {
    const res = await callRoute(create, params, { body: intent });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dryRun).toBe(false);
    expect(res.body.nodegroup).toMatchObject({ name: 'batch-pool', status: 'CREATING', instanceTypes: ['m6a.xlarge'], scaling: intent.scaling, labels: { workload: 'batch' } });
    expect(res.body.target).toEqual({ key: 'eks.amazonaws.com/nodegroup', value: 'batch-pool' });
    const nodes = await eventually('two nodes of the new group', async () => {
      const got = await kubectl.json(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=batch-pool']);
      return got.items.length === 2 ? got.items : undefined;
    });
    for (const n of nodes) {
      expect(n.metadata.labels).toMatchObject({ workload: 'batch', 'node.kubernetes.io/instance-type': 'm6a.xlarge' });
      expect(n.spec.taints).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
    }
    await eventually('the group ACTIVE', async () => (await callRoute(list, params)).body.nodegroups.find((g: { name: string; status: string }) => g.name === 'batch-pool')?.status === 'ACTIVE');
  });

  it('a second create of the same name is refused by preflight', async () => {
    const res = await callRoute(create, params, { body: intent });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('Node group "batch-pool" already exists');
  });
});
