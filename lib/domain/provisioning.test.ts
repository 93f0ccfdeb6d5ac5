import { describe, expect, it } from 'vitest';
import { planProvisioning, type InstanceOffering, type PendingPod, type ProvisionPool } from './provisioning';
import { interPodRulesOf } from './pod-placement';
import type { FitNode } from './fit';

const GI = 1024 ** 3;
const offering = (type: string, cpu: number, memGi: number, price: number, category: string): InstanceOffering => ({
  type,
  labels: {
    'node.kubernetes.io/instance-type': type,
    'kubernetes.io/arch': 'amd64',
    'eks.amazonaws.com/instance-category': category,
    'eks.amazonaws.com/instance-cpu': String(cpu),
  },
  allocatable: { cpuMillis: cpu * 1000 - 80, memoryBytes: memGi * GI * 0.9, pods: 29 },
  capacity: { cpuMillis: cpu * 1000, memoryBytes: memGi * GI, pods: 29 },
  price,
  zones: ['us-east-1a', 'us-east-1b'],
  capacityTypes: ['on-demand', 'spot'],
});

const catalog = [
  offering('c6a.large', 2, 4, 0.0765, 'c'),
  offering('m6a.large', 2, 8, 0.0864, 'm'),
  offering('m6a.xlarge', 4, 16, 0.1728, 'm'),
  offering('m6a.2xlarge', 8, 32, 0.3456, 'm'),
];

const pool = (name: string, extra: Partial<ProvisionPool> = {}): ProvisionPool => ({
  name,
  labels: { 'karpenter.sh/nodepool': name, 'eks.amazonaws.com/nodeclass': name === 'ai-ml' ? 'ai-ml-node-class' : 'default' },
  requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }],
  taints: [],
  weight: 0,
  usage: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
  ...extra,
});

