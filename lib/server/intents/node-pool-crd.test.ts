// The dashboard's NodePool and NodeClass forms must not drift from the CRDs: whatever the intent
// schemas accept, the NodePool / NodeClass built from it passes the published CRD's schema and
// CEL rules (the sandbox's CRD engine, which the real-API-server tier holds against kube-apiserver).
// The forms may be stricter than the CRD; never looser.
import { describe, expect, it } from 'vitest';
import { buildNodeClass, buildNodePool, type NodeClassIntent, type NodePoolIntent } from '@/lib/domain/node-class';
import { editedSpec, type NodePoolEdit } from '@/lib/domain/node-pool-edit';
import { customResourceCauses, decodeCustomResource } from '@/lib/sandbox/crds';
import { nodeClassIntent, nodePoolEditIntent, nodePoolIntent } from './node-class';

type Obj = Record<string, any>;

function crdCauses(storage: string, obj: Obj): string[] {
  const o = structuredClone(obj);
  decodeCustomResource(storage, o);
  return customResourceCauses(storage, o).map((c) => `${c.field}: ${c.message}`);
}

// Values near each edge of the CRD's rules, for every field the forms write.
const budgets: Obj[][] = [
  [{ nodes: '10%' }],
  [{ nodes: '150%' }],
  [{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h' }],
  [{ nodes: '1', schedule: '@daily', duration: '1h30m' }],
  [{ nodes: '1', schedule: '@daily', duration: '' }],
  [{ nodes: '1', schedule: '@daily', duration: '90s' }],
  [{ nodes: '1', schedule: '@sometimes', duration: '1h' }],
  [{ nodes: '1', schedule: '@daily' }],
  [{ nodes: '1', reasons: ['Empty', 'Drifted'] }],
  [{ nodes: '1', reasons: ['Empty', 'Empty'] }],
  [{ nodes: '1', reasons: ['Expired'] }],
  [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }, { nodes: '1', schedule: '30 22 * * sat,sun', duration: '2h' }],
  [{ nodes: '0', schedule: '61 * * * *', duration: '8h' }],
];
const durations = ['30s', '5m', '1h30m', 'Never', '0s', '', '30 days', '1d', '90'];
const quantities = ['64', '500m', '256Gi', '1.5', 'lots', '1e3', '-1'];
const labels: Obj[] = [
  { team: 'ml' },
  { 'karpenter.sh/custom': 'x' },
  { 'sub.karpenter.sh/custom': 'x' },
  { 'karpenter.sh/capacity-type': 'spot' },
  { 'karpenter.sh/nodepool': 'other' },
  { 'kubernetes.io/hostname': 'h' },
  { 'example.com/team': 'x'.repeat(64) },
];
const taints: Obj[][] = [
  [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
  [{ key: 'workload', value: 'has spaces', effect: 'NoSchedule' }],
  [{ key: 'bad key', effect: 'NoSchedule' }],
  [{ key: 'workload', effect: 'Sometimes' }],
  [
    { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' },
    { key: 'nvidia.com/gpu', effect: 'NoExecute' },
  ],
];

const poolCandidates: Obj[] = [
  {},
  ...budgets.map((b) => ({ budgets: b })),
  ...durations.flatMap((d) => [{ consolidateAfter: d }, { expireAfter: d }]),
  ...quantities.map((q) => ({ limits: { cpu: q, memory: q } })),
  ...labels.map((l) => ({ labels: l })),
  ...taints.map((t) => ({ taints: t })),
  ...[0, 1, 100, 101].map((w) => ({ weight: w })),
  { instanceTypes: ['m6a.xlarge', 'c6a.large'], capacityTypes: ['spot'], architectures: ['arm64'] },
  { instanceCategories: ['c', 'm'], instanceFamilies: ['m6a'], instanceSizes: ['xlarge', '2xlarge'], instanceGenerations: ['6'], capacityTypes: ['spot', 'on-demand'] },
  { consolidationPolicy: 'WhenEmpty' as const },
];

describe('the create form (node class + node pool) against the CRDs', () => {
  for (const extra of poolCandidates) {
    it(`NodePool ${JSON.stringify(extra)}`, () => {
      const parsed = nodePoolIntent.safeParse({ name: 'ai-ml', instanceTypes: ['m6a.xlarge'], ...extra });
      if (!parsed.success) return; // refused by the form: nothing reaches the cluster
      expect(crdCauses('karpenter.sh/nodepools', buildNodePool(parsed.data as NodePoolIntent, 'ai-ml-node-class'))).toEqual([]);
    });
  }

  for (const extra of [{}, { ephemeralStorage: { size: '80Gi', iops: 3000, throughput: 125 } }, { tags: { team: 'ml' } }, { subnetSelectorTerms: [{ id: 'subnet-0abc' }] }, {
    subnetSelectorTerms: [{ tags: { Name: 'private-*', 'kubernetes.io/role/internal-elb': '1' } }, { id: 'subnet-0123456789abcdef0' }],
    securityGroupSelectorTerms: [{ tags: { Name: 'eks-cluster-node-sg' } }, { id: 'sg-0123456789abcdef0' }],
    tags: { Environment: 'production', Team: 'platform' },
  }]) {
    it(`NodeClass ${JSON.stringify(extra)}`, () => {
      const parsed = nodeClassIntent.safeParse({ name: 'ai-ml-node-class', role: 'AmazonEKSAutoNodeRole', nodePool: { name: 'ai-ml' }, ...extra });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(crdCauses('eks.amazonaws.com/nodeclasses', buildNodeClass(parsed.data as NodeClassIntent))).toEqual([]);
    });
  }
});

describe('the edit form against the NodePool CRD', () => {
  const pool = () => buildNodePool({ name: 'ai-ml', instanceTypes: ['m6a.xlarge'] } as NodePoolIntent, 'ai-ml-node-class');
  const editCandidates: Obj[] = [
    ...budgets.map((b) => ({ budgets: b })),
    ...durations.map((d) => ({ consolidateAfter: d })),
    ...quantities.map((q) => ({ limits: { cpu: q } })),
    { limits: { cpu: null, memory: null } },
    { instanceTypes: [] },
    { instanceTypes: ['c6a.large'] },
  ];
  for (const edit of editCandidates) {
    it(`edit ${JSON.stringify(edit)}`, () => {
      const parsed = nodePoolEditIntent.safeParse(edit);
      if (!parsed.success) return;
      const before = pool();
      const after = { ...before, spec: editedSpec(before.spec as never, parsed.data as NodePoolEdit) };
      expect(crdCauses('karpenter.sh/nodepools', after)).toEqual([]);
    });
  }

  it('the candidates include values the CRD refuses that the forms refuse too (the check is not vacuous)', () => {
    const refused = poolCandidates.filter((extra) => !nodePoolIntent.safeParse({ name: 'ai-ml', instanceTypes: ['m6a.xlarge'], ...extra }).success);
    expect(refused.length).toBeGreaterThan(15);
  });
});
