import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { nodeClassInfo, nodePoolInfo } from '@/test/support/model';
import { podInfo } from '@/test/support/topology';
import { buildNodeClass, buildNodePool, manifestsYaml, preflightNodeClass, type NodeClassIntent, type PreflightContext } from './node-class';

const intent: NodeClassIntent = {
  name: 'ai-ml-node-class',
  role: 'AmazonEKSAutoNodeRole',
  nodePool: { name: 'ai-ml', instanceTypes: ['m6a.xlarge', 'c6a.large'], taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }], limits: { cpu: '64' } },
};
const defaults = { subnetSelectorTerms: [{ tags: { 'kubernetes.io/role/internal-elb': '1' } }], securityGroupSelectorTerms: [{ tags: { 'aws:eks:cluster-name': 'sandbox' } }] };

describe('buildNodeClass / buildNodePool', () => {
  it('puts instance types on the NodePool, never on the NodeClass', () => {
    const nc = buildNodeClass(intent, defaults);
    expect(nc).toEqual({ apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'ai-ml-node-class' }, spec: { role: 'AmazonEKSAutoNodeRole', ...defaults } });
    const np = buildNodePool(intent.nodePool, intent.name);
    expect(np.spec).toEqual({
      template: {
        spec: {
          nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
          requirements: [
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
          ],
          taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
        },
      },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s' },
      limits: { cpu: '64' },
    });
  });

  it('selects by category, family and size when asked', () => {
    const np = buildNodePool({ name: 'c', instanceCategories: ['c', 'm'], instanceSizes: ['large'], instanceGenerations: ['6', '7'], capacityTypes: ['spot', 'on-demand'] }, 'x');
    expect((np.spec.template as { spec: { requirements: unknown } }).spec.requirements).toEqual([
      { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm'] },
      { key: 'eks.amazonaws.com/instance-size', operator: 'In', values: ['large'] },
      { key: 'eks.amazonaws.com/instance-generation', operator: 'In', values: ['6', '7'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
    ]);
  });

  it('renders both objects as one YAML stream that parses back', () => {
    const text = manifestsYaml([buildNodeClass(intent, defaults), buildNodePool(intent.nodePool, intent.name)]);
    const docs = yaml.loadAll(text) as Array<{ kind: string }>;
    expect(docs.map((d) => d.kind)).toEqual(['NodeClass', 'NodePool']);
  });
});

describe('preflightNodeClass', () => {
  const ctx: PreflightContext = { nodeClasses: [nodeClassInfo('default')], nodePools: [nodePoolInfo('general-purpose', { builtIn: true })], pods: [] };
  const codes = (i: NodeClassIntent, c = ctx) => preflightNodeClass(i, c).map((f) => `${f.level}:${f.code}`);

  it('the seed intent: no errors, and it says no pod selects the pool yet', () => {
    expect(codes(intent)).toEqual(['info:no-pods-yet']);
  });

  it('refuses unknown instance types, existing names and built-in pools', () => {
    expect(codes({ ...intent, nodePool: { ...intent.nodePool, instanceTypes: ['m6a.xlarge', 'z9.huge'] } })).toContain('error:unknown-instance-type');
    expect(codes({ ...intent, name: 'default' })).toContain('error:exists');
    expect(codes({ ...intent, nodePool: { ...intent.nodePool, name: 'general-purpose' } })).toContain('error:built-in');
  });

  it('explains what a custom role needs, including the EC2 access entry', () => {
    const findings = preflightNodeClass({ ...intent, role: 'MyNodeRole' }, ctx);
    const role = findings.find((f) => f.code === 'custom-role');
    expect(role?.level).toBe('warning');
    expect(role?.message).toContain('access entry of type EC2');
    expect(role?.message).toContain('AmazonEKSAutoNodePolicy');
    expect(role?.message).toContain('ec2.amazonaws.com');
  });

  it('names the not-Ready class that already uses the role', () => {
    const c = { ...ctx, nodeClasses: [...ctx.nodeClasses, nodeClassInfo('broken', { role: 'MyNodeRole', ready: false, notReady: { condition: 'InstanceProfileReady', reason: 'RoleNotFound', message: 'x' } })] };
    expect(preflightNodeClass({ ...intent, role: 'MyNodeRole' }, c).find((f) => f.code === 'custom-role')?.message).toContain('"broken" uses role "MyNodeRole" and is not Ready (RoleNotFound)');
  });

  it('is quiet about pods once one selects the class and tolerates its taints', () => {
    const pod = podInfo('apps', 'image-proctoring-a-b', undefined, 1000, 2, {
      nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' },
      tolerations: [{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }],
    });
    expect(codes(intent, { ...ctx, pods: [pod] })).toEqual([]);
  });
});