const aiMl = pool('ai-ml', {
  requirements: [
    { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
  ],
});
const general = pool('general-purpose');

const heavy = (key: string, cpuMillis: number, memGi: number, selector: Record<string, string> = { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' }): PendingPod => ({
  key,
  requests: { cpuMillis, memoryBytes: memGi * GI, pods: 1 },
  nodeSelector: selector,
});

describe('planProvisioning', () => {
  it('launches the cheapest allowed type that holds the batch, in the pool the pods select', () => {
    const plan = planProvisioning([heavy('apps/img-1', 1500, 3), heavy('apps/img-2', 1500, 3)], [general, aiMl], catalog);
    expect(plan.unprovisionable).toEqual([]);
    expect(plan.claims).toEqual([
      { pool: 'ai-ml', instanceType: 'm6a.xlarge', capacityType: 'on-demand', zone: 'us-east-1a', pods: ['apps/img-1', 'apps/img-2'], price: 0.1728 },
    ]);
  });

  it('splits a batch across nodes when no allowed type holds it all', () => {
    const pods = [1, 2, 3].map((i) => heavy(`apps/q-${i}`, 2000, 4));
    const plan = planProvisioning(pods, [aiMl], catalog);
    expect(plan.claims.map((c) => [c.instanceType, c.pods.length])).toEqual([
      ['m6a.xlarge', 1],
      ['m6a.xlarge', 1],
      ['m6a.xlarge', 1],
    ]);
  });

  it('prefers the highest weight among compatible pools', () => {
    const preferred = pool('preferred', { weight: 50, labels: { 'karpenter.sh/nodepool': 'preferred', 'eks.amazonaws.com/nodeclass': 'default' } });
    const plan = planProvisioning([heavy('apps/web', 100, 0.1, {})], [general, preferred], catalog);
    expect(plan.claims[0]).toMatchObject({ pool: 'preferred', instanceType: 'c6a.large' });
  });

  it('leaves pods that select the wrong node class key unprovisionable, saying why', () => {
    const plan = planProvisioning([heavy('apps/img-1', 1500, 3, { 'eks.amazonaws.com/node-class': 'ai-ml-node-class' })], [general, aiMl], catalog);
    expect(plan.claims).toEqual([]);
    expect(plan.unprovisionable[0].reasons).toEqual([
      'NodePool ai-ml: label "eks.amazonaws.com/node-class" does not have known values',
      'NodePool general-purpose: label "eks.amazonaws.com/node-class" does not have known values',
    ]);
    expect(plan.unprovisionable[0].causes).toEqual([
      { code: 'incompatible', pool: 'ai-ml', problems: [{ kind: 'undefined-label', key: 'eks.amazonaws.com/node-class' }] },
      { code: 'incompatible', pool: 'general-purpose', problems: [{ kind: 'undefined-label', key: 'eks.amazonaws.com/node-class' }] },
    ]);
  });

  it('respects NodePool limits', () => {
    const limited = { ...aiMl, limits: { cpuMillis: 6000 }, usage: { cpuMillis: 2000, memoryBytes: 0, pods: 0 } };
    // Two pods need an m6a.xlarge (4 vCPU): exactly at the limit, so it launches.
    expect(planProvisioning([heavy('apps/img-1', 1500, 3), heavy('apps/img-2', 1500, 3)], [limited], catalog).claims).toHaveLength(1);
    const full = { ...limited, usage: { cpuMillis: 5000, memoryBytes: 0, pods: 0 } };
    const plan = planProvisioning([heavy('apps/img-1', 1500, 3)], [full], catalog);
    expect(plan.claims).toEqual([]);
    expect(plan.unprovisionable[0].reasons[0]).toBe('NodePool ai-ml: every instance type that fits would exceed its limits');
    expect(plan.unprovisionable[0].causes).toEqual([{ code: 'over-limits', pool: 'ai-ml' }]);
  });

  it('refuses pods bigger than any allowed type', () => {
    const plan = planProvisioning([heavy('apps/huge', 7000, 8)], [aiMl], catalog);
    expect(plan.unprovisionable[0].reasons).toEqual(["NodePool ai-ml: no instance type it allows fits the pod's requests"]);
    expect(plan.unprovisionable[0].causes).toEqual([{ code: 'no-type-fits', pool: 'ai-ml' }]);
    expect(planProvisioning([heavy('apps/huge', 7000, 8)], [], catalog).unprovisionable).toEqual([{ pod: 'apps/huge', causes: [{ code: 'no-pools' }], reasons: ['no NodePools exist'] }]);
  });

  it('honours zone and capacity-type selectors', () => {
    const spot = pool('spotty', { requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] });
    const plan = planProvisioning(
      [heavy('apps/a', 100, 0.1, { 'topology.kubernetes.io/zone': 'us-east-1b', 'karpenter.sh/capacity-type': 'spot' })],
      [spot],
      catalog,
    );
    expect(plan.claims[0]).toMatchObject({ zone: 'us-east-1b', capacityType: 'spot' });
  });
});

