import { describe, expect, it } from 'vitest';
import { nodePoolInfo } from '@/test/support/model';
import { nodeInfo, podInfo } from '@/test/support/topology';
import type { NodegroupInfo } from './model';
import { planPin, targetTaints, type WorkloadTemplate } from './what-if';
import { interPodRulesOf } from './pod-placement';

const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default' };
const GI = 1024 ** 3;

// The seed: two general-purpose nodes hold small pods and the two heavy AI/ML workloads.
const nodes = [nodeInfo('gp-1', 'm5.large', GP), nodeInfo('gp-2', 'm5.large', GP)];
const pods = [
  podInfo('apps', 'frontend-a1b2c-x1', 'gp-1', 250, 0.5),
  podInfo('apps', 'image-proctoring-a1b2c-x1', 'gp-1', 1000, 2),
  podInfo('apps', 'question-generator-a1b2c-x1', 'gp-2', 1000, 2),
];
const heavy = (name: string, replicas = 1): WorkloadTemplate => ({ namespace: 'apps', name, replicas, requests: { cpuMillis: 1000, memoryBytes: 2 * GI, pods: 1 } });
const aiPool = nodePoolInfo('ai-ml', {
  nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
  requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] }],
  taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
});
const gpPool = nodePoolInfo('general-purpose', { builtIn: true });

