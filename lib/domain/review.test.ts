import { describe, expect, it } from 'vitest';
import type { NodegroupInfo, NodePoolInfo } from './model';
import { nodeClaimInfo, nodeInfo, nodePoolInfo, pdbInfo, podInfo } from '@/test/support/model';
import { buildCandidates } from './consolidation-candidates';
import { consolidationVerdicts } from './consolidation';
import { budgetOpensAt } from './disruption-budgets';
import { reviewCluster, reviewCsv, type ReviewInput } from './review';
import { HOURS_PER_MONTH } from './pricing';

const now = new Date('2026-11-25T12:00:00Z');
const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'node.kubernetes.io/instance-type': 'c6a.large' };
const AI = { 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class', 'node.kubernetes.io/instance-type': 'm6a.xlarge' };
const NG = { 'eks.amazonaws.com/nodegroup': 'general-pool', 'node.kubernetes.io/instance-type': 't3.medium' };
const settled = '2026-11-25T11:00:00Z';

// Auto Mode's general-purpose requirements: c, m and r types newer than generation 4, so no type
// the price list holds is cheaper than c6a.large and no node here is replaced by a cheaper one.
const AUTO_MODE_TYPES = [
  { key: 'eks.amazonaws.com/instance-category', operator: 'In' as const, values: ['c', 'm', 'r'] },
  { key: 'eks.amazonaws.com/instance-generation', operator: 'Gt' as const, values: ['4'] },
];
const pool = (name: string, disruption: Partial<NodePoolInfo['disruption']> = {}) =>
  nodePoolInfo(name, { requirements: AUTO_MODE_TYPES, disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '100%' }], ...disruption } });

/**
 * Three general-purpose nodes: i-a nearly idle, i-b and i-c busy (i-b the fuller); pods changed
 * long ago. Candidates with the fewest pods are judged first, so each node holds two.
 */
function cluster(overrides: Partial<ReviewInput> = {}): ReviewInput {
  return {
    nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP), nodeInfo('i-c', GP)],
    pods: [
      podInfo('apps', 'web-1', 'i-a', 200),
      podInfo('apps', 'api-1', 'i-a', 150),
      podInfo('apps', 'big-1', 'i-b', 1200),
      podInfo('apps', 'side-1', 'i-b', 100),
      podInfo('apps', 'big-2', 'i-c', 1100),
      podInfo('apps', 'side-2', 'i-c', 100),
    ],
    pdbs: [],
    nodeClaims: ['i-a', 'i-b', 'i-c'].map((n) => nodeClaimInfo(`gp-${n}`, { nodeName: n, lastPodEventTime: settled })),
    nodePools: [pool('general-purpose')],
    ...overrides,
  };
}

const rowOf = (input: ReviewInput, node: string, at = now) => reviewCluster(input, at).nodes.find((r) => r.node === node)!;

