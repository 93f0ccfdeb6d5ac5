// Creating the seed's ai-ml-node-class and its pool through the route, against the sandbox:
// the dry run creates nothing, the real create makes both objects that Auto Mode then reports
// Ready, and bad intents are refused with field errors while the cluster stays as it was.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as list, POST as create } from '@/app/api/clusters/[cluster]/node-classes/route';
import { fieldErrors } from '@/lib/client/field-errors';
import { callRoute } from '../support/route-call';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const params = { cluster: 'sandbox' };
const intent = {
  name: 'ai-ml-node-class',
  role: 'AmazonEKSAutoNodeRole',
  nodePool: { name: 'ai-ml', instanceTypes: ['m6a.xlarge', 'c6a.large'], taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }], limits: { cpu: '64', memory: '256Gi' } },
};

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 20, quietLevels: ['log'] });
  kubectl = env.kubectl;
});

afterAll(async () => {
  await env?.stop();
});

const exists = async (kind: string, name: string) => (await kubectl.run(['get', kind, name])).code === 0;

describe('POST node-classes', () => {
  it('a dry run answers the YAML and the kubectl equivalent and creates nothing', async () => {
    const res = await callRoute(create, params, { body: { ...intent, dryRun: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.yaml).toContain('kind: NodeClass');
    expect(res.body.yaml).toContain('kind: NodePool');
    expect(res.body.yaml).toContain('m6a.xlarge');
    expect(res.body.kubectl).toBe('kubectl apply -f ai-ml-node-class.yaml');
    // Copied from the cluster's `default` class, as the form promises.
    expect(res.body.objects.nodeClass.spec.subnetSelectorTerms).toBeDefined();
    expect(await exists('nodeclass', 'ai-ml-node-class')).toBe(false);
    expect(await exists('nodepool', 'ai-ml')).toBe(false);
  });

  it.each([
    ['an upper-case name', { ...intent, name: 'AI-ML' }, 'name'],
    ['an ARN for the role', { ...intent, role: 'arn:aws:iam::123456789012:role/x' }, 'role'],
    ['a bad limit', { ...intent, nodePool: { ...intent.nodePool, limits: { cpu: 'lots' } } }, 'nodePool.limits.cpu'],
    ['a bad taint effect', { ...intent, nodePool: { ...intent.nodePool, taints: [{ key: 'a', effect: 'Sometimes' }] } }, 'nodePool.taints.0.effect'],
    ['an unknown field', { ...intent, instanceTypes: ['m6a.xlarge'] }, ''],
    ['a bad consolidateAfter', { ...intent, nodePool: { ...intent.nodePool, consolidateAfter: '30 seconds' } }, 'nodePool.consolidateAfter'],
  ])('refuses %s with 400 and the field', async (_, body, field) => {
    const res = await callRoute(create, params, { body });
    expect(res.status).toBe(400);
    if (field) expect(res.body.error.message.startsWith(`${field}:`)).toBe(true);
    expect(await exists('nodeclass', 'ai-ml-node-class')).toBe(false);
  });

  const scheduled = (budget: object) => ({ ...intent, nodePool: { ...intent.nodePool, budgets: [{ nodes: '10%' }, { nodes: '0', ...budget }] } });
  it.each([
    ['a cron minute past 59', scheduled({ schedule: '61 9 * * mon-fri', duration: '8h' }), 'nodePool.budgets.1.schedule', 'not a schedule Karpenter can read'],
    ['a cron with four fields', scheduled({ schedule: '0 9 * *', duration: '8h' }), 'nodePool.budgets.1.schedule', 'cron schedule'],
    ['a window in days', scheduled({ schedule: '0 9 * * mon-fri', duration: '1d' }), 'nodePool.budgets.1.duration', 'hours and minutes'],
    ['a reserved tag key', { ...intent, tags: { team: 'ml', 'kubernetes.io/cluster/sandbox': 'owned' } }, 'tags.kubernetes.io/cluster/sandbox', 'restricted'],
    ['an eks: tag key', { ...intent, tags: { 'eks:eks-cluster-name': 'other' } }, 'tags.eks:eks-cluster-name', 'restricted'],
    ['a security group id as a subnet term', { ...intent, subnetSelectorTerms: [{ tags: { Name: 'private-*' } }, { id: 'sg-0abc' }] }, 'subnetSelectorTerms.1.id', 'subnet-'],
    ['a term with an id and tags', { ...intent, securityGroupSelectorTerms: [{ id: 'sg-0abc', tags: { a: 'b' } }] }, 'securityGroupSelectorTerms.0', 'either an id or tags'],
    ['two taints with one key and effect', { ...intent, nodePool: { ...intent.nodePool, taints: [...intent.nodePool.taints, { key: 'workload', value: 'b', effect: 'NoSchedule' }] } }, 'nodePool.taints.1.key', 'unique by key and effect'],
  ])('refuses %s with the field path the form shows it at, and creates nothing', async (_, body, path, words) => {
    const res = await callRoute(create, params, { body: { ...body, dryRun: false } });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(fieldErrors(res.body.error.details)[path]?.join(' ')).toContain(words);
    expect(await exists('nodeclass', 'ai-ml-node-class')).toBe(false);
    expect(await exists('nodepool', 'ai-ml')).toBe(false);
  });

  it('refuses an unknown instance type in preflight with 422', async () => {
    const res = await callRoute(create, params, { body: { ...intent, nodePool: { ...intent.nodePool, instanceTypes: ['m6a.xlarge', 'z9.huge'] } } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('preflight_failed');
    expect(res.body.error.message).toContain('z9.huge');
    expect(await exists('nodepool', 'ai-ml')).toBe(false);
  });

  it('creates both; the sandbox reports the class Ready and the list shows it with its pool', async () => {
    const res = await callRoute(create, params, { body: intent });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const pool = await kubectl.json(['get', 'nodepool', 'ai-ml']);
    expect(pool.spec.template.spec.nodeClassRef.name).toBe('ai-ml-node-class');
    expect(pool.spec.limits).toEqual({ cpu: '64', memory: '256Gi' });
    await eventually('NodeClass Ready', async () => {
      const nc = await kubectl.json(['get', 'nodeclass', 'ai-ml-node-class']);
      return nc.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
    });
    await eventually('the list to show the class with its pool', async () => {
      const listed = await callRoute(list, params);
      return listed.body.nodeClasses?.some((c: { name: string; nodePools: string[] }) => c.name === 'ai-ml-node-class' && c.nodePools.includes('ai-ml'));
    });
    const events = await kubectl.json(['get', 'events', '-n', 'default', '--field-selector', 'reason=NodePoolCreated']);
    expect(events.items[0].message).toBe('NodePool ai-ml and NodeClass ai-ml-node-class created by demo-operator through nodelanes');
  });

  it('creates a class and pool with every field the form offers, and both objects carry them', async () => {
    const body = {
      name: 'batch-node-class',
      role: 'AmazonEKSAutoNodeRole',
      subnetSelectorTerms: [{ tags: { Name: 'private-*', 'kubernetes.io/role/internal-elb': '1' } }, { id: 'subnet-0123456789abcdef0' }],
      securityGroupSelectorTerms: [{ id: 'sg-0123456789abcdef0' }],
      tags: { Environment: 'production', Team: 'platform' },
      nodePool: {
        name: 'batch',
        instanceCategories: ['c', 'm'],
        instanceGenerations: ['6'],
        instanceSizes: ['large', 'xlarge'],
        capacityTypes: ['spot', 'on-demand'],
        taints: [
          { key: 'workload', value: 'batch', effect: 'NoSchedule' },
          { key: 'batch.example.com/preemptible', value: 'true', effect: 'NoExecute' },
        ],
        budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }],
      },
    };
    const res = await callRoute(create, params, { body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const nc = await kubectl.json(['get', 'nodeclass', 'batch-node-class']);
    expect(nc.spec.subnetSelectorTerms).toEqual(body.subnetSelectorTerms);
    expect(nc.spec.securityGroupSelectorTerms).toEqual(body.securityGroupSelectorTerms);
    expect(nc.spec.tags).toEqual(body.tags);
    const pool = await kubectl.json(['get', 'nodepool', 'batch']);
    expect(pool.spec.template.spec.requirements).toEqual([
      { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm'] },
      { key: 'eks.amazonaws.com/instance-size', operator: 'In', values: ['large', 'xlarge'] },
      { key: 'eks.amazonaws.com/instance-generation', operator: 'In', values: ['6'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
    ]);
    expect(pool.spec.template.spec.taints).toEqual(body.nodePool.taints);
    expect(pool.spec.disruption.budgets).toEqual(body.nodePool.budgets);
  });

  it('a second create of the same names is refused', async () => {
    const res = await callRoute(create, params, { body: intent });
    expect([409, 422]).toContain(res.status);
    expect(res.body.error.message).toContain('already exists');
  });
});