describe('planPin', () => {
  it('never places two replicas with hostname anti-affinity on one node: the second needs a new one', () => {
    const ai = nodeInfo(
      'ai-1',
      'm6a.xlarge',
      { 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class', 'kubernetes.io/hostname': 'ai-1' },
      { taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }] },
    );
    const agent: WorkloadTemplate = {
      ...heavy('agent', 2),
      requests: { cpuMillis: 500, memoryBytes: 1 * GI, pods: 1 },
      labels: { app: 'agent' },
      podRules: interPodRulesOf({
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: 'kubernetes.io/hostname' }],
          },
        },
      }),
    };
    const plan = planPin({ nodes: [...nodes, ai], pods, nodePools: [gpPool, aiPool], nodeClaims: [], workloads: [agent], target: { key: 'karpenter.sh/nodepool', value: 'ai-ml' } });
    // ai-1 has room for both by requests alone.
    expect(plan.placements).toEqual([{ node: 'ai-1', workload: 'apps/agent', count: 1 }]);
    expect(plan.newNodes).toEqual([expect.objectContaining({ pool: 'ai-ml', count: 1 })]);
    expect(plan.pods).toMatchObject({ onExistingNodes: 1, onNewNodes: 1, pending: 0 });
  });

  it('the seed migration: pinned to the new class, Auto Mode launches a node for both pods and the old ones empty out', () => {
    const plan = planPin({
      nodes,
      pods,
      nodePools: [gpPool, aiPool],
      nodeClaims: [],
      workloads: [heavy('image-proctoring'), heavy('question-generator')],
      target: { key: 'eks.amazonaws.com/nodeclass', value: 'ai-ml-node-class' },
    });
    expect(plan.target).toMatchObject({ kind: 'nodeclass', pools: ['ai-ml'] });
    expect(plan.taints).toEqual([{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }]);
    expect(plan.placementsAfter['apps/image-proctoring']).toEqual({
      nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' },
      tolerations: [{ key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' }],
    });
    expect(plan.pods).toEqual({ total: 2, onExistingNodes: 0, onNewNodes: 2, pending: 0 });
    // Two 1-vCPU/2-GiB pods: the cheapest allowed type that holds both is an m6a.xlarge.
    expect(plan.newNodes).toEqual([{ pool: 'ai-ml', instanceType: 'm6a.xlarge', capacityType: 'on-demand', count: 1, hourly: expect.closeTo(0.1728 * 1.12, 6) }]);
    expect(plan.freed).toEqual([
      expect.objectContaining({ node: 'gp-1', state: 'lightly-requested', autoRemoved: false }),
      expect.objectContaining({ node: 'gp-2', state: 'empty', autoRemoved: true }),
    ]);
    expect(plan.cost.deltaHourly).toBeCloseTo(0.1728 * 1.12 - 0.096 * 1.12, 6);
    expect(plan.cost.deltaMonthly).toBeCloseTo(plan.cost.deltaHourly * 730, 6);
    expect(plan.warnings).toEqual([]);
  });

  it('fits pods on existing nodes of the target before launching anything', () => {
    const ai = nodeInfo('ai-1', 'm6a.xlarge', { 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' }, { taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }] });
    const plan = planPin({ nodes: [...nodes, ai], pods, nodePools: [gpPool, aiPool], nodeClaims: [], workloads: [heavy('image-proctoring')], target: { key: 'karpenter.sh/nodepool', value: 'ai-ml' } });
    expect(plan.placements).toEqual([{ node: 'ai-1', workload: 'apps/image-proctoring', count: 1 }]);
    expect(plan.newNodes).toEqual([]);
  });

  it('reports "blocked by limits" when the pool may not grow', () => {
    const limited = { ...aiPool, limits: { cpuMillis: 2000 } };
    const plan = planPin({ nodes, pods, nodePools: [gpPool, limited], nodeClaims: [], workloads: [heavy('image-proctoring', 3)], target: { key: 'karpenter.sh/nodepool', value: 'ai-ml' } });
    expect(plan.blocked.map((b) => b.code)).toContain('limits');
    expect(plan.pods.pending).toBeGreaterThan(0);
    expect(plan.pending[0].reason).toContain('limits');
    expect(plan.pending[0].cause).toEqual({ code: 'over-limits', pool: 'ai-ml' });
    expect(plan.blocked).toContainEqual({ code: 'limits', pool: 'ai-ml', message: 'NodePool ai-ml: every instance type that fits would exceed its limits' });
  });

  it('a managed node group adds nodes up to its max size, then the rest stays Pending', () => {
    const group: NodegroupInfo = {
      name: 'ml-pool',
      status: 'ACTIVE',
      instanceTypes: ['m6a.xlarge'],
      scaling: { minSize: 0, maxSize: 1, desiredSize: 0 },
      labels: { workload: 'ml' },
      taints: [{ key: 'dedicated', value: 'ml', effect: 'NO_SCHEDULE' }],
    };
    const plan = planPin({ nodes, pods, nodePools: [gpPool], nodeClaims: [], nodegroups: [group], workloads: [heavy('image-proctoring', 5)], target: { key: 'eks.amazonaws.com/nodegroup', value: 'ml-pool' } });
    expect(plan.taints).toEqual([{ key: 'dedicated', value: 'ml', effect: 'NoSchedule' }]);
    expect(plan.newNodes).toEqual([expect.objectContaining({ pool: 'ml-pool', instanceType: 'm6a.xlarge', count: 1 })]);
    expect(plan.pods.onNewNodes).toBe(3);
    expect(plan.pods.pending).toBe(2);
    expect(plan.blocked).toEqual([{ code: 'nodegroup-max', group: 'ml-pool', maxSize: 1, message: 'Node group ml-pool is at its max size (1).' }]);
    expect(plan.pending).toEqual([
      { workload: 'apps/image-proctoring', count: 2, cause: { code: 'nodegroup-max', group: 'ml-pool', maxSize: 1 }, reason: 'node group ml-pool is at its max size (1); raise maxSize to fit more' },
    ]);
  });

  it('warns on the wrong node class key and on a target nothing provides', () => {
    const plan = planPin({ nodes, pods, nodePools: [gpPool, aiPool], nodeClaims: [], workloads: [heavy('image-proctoring')], target: { key: 'eks.amazonaws.com/node-class', value: 'ai-ml-node-class' } });
    expect(plan.warnings.join(' ')).toContain('"eks.amazonaws.com/nodeclass"');
    expect(plan.notices).toEqual([{ code: 'wrong-nodeclass-key' }, { code: 'no-target-nodes', target: { key: 'eks.amazonaws.com/node-class', value: 'ai-ml-node-class' } }]);
    expect(plan.warnings).toHaveLength(2);
    expect(plan.pods.pending).toBe(1);
  });

  it('a custom label: existing labelled nodes only, and their shared taints', () => {
    const cpu = [
      nodeInfo('cpu-1', 't3.medium', { workload: 'cpu', 'eks.amazonaws.com/nodegroup': 'general-pool' }, { taints: [{ key: 'team', value: 'cpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], unschedulable: true }),
      nodeInfo('cpu-2', 't3.medium', { workload: 'cpu', 'eks.amazonaws.com/nodegroup': 'general-pool' }, { taints: [{ key: 'team', value: 'cpu', effect: 'NoSchedule' }] }),
    ];
    expect(targetTaints({ key: 'workload', value: 'cpu' }, { nodes: cpu, nodePools: [] })).toEqual([{ key: 'team', value: 'cpu', effect: 'NoSchedule' }]);
    const plan = planPin({ nodes: cpu, pods: [], nodePools: [], nodeClaims: [], workloads: [heavy('image-proctoring', 3)], target: { key: 'workload', value: 'cpu' } });
    // cpu-1 is cordoned, and a t3.medium holds one 1-vCPU/2-GiB pod: one fits on cpu-2, two wait.
    expect(plan.placements).toEqual([{ node: 'cpu-2', workload: 'apps/image-proctoring', count: 1 }]);
    expect(plan.pods).toMatchObject({ onExistingNodes: 1, pending: 2 });
    expect(plan.pending[0].reason).toContain('no node with workload=cpu has room');
    expect(plan.pending[0].cause).toMatchObject({ code: 'no-room', target: { key: 'workload', value: 'cpu' } });
    expect(plan.blocked[0].code).toBe('no-pool');
  });

  it('warns when a kept selector strands the pods: the target pool does not carry it', () => {
    const group: NodegroupInfo = { name: 'ml-pool', status: 'ACTIVE', instanceTypes: ['m6a.xlarge'], scaling: { minSize: 0, maxSize: 2, desiredSize: 0 }, labels: { team: 'ml' }, taints: [] };
    const worker: WorkloadTemplate = { ...heavy('report-worker'), nodeSelector: { workload: 'cpu', 'topology.kubernetes.io/zone': 'us-east-1a' } };
    const plan = planPin({ nodes, pods, nodePools: [gpPool], nodeClaims: [], nodegroups: [group], workloads: [worker], target: { key: 'eks.amazonaws.com/nodegroup', value: 'ml-pool' } });
    expect(plan.warnings).toEqual([expect.stringContaining('apps/report-worker keeps nodeSelector workload=cpu, which the nodes of eks.amazonaws.com/nodegroup=ml-pool do not carry')]);
    expect(plan.notices).toEqual([{ code: 'stranded-selector', workload: 'apps/report-worker', selectors: [['workload', 'cpu']], target: { key: 'eks.amazonaws.com/nodegroup', value: 'ml-pool' } }]);
    const fine = planPin({ nodes, pods, nodePools: [gpPool], nodeClaims: [], nodegroups: [{ ...group, labels: { workload: 'cpu' } }], workloads: [worker], target: { key: 'eks.amazonaws.com/nodegroup', value: 'ml-pool' } });
    expect(fine.warnings).toEqual([]);
  });
});