describe('reviewCluster verdicts', () => {
  it('Empty: no workload pods, with the countdown to consolidateAfter', () => {
    const input = cluster({
      nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP)],
      pods: [podInfo('apps', 'web-1', 'i-b', 200), podInfo('kube-system', 'aws-node-x', 'i-a', 25, { owner: { kind: 'DaemonSet', name: 'aws-node' } })],
      // The last pod left i-a 18 s ago: 12 s of its 30 s stabilization remain.
      // i-b's pods changed then too: a settled i-b would go now, onto i-a.
      nodeClaims: ['i-a', 'i-b'].map((n) => nodeClaimInfo(`gp-${n}`, { nodeName: n, lastPodEventTime: '2026-11-25T11:59:42Z' })),
    });
    const a = rowOf(input, 'i-a');
    expect(a).toMatchObject({ state: 'waiting', code: 'Empty', eligibleAt: '2026-11-25T12:00:12.000Z', candidate: true });
    expect(a.words).toBe('No workload pods; its pods changed recently, so Auto Mode removes it after consolidateAfter (in 12 s).');
    // Once the period is over it goes now.
    expect(rowOf(input, 'i-a', new Date('2026-11-25T12:00:13Z'))).toMatchObject({ state: 'consolidate', code: 'Empty' });
  });

  it('Underutilized: says where each pod lands, as the fit functions place them', () => {
    const a = rowOf(cluster(), 'i-a');
    expect(a.code).toBe('Underutilized');
    expect(a.state).toBe('consolidate');
    // Bin packing puts each pod on the fullest node it fits: i-b (1300m) takes the larger pod,
    // is then fuller still, and takes the other as well.
    const expected = buildCandidates(cluster());
    const verdict = consolidationVerdicts(expected.nodes, expected.pools, now).find((v) => v.node === 'i-a')!;
    expect(a.destinations).toEqual(verdict.destinations);
    expect(a.destinations).toEqual({ 'apps/web-1': 'i-b', 'apps/api-1': 'i-b' });
    expect(a.words).toBe('Underutilized: its 2 pod(s) fit on node i-b (apps/api-1 → i-b, apps/web-1 → i-b); Auto Mode moves them and removes it.');
    // i-b must stay to take them; i-c's big pod then fits nowhere.
    expect(rowOf(cluster(), 'i-b')).toMatchObject({ code: 'Receiving', words: 'Kept: receives pods from i-a, which is being consolidated.' });
    expect(rowOf(cluster(), 'i-c')).toMatchObject({ code: 'DoesNotFit', words: 'Kept: apps/big-2 would not fit elsewhere (0/1 nodes are available: 1 Insufficient cpu.)' });
  });

  it('recently changed pods: an underutilized node waits, with the countdown', () => {
    const input = cluster({
      // All three changed then: a settled node would be judged first and could take i-a's room.
      nodeClaims: ['i-a', 'i-b', 'i-c'].map((n) => nodeClaimInfo(`gp-${n}`, { nodeName: n, lastPodEventTime: '2026-11-25T11:59:55Z' })),
    });
    const a = rowOf(input, 'i-a');
    expect(a).toMatchObject({ state: 'waiting', code: 'Underutilized', eligibleAt: '2026-11-25T12:00:25.000Z' });
    expect(a.words).toMatch(/its pods changed recently, so it becomes a candidate after consolidateAfter \(in 25 s\)\.$/);
  });

  it('savings count two half-empty waiting nodes once: the first reserves room on the other', () => {
    const recently = '2026-11-25T11:59:50Z';
    const input = cluster({
      nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP)],
      pods: [podInfo('apps', 'web-1', 'i-a', 600), podInfo('apps', 'web-2', 'i-b', 600)],
      nodeClaims: ['i-a', 'i-b'].map((n) => nodeClaimInfo(`gp-${n}`, { nodeName: n, lastPodEventTime: recently })),
    });
    const review = reviewCluster(input, now);
    const [a, b] = review.nodes;
    expect(a).toMatchObject({ state: 'waiting', code: 'Underutilized', candidate: true, destinations: { 'apps/web-1': 'i-b' } });
    expect(b).toMatchObject({ state: 'keep', code: 'Receiving', candidate: false, words: 'Kept: will receive pods from i-a once it has waited out consolidateAfter.' });
    expect(a.hourly).toBeGreaterThan(0);
    expect(review.totals.savings).toEqual({ nodes: 1, usdPerMonth: a.hourly! * HOURS_PER_MONTH });
  });

  it('counts pods the reader may not list, without naming them: the same verdicts and savings as for an admin', () => {
    // A hidden 1200m pod on i-a: i-a is not empty, and its pods need i-b's room.
    const input = cluster({
      nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP)],
      pods: [podInfo('team-x', 'secret-1', 'i-a', 1200), podInfo('apps', 'web-1', 'i-a', 100), podInfo('apps', 'api-1', 'i-b', 300, { doNotDisrupt: true })],
      nodeClaims: ['i-a', 'i-b'].map((n) => nodeClaimInfo(`gp-${n}`, { nodeName: n, lastPodEventTime: settled })),
    });
    const admin = reviewCluster(input, now);
    const viewer = reviewCluster(input, now, { canSee: (ns) => ns === 'apps' });
    expect(viewer.totals).toEqual(admin.totals);
    expect(viewer.nodes.map((r) => [r.node, r.state, r.code, r.pods])).toEqual(admin.nodes.map((r) => [r.node, r.state, r.code, r.pods]));
    const a = viewer.nodes[0];
    expect(a).toMatchObject({ code: 'Underutilized', pods: 2, destinations: { '(hidden pod 1)': 'i-b', 'apps/web-1': 'i-b' } });
    expect(a.words).not.toContain('secret');
    expect(JSON.stringify(viewer)).not.toContain('team-x');
    // i-b is blocked by its own visible pod, and says where that pod would go: nowhere, i-a is leaving.
    expect(viewer.nodes[1]).toMatchObject({ code: 'DoNotDisrupt', placement: { 'apps/api-1': null } });
    expect(viewer.nodes[1].placementWords).toBe('If it went now: apps/api-1 → nowhere (none fits on the nodes that stay).');
  });

  it('replace: a pool that allows any type replaces i-c (c6a.large) by a t3.medium, and the savings add the difference', () => {
    const input = cluster({ nodePools: [nodePoolInfo('general-purpose', { disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '100%' }] } })] });
    const review = reviewCluster(input, now);
    const c = review.nodes.find((r) => r.node === 'i-c')!;
    // Auto Mode prices: c6a.large $0.0765 and t3.medium $0.0416 on demand, each plus the 12% fee.
    const saved = (0.0765 - 0.0416) * 1.12;
    expect(c).toMatchObject({ state: 'replace', code: 'Replace', candidate: false, replacement: { instanceType: 't3.medium' } });
    expect(c.replacement!.hourlySavings).toBeCloseTo(saved, 10);
    expect(c.words).toBe('Replace: its 2 pod(s) do not fit on the other nodes but fit on one cheaper t3.medium ($0.039/h, $29/mo less); Auto Mode launches it, then drains and removes this node.');
    // i-a still goes whole (onto i-b); i-c only costs less.
    const a = review.nodes.find((r) => r.node === 'i-a')!;
    expect(review.totals.savings.nodes).toBe(1);
    expect(review.totals.savings.usdPerMonth).toBeCloseTo((a.hourly! + saved) * HOURS_PER_MONTH, 6);
  });

  it('DoNotDisrupt names the pod, or the node', () => {
    const pinned = cluster({ pods: [...cluster().pods.filter((p) => p.name !== 'web-1'), podInfo('apps', 'web-1', 'i-a', 200, { doNotDisrupt: true })] });
    expect(rowOf(cluster(), 'i-a').code).toBe('Underutilized');
    const a = rowOf(pinned, 'i-a');
    expect(a).toMatchObject({ state: 'blocked', code: 'DoNotDisrupt', blockedBy: { pod: 'apps/web-1' } });
    expect(a.words).toBe('Blocked: pod apps/web-1 has karpenter.sh/do-not-disrupt: "true".');

    const nodeMarked = cluster({ nodes: [nodeInfo('i-a', GP, { doNotDisrupt: true }), nodeInfo('i-b', GP), nodeInfo('i-c', GP)] });
    expect(rowOf(nodeMarked, 'i-a').words).toBe('Blocked: node i-a is annotated karpenter.sh/do-not-disrupt: "true".');
  });

  it('PDB names the PodDisruptionBudget and the pod it protects', () => {
    const input = cluster({
      pods: [podInfo('apps', 'db-0', 'i-a', 200, { labels: { app: 'db' } }), ...cluster().pods.filter((p) => p.nodeName !== 'i-a')],
      pdbs: [pdbInfo('apps', 'db', { minAvailable: 1 })],
    });
    const a = rowOf(input, 'i-a');
    expect(a).toMatchObject({ state: 'blocked', code: 'PDB', blockedBy: { pod: 'apps/db-0', pdb: 'apps/db' } });
    expect(a.words).toBe('Blocked: PodDisruptionBudget apps/db protects pod apps/db-0 and allows no disruption now.');
  });

  it('Budget: a scheduled window allowing 0 nodes, and when it opens', () => {
    // Mon–Fri from 09:00 UTC for 8 h: 2026-11-25 is a Wednesday, so the window ends at 17:00.
    const input = cluster({ nodePools: [pool('general-purpose', { budgets: [{ nodes: '100%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }] })] });
    const a = rowOf(input, 'i-a');
    expect(a).toMatchObject({ state: 'blocked', code: 'Budget', blockedBy: { opensAt: '2026-11-25T17:00:00.000Z' } });
    expect(a.words).toBe(
      'Blocked: the disruption budget of NodePool general-purpose allows 0 Underutilized disruptions now (nodes: 0, schedule "0 9 * * mon-fri" for 8h, reasons Underutilized); it opens at 17:00 UTC (in 5 h).',
    );
    // The same window does not hold back an empty node (its reason is not listed).
    const empty = cluster({ ...input, pods: cluster().pods.filter((p) => p.nodeName !== 'i-a') });
    expect(rowOf(empty, 'i-a')).toMatchObject({ code: 'Empty', state: 'consolidate' });
  });

  it('Budget: an unscheduled budget of 0 never opens by the clock', () => {
    const a = rowOf(cluster({ nodePools: [pool('general-purpose', { budgets: [{ nodes: '0' }] })] }), 'i-a');
    expect(a.code).toBe('Budget');
    expect(a.blockedBy?.opensAt).toBeUndefined();
    expect(a.words).toMatch(/it opens when nodes already being disrupted are gone\.$/);
  });

  it('PolicyWhenEmpty: a WhenEmpty pool keeps a node with pods', () => {
    const input = cluster({
      nodes: [nodeInfo('i-m', AI), nodeInfo('i-n', AI)],
      pods: [podInfo('apps', 'image-proctoring-1', 'i-m', 500)],
      nodeClaims: [nodeClaimInfo('ai-m', { nodeName: 'i-m', nodePool: 'ai-ml', lastPodEventTime: settled }), nodeClaimInfo('ai-n', { nodeName: 'i-n', nodePool: 'ai-ml', lastPodEventTime: settled })],
      nodePools: [pool('ai-ml', { consolidationPolicy: 'WhenEmpty' })],
    });
    const m = rowOf(input, 'i-m');
    expect(m).toMatchObject({ state: 'keep', code: 'PolicyWhenEmpty', candidate: false });
    expect(m.words).toBe('Kept: NodePool ai-ml only removes empty nodes (consolidationPolicy: WhenEmpty) and this one runs 1 pod(s).');
    expect(rowOf(input, 'i-n').code).toBe('Empty');
  });

  it('ManagedNodeGroup: scales only through its node group, with the min size when the EKS API answers', () => {
    const group: NodegroupInfo = { name: 'general-pool', status: 'ACTIVE', instanceTypes: ['t3.medium'], scaling: { minSize: 2, maxSize: 5, desiredSize: 2 }, labels: {}, taints: [] };
    const input = cluster({ nodes: [...cluster().nodes, nodeInfo('ng-1', NG)], nodegroups: [group] });
    const ng = rowOf(input, 'ng-1');
    expect(ng).toMatchObject({ state: 'unmanaged', code: 'ManagedNodeGroup', pool: 'general-pool' });
    expect(ng.words).toBe('Managed node group general-pool: scales only through the node group (min 2, desired 2, max 5); Auto Mode does not consolidate it.');
  });

  it('Drifted: names what drifted, and is replaced even in a WhenEmpty pool', () => {
    const input = cluster({
      nodeClaims: [
        nodeClaimInfo('gp-a', { nodeName: 'i-a', lastPodEventTime: settled }),
        nodeClaimInfo('gp-b', { nodeName: 'i-b', lastPodEventTime: settled, drifted: true, driftReason: 'spec.template.spec.requirements: node.kubernetes.io/instance-type In [m6a.large] no longer allows c6a.large' }),
        nodeClaimInfo('gp-c', { nodeName: 'i-c', lastPodEventTime: settled }),
      ],
      nodePools: [pool('general-purpose', { consolidationPolicy: 'WhenEmpty' })],
    });
    const b = rowOf(input, 'i-b');
    expect(b).toMatchObject({ state: 'replace', code: 'Drifted', drift: expect.stringContaining('spec.template.spec.requirements') });
    expect(b.words).toBe(
      'Drifted: spec.template.spec.requirements: node.kubernetes.io/instance-type In [m6a.large] no longer allows c6a.large; Auto Mode launches a replacement, then drains and removes it.',
    );
    // Drift is still held back by do-not-disrupt.
    const held = { ...input, pods: [...input.pods.filter((p) => p.name !== 'big-1'), podInfo('apps', 'big-1', 'i-b', 900, { doNotDisrupt: true })] };
    const blocked = rowOf(held, 'i-b');
    expect(blocked).toMatchObject({ state: 'blocked', code: 'DoNotDisrupt', drift: expect.any(String) });
    expect(blocked.words).toMatch(/^Drifted \(spec\.template\.spec\.requirements.*\), replacement held back\. Blocked: pod apps\/big-1/);
  });

  it('NotReady and Initializing nodes are not candidates', () => {
    const input = cluster({
      nodes: [nodeInfo('i-a', GP, { ready: false }), nodeInfo('i-b', GP), nodeInfo('i-c', GP), nodeInfo('i-d', GP)],
      nodeClaims: [...cluster().nodeClaims, nodeClaimInfo('gp-d', { nodeName: 'i-d', stage: 'Registered', lastPodEventTime: settled })],
    });
    expect(rowOf(input, 'i-a')).toMatchObject({ state: 'keep', code: 'NotReady', candidate: false });
    expect(rowOf(input, 'i-a').words).toBe('Not Ready: Auto Mode does not disrupt a node until it is Ready.');
    expect(rowOf(input, 'i-d')).toMatchObject({ state: 'keep', code: 'Initializing' });
  });
});

describe('review totals and export', () => {
  it('sums per pool and for the cluster: waste in vCPU, GiB and USD, and savings if the candidates go', () => {
    const review = reviewCluster(cluster(), now);
    const gp = review.pools.find((p) => p.pool === 'general-purpose')!;
    expect(gp.nodes).toBe(3);
    expect(gp.requested.cpuMillis).toBe(2850);
    const alloc = review.nodes.filter((r) => r.pool === 'general-purpose').reduce((s, r) => s + r.allocatable.cpuMillis, 0);
    expect(gp.waste.vcpu).toBeCloseTo((alloc - 2850) / 1000, 6);
    // Only i-a goes: its price, a month long.
    const a = review.nodes.find((r) => r.node === 'i-a')!;
    expect(gp.savings).toEqual({ nodes: 1, usdPerMonth: a.hourly! * 730 });
    expect(review.totals.nodes).toBe(3);
    // A node group's idle node is room for i-c's pods: it becomes a candidate too.
    const roomier = reviewCluster(cluster({ nodes: [...cluster().nodes, nodeInfo('ng-1', NG)] }), now);
    expect(roomier.totals.savings.nodes).toBe(2);
    expect(roomier.pools.map((p) => p.pool)).toEqual(['general-pool', 'general-purpose']);
    expect(review.totals.hourly).toBeCloseTo(review.pools.reduce((s, p) => s + p.hourly, 0), 9);
    expect(review.totals.waste.usdPerMonth).toBeGreaterThan(0);
    expect(review.totals.waste.usdPerMonth).toBeLessThan(review.totals.hourly * 730);
  });

  it('carries usage when metrics answered', () => {
    const usage = new Map([['i-a', { cpuMillis: 120, memoryBytes: 300 * 1024 ** 2 }]]);
    const review = reviewCluster(cluster(), now, { usage });
    expect(review.metrics).toBe(true);
    expect(review.nodes.find((r) => r.node === 'i-a')!.used).toEqual({ cpuMillis: 120, memoryBytes: 300 * 1024 ** 2 });
    expect(review.nodes.find((r) => r.node === 'i-b')!.used).toBeUndefined();
  });

  it('exports CSV with a header row, quoting words that hold commas and quotes', () => {
    const csv = reviewCsv(reviewCluster(cluster(), now));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('node,pool,instanceType,age,pods,requestedCpuMillis,requestedMemoryBytes,allocatableCpuMillis,allocatableMemoryBytes,usedCpuMillis,usedMemoryBytes,hourlyUsd,state,code,words,eligibleAt');
    expect(lines).toHaveLength(4);
    const a = lines.find((l) => l.startsWith('i-a,'))!;
    expect(a).toContain(',consolidate,Underutilized,"Underutilized: its 2 pod(s) fit on node i-b (apps/api-1 → i-b, apps/web-1 → i-b); Auto Mode moves them and removes it.",');
  });
});

describe('budgetOpensAt', () => {
  it('follows back-to-back windows to the first one that allows a disruption', () => {
    const budgets = [
      { nodes: '0', schedule: '0 9 * * *', duration: '2h' },
      { nodes: '0', schedule: '0 11 * * *', duration: '1h' },
    ];
    expect(budgetOpensAt(budgets, { total: 3, disrupting: 0, reason: 'Empty', now: new Date('2026-11-25T10:30:00Z') })?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    // Nothing blocks: nothing to wait for.
    expect(budgetOpensAt(budgets, { total: 3, disrupting: 0, reason: 'Empty', now: new Date('2026-11-25T13:00:00Z') })).toBeUndefined();
  });
});