describe('planProvisioning with DaemonSet overhead', () => {
  const MI = 1024 ** 2;
  const withAgent = pool('general-purpose', { daemonOverhead: { cpuMillis: 50, memoryBytes: 64 * MI, pods: 1 } });
  const almostTwoCores = heavy('apps/big', 1900, 2, {});

  it('sizes the new node for the pods and the DaemonSet pods that will land beside them', () => {
    expect(planProvisioning([almostTwoCores], [general], catalog).claims.map((c) => c.instanceType)).toEqual(['c6a.large']);
    // 1900m + 50m no longer fits a 2-core type's 1920m.
    expect(planProvisioning([almostTwoCores], [withAgent], catalog).claims.map((c) => c.instanceType)).toEqual(['m6a.xlarge']);
  });

  it('splits a batch one node earlier, and calls a pod that only fits without the overhead unprovisionable', () => {
    // 2 × 3950m fill an 8-core type's 7920m but for 20m: the agent's 50m does not fit beside them.
    const pods = [heavy('apps/a', 3950, 2, {}), heavy('apps/b', 3950, 2, {})];
    expect(planProvisioning(pods, [general], catalog).claims.map((c) => [c.instanceType, c.pods.length])).toEqual([['m6a.2xlarge', 2]]);
    expect(planProvisioning(pods, [withAgent], catalog).claims.map((c) => [c.instanceType, c.pods.length])).toEqual([
      ['m6a.2xlarge', 1],
      ['m6a.2xlarge', 1],
    ]);
    const whole = heavy('apps/whole', 7900, 2, {});
    expect(planProvisioning([whole], [general], catalog).unprovisionable).toEqual([]);
    expect(planProvisioning([whole], [withAgent], catalog).unprovisionable.map((u) => u.causes)).toEqual([[{ code: 'no-type-fits', pool: 'general-purpose' }]]);
  });

  it("counts the DaemonSet pods against the type's max pods", () => {
    const tiny = Array.from({ length: 29 }, (_, i) => heavy(`apps/t-${i}`, 10, 0.01, {}));
    expect(planProvisioning(tiny, [general], catalog).claims).toHaveLength(1);
    expect(planProvisioning(tiny, [withAgent], catalog).claims).toHaveLength(2);
  });
});

describe('planProvisioning with inter-pod rules', () => {
  const oneHostEach = interPodRulesOf({
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: 'kubernetes.io/hostname' }],
      },
    },
  });
  const agent = (i: number): PendingPod => ({
    key: `platform/agent-${i}`,
    requests: { cpuMillis: 100, memoryBytes: 0.1 * GI, pods: 1 },
    labels: { app: 'agent' },
    podRules: oneHostEach,
  });

  it('launches one node per replica under hostname anti-affinity, where the requests alone would share one', () => {
    const plan = planProvisioning([agent(1), agent(2), agent(3)], [general], catalog);
    expect(plan.claims).toHaveLength(3);
    expect(plan.claims.map((c) => c.pods.length)).toEqual([1, 1, 1]);
  });

  it('still lets pods the rule does not match share the claim', () => {
    const other: PendingPod = { key: 'platform/web-1', requests: { cpuMillis: 100, memoryBytes: 0.1 * GI, pods: 1 }, labels: { app: 'web' } };
    const plan = planProvisioning([agent(1), other], [general], catalog);
    expect(plan.claims).toHaveLength(1);
  });

  it('launches a zone-spread pod in the zone its spread allows, not always the first one', () => {
    const spread = interPodRulesOf({
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    });
    const web = (i: number): PendingPod => ({ key: `platform/web-${i}`, requests: { cpuMillis: 100, memoryBytes: 0.1 * GI, pods: 1 }, labels: { app: 'web' }, podRules: spread });
    // us-east-1a runs two web pods, us-east-1b one; both nodes are full. A third in 1a would make
    // the skew 2, so the new node must be in 1b.
    const full: FitNode = {
      name: 'a-1',
      labels: { 'topology.kubernetes.io/zone': 'us-east-1a', 'kubernetes.io/hostname': 'a-1', 'karpenter.sh/nodepool': 'general-purpose' },
      taints: [],
      allocatable: { cpuMillis: 200, memoryBytes: GI, pods: 2 },
      used: { cpuMillis: 200, memoryBytes: 0.2 * GI, pods: 2 },
      schedulable: true,
      pods: [web(1), web(2)],
    };
    const fullB: FitNode = { ...full, name: 'b-1', labels: { ...full.labels, 'topology.kubernetes.io/zone': 'us-east-1b', 'kubernetes.io/hostname': 'b-1' }, pods: [web(4)] };
    expect(planProvisioning([web(3)], [general], catalog).claims[0].zone).toBe('us-east-1a');
    expect(planProvisioning([web(3)], [general], catalog, [full, fullB]).claims[0].zone).toBe('us-east-1b');
  });
});
