import { describe, expect, it } from 'vitest';
import { consolidationVerdicts, type CandidateNode, type CandidatePod, type PoolPolicy } from './consolidation';
import { interPodRulesOf } from './pod-placement';

const GI = 1024 ** 3;
const now = new Date('2026-11-25T12:00:00Z');
const longAgo = new Date('2026-11-25T11:00:00Z');
const pools: Record<string, PoolPolicy> = {
  'general-purpose': { name: 'general-purpose', consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '100%' }] },
  'ai-ml': { name: 'ai-ml', consolidationPolicy: 'WhenEmpty', consolidateAfter: '1m' },
};

const pod = (key: string, cpuMillis: number, extra: Partial<CandidatePod> = {}): CandidatePod => ({
  key,
  requests: { cpuMillis, memoryBytes: 0.25 * GI, pods: 1 },
  daemonSet: false,
  doNotDisrupt: false,
  ...extra,
});

const node = (name: string, pods: CandidatePod[], extra: Partial<CandidateNode> = {}): CandidateNode => ({
  name,
  pool: 'general-purpose',
  labels: { 'karpenter.sh/nodepool': extra.pool ?? 'general-purpose' },
  taints: [],
  allocatable: { cpuMillis: 2000, memoryBytes: 8 * GI, pods: 29 },
  used: pods.reduce((u, p) => ({ cpuMillis: u.cpuMillis + p.requests.cpuMillis, memoryBytes: u.memoryBytes + p.requests.memoryBytes, pods: u.pods + 1 }), {
    cpuMillis: 0,
    memoryBytes: 0,
    pods: 0,
  }),
  schedulable: true,
  pods,
  lastPodChange: longAgo,
  doNotDisrupt: false,
  disrupting: false,
  ...extra,
});

const byNode = (nodes: CandidateNode[], p = pools, at = now) => Object.fromEntries(consolidationVerdicts(nodes, p, at).map((v) => [v.node, v]));

describe('consolidationVerdicts', () => {
  it('removes empty nodes (DaemonSet pods do not count)', () => {
    const v = byNode([node('a', [pod('kube-system/aws-node-x', 25, { daemonSet: true })]), node('b', [pod('apps/web-1', 500)])]);
    expect(v.a).toMatchObject({ state: 'consolidate', reason: 'Empty' });
  });

  it("moves no DaemonSet pod, but counts those on the destination as taken room", () => {
    const agent = (node: string, cpu: number) => pod(`kube-system/fluent-bit-${node}`, cpu, { daemonSet: true });
    // a's agent goes with a; its workload (1000m) fits beside b's 900m and b's 100m agent exactly.
    const fits = byNode([node('a', [pod('apps/job-1', 1000), agent('a', 400)]), node('b', [pod('apps/web-1', 900), agent('b', 100)])]);
    expect(fits.a).toMatchObject({ state: 'consolidate', reason: 'Underutilized', destinations: { 'apps/job-1': 'b' } });
    // A bigger agent on b leaves 50m too little: a stays.
    const full = byNode([node('a', [pod('apps/job-1', 1000), agent('a', 400)]), node('b', [pod('apps/web-1', 900), agent('b', 150)])]);
    expect(full.a).toMatchObject({ state: 'keep', code: 'DoesNotFit' });
  });

  it('moves the pods of an underutilized node onto the others, and only as many nodes as fit', () => {
    const v = byNode([node('a', [pod('apps/web-1', 300)]), node('b', [pod('apps/web-2', 300)]), node('c', [pod('apps/api-1', 1500)])]);
    expect(v.a).toMatchObject({ state: 'consolidate', reason: 'Underutilized', destinations: { 'apps/web-1': 'c' } });
    // With a gone and c holding 1800m, b's pod no longer fits anywhere.
    expect(v.b.state).toBe('keep');
    expect(v.b.message).toBe("Not underutilized enough: apps/web-2 would not fit elsewhere (0/1 nodes are available: 1 Insufficient cpu.)");
    // c takes a's pod, so it must stay even though its own pod would fit on b.
    expect(v.c).toMatchObject({ state: 'keep', message: 'Receives pods from a, which is being consolidated.' });
  });

  it('never says "its pods fit on X" of a pod whose anti-affinity forbids X', () => {
    const oneHostEach = interPodRulesOf({
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: 'kubernetes.io/hostname' }],
        },
      },
    });
    const agent = (key: string) => pod(key, 100, { labels: { app: 'agent' }, podRules: oneHostEach });
    const host = (name: string) => ({ labels: { 'karpenter.sh/nodepool': 'general-purpose', 'kubernetes.io/hostname': name } });
    // Each node holds one agent and room for many more: by requests alone a could empty onto b.
    const v = byNode([node('a', [agent('platform/agent-1')], host('a')), node('b', [agent('platform/agent-2')], host('b'))]);
    expect(v.a).toMatchObject({ state: 'keep', code: 'DoesNotFit' });
    expect(v.a.message).toBe("Not underutilized enough: platform/agent-1 would not fit elsewhere (0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.)");
    // A third node without an agent is somewhere it may go.
    const w = byNode([node('a', [agent('platform/agent-1')], host('a')), node('b', [agent('platform/agent-2')], host('b')), node('c', [pod('apps/web-1', 1000)], host('c'))]);
    expect(w.a).toMatchObject({ state: 'consolidate', destinations: { 'platform/agent-1': 'c' } });
  });

  it('waits for consolidateAfter after the last pod change', () => {
    const recent = new Date(now.getTime() - 10_000);
    // b waits too: a settled b would be judged first and move its pod onto a.
    const v = byNode([node('a', [], { lastPodChange: recent }), node('b', [pod('apps/web-1', 100)], { lastPodChange: recent })]);
    expect(v.a).toMatchObject({ state: 'waiting', reason: 'Empty', eligibleAt: '2026-11-25T12:00:20.000Z' });
  });

  it('keeps busy nodes of a WhenEmpty pool', () => {
    const v = byNode([node('m', [pod('apps/img-1', 100)], { pool: 'ai-ml' }), node('n', [], { pool: 'ai-ml' })]);
    expect(v.m.state).toBe('keep');
    expect(v.m.message).toMatch(/WhenEmpty/);
    expect(v.n).toMatchObject({ state: 'consolidate', reason: 'Empty' });
  });

  it('is blocked by do-not-disrupt pods and by PodDisruptionBudgets', () => {
    const v = byNode([
      node('a', [pod('apps/batch-1', 100, { doNotDisrupt: true })]),
      node('b', [pod('apps/db-1', 100, { pdbBlocked: 'apps/db' })]),
      node('c', []),
    ]);
    expect(v.a).toMatchObject({ state: 'blocked', message: 'Pod apps/batch-1 has karpenter.sh/do-not-disrupt: "true".' });
    expect(v.b.state).toBe('blocked');
    expect(v.b.message).toMatch(/PodDisruptionBudget apps\/db/);
  });

  it('spends the disruption budget across candidates', () => {
    const tight = { ...pools, 'general-purpose': { ...pools['general-purpose'], budgets: [{ nodes: '1' }] } };
    const v = byNode([node('a', []), node('b', []), node('c', [pod('apps/web', 100)])], tight);
    const states = [v.a.state, v.b.state].sort();
    expect(states).toEqual(['blocked', 'consolidate']);
    expect([v.a, v.b].find((x) => x.state === 'blocked')?.message).toMatch(/Disruption budget of NodePool general-purpose allows no more Empty disruptions now \(nodes: 1\)/);
  });

  it('leaves managed node groups alone and reports nodes already going', () => {
    const v = byNode([node('ng', [], { pool: undefined }), node('x', [], { disrupting: true })]);
    expect(v.ng.state).toBe('unmanaged');
    expect(v.x.state).toBe('disrupting');
  });

  it('honours consolidateAfter: Never', () => {
    const never = { ...pools, 'general-purpose': { ...pools['general-purpose'], consolidateAfter: 'Never' } };
    expect(byNode([node('a', [])], never).a.state).toBe('keep');
  });
});

describe('verdicts carry their facts as data', () => {
  it('names the sending node, the misfit pod and its tally, and the pod counts, beside the message rendered from them', () => {
    const v = byNode([node('a', [pod('apps/web-1', 300)]), node('b', [pod('apps/web-2', 300)]), node('c', [pod('apps/api-1', 1500)])]);
    expect(v.a).toMatchObject({ code: 'Underutilized', pods: 1, hourlySavings: undefined });
    expect(v.c).toMatchObject({ code: 'Receiving', receivingFrom: 'a' });
    expect(v.b).toMatchObject({ code: 'DoesNotFit', misfit: { pod: 'apps/web-2', nodes: 1, reasons: { cpu: 1 } } });
  });

  it('a waiting node carries its pool’s consolidateAfter and when it ends', () => {
    const v = byNode([node('a', [], { lastPodChange: new Date(now.getTime() - 10_000) })]);
    expect(v.a).toMatchObject({ state: 'waiting', code: 'Empty', consolidateAfter: '30s', eligibleAt: '2026-11-25T12:00:20.000Z' });
  });

  it('a waiting underutilized node reserves its pods\' room: two half-empty nodes do not each count on the other', () => {
    const recent = new Date('2026-11-25T11:59:50Z');
    const v = byNode([node('a', [pod('apps/web-1', 900)], { lastPodChange: recent }), node('b', [pod('apps/web-2', 900)], { lastPodChange: recent })]);
    expect(v.a).toMatchObject({ state: 'waiting', code: 'Underutilized', destinations: { 'apps/web-1': 'b' } });
    // b takes a's pod once a goes: it stays, and is not itself a second candidate.
    expect(v.b).toMatchObject({ state: 'keep', code: 'Receiving', receivingFrom: 'a', receivingLater: true });
  });

  it('a node Auto Mode may take now is judged before a waiting one, whatever their pod counts', () => {
    const recent = new Date('2026-11-25T11:59:50Z');
    // a waits (1 pod), b is settled (2 pods): b goes now onto a, and a, receiving, stays.
    const v = byNode([node('a', [pod('apps/web-1', 900)], { lastPodChange: recent }), node('b', [pod('apps/web-2', 400), pod('apps/web-3', 400)])]);
    expect(v.b).toMatchObject({ state: 'consolidate', code: 'Underutilized', destinations: { 'apps/web-2': 'a', 'apps/web-3': 'a' } });
    expect(v.a).toMatchObject({ state: 'keep', code: 'Receiving', receivingFrom: 'b', message: 'Receives pods from b, which is being consolidated.' });
    expect(v.a.receivingLater).toBeUndefined();
  });

  it('a waiting empty node is not a destination for later candidates', () => {
    const recent = new Date('2026-11-25T11:59:50Z');
    const v = byNode([node('a', [], { lastPodChange: recent }), node('b', [pod('apps/web-1', 900)], { lastPodChange: recent })]);
    expect(v.a).toMatchObject({ state: 'waiting', code: 'Empty' });
    expect(v.b).toMatchObject({ state: 'keep', code: 'DoesNotFit', misfit: { pod: 'apps/web-1', nodes: 0 } });
  });

  it('says where a kept node\'s pods would go if it went, and which fit nowhere (hand-computed)', () => {
    // WhenEmpty: all three are kept. k's 600m pod fits only on c (800m free of 2000m; b has
    // 500m); its 300m pod then fits only on b (c has 200m left). b's 1500m pod fits on neither
    // k (1100m free) nor c.
    const ai = { pool: 'ai-ml' };
    const v = byNode([
      node('k', [pod('apps/x', 600), pod('apps/y', 300)], ai),
      node('b', [pod('apps/big', 1500)], ai),
      node('c', [pod('apps/mid', 1200)], ai),
    ]);
    expect(v.k).toMatchObject({ state: 'keep', code: 'PolicyWhenEmpty', placement: { 'apps/x': 'c', 'apps/y': 'b' } });
    expect(v.b.placement).toEqual({ 'apps/big': null });
    // c's 1200m pod fits on neither k (1100m free) nor b (500m free).
    expect(v.c.placement).toEqual({ 'apps/mid': null });
  });

  it('placement: false gives the same verdicts without where the pods would go', () => {
    const ai = { pool: 'ai-ml' };
    const nodes = [node('k', [pod('apps/x', 600), pod('apps/y', 300)], ai), node('b', [pod('apps/big', 1500)], ai), node('c', [pod('apps/mid', 1200)], ai)];
    const full = consolidationVerdicts(nodes, pools, now);
    const lean = consolidationVerdicts(nodes, pools, now, { placement: false });
    expect(full.some((v) => v.placement)).toBe(true);
    expect(lean.some((v) => v.placement)).toBe(false);
    expect(lean).toEqual(full.map(({ placement: _placement, ...rest }) => rest));
  });

  it('a blocked node says where its pods would go too; a consolidated one has destinations instead', () => {
    // b goes onto c (1500m + 300m); a's 200m pod would then fit only in c's last 200m, since b
    // is gone: placement is counted on the nodes that stay after the whole pass.
    const v = byNode([node('a', [pod('apps/web-1', 200, { doNotDisrupt: true })]), node('b', [pod('apps/web-2', 300)]), node('c', [pod('apps/api-1', 1500)])]);
    expect(v.a).toMatchObject({ state: 'blocked', code: 'DoNotDisrupt', placement: { 'apps/web-1': 'c' } });
    expect(v.b).toMatchObject({ state: 'consolidate', destinations: { 'apps/web-2': 'c' } });
    expect(v.b.placement).toBeUndefined();
  });

  it('replace: pods that fit on no other node but on one cheaper type the pool allows (hand-computed)', () => {
    const offer = (type: string, category: string, cpuMillis: number, hourly: number) => ({
      type,
      labels: { 'node.kubernetes.io/instance-type': type, 'eks.amazonaws.com/instance-category': category },
      allocatable: { cpuMillis, memoryBytes: 8 * GI, pods: 29 },
      hourly,
    });
    const replacing: Record<string, PoolPolicy> = {
      'general-purpose': {
        ...pools['general-purpose'],
        requirements: [{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['m'] }],
        // Cheapest first, as replacementOffers sorts them.
        offers: [offer('t.large', 't', 4000, 0.05), offer('m.large', 'm', 2500, 0.1), offer('m.xlarge', 'm', 4000, 0.15), offer('m.2xlarge', 'm', 8000, 0.3)],
      },
    };
    // x: 1500m + 600m of workload and a 500m DaemonSet pod on 4000m, $0.20/h. y (1800m of 2000m)
    // has 200m free, so x's pods fit on no other node. t.large is cheapest but the pool allows only
    // category m; m.large (2500m) cannot hold 2100m plus the DaemonSet pod's 500m; m.xlarge can,
    // at $0.15/h: $0.05/h less.
    const x = node('x', [pod('apps/a', 1500), pod('apps/b', 600), pod('kube-system/agent', 500, { daemonSet: true })], { allocatable: { cpuMillis: 4000, memoryBytes: 16 * GI, pods: 58 }, hourlyPrice: 0.2 });
    const v = byNode([x, node('y', [pod('apps/c', 1800)])], replacing);
    expect(v.x).toMatchObject({ state: 'replace', code: 'Replace', reason: 'Underutilized', pods: 2, replacement: { instanceType: 'm.xlarge', hourly: 0.15 } });
    expect(v.x.hourlySavings).toBeCloseTo(0.05, 10);
    expect(v.x.message).toBe('Replace: its 2 pod(s) do not fit on the other nodes but fit on one cheaper m.xlarge ($0.05/h, $37/mo less); Auto Mode launches it, then drains and removes this node.');
    // Without a price for the node, or with nothing cheaper that holds the pods, it is kept.
    expect(byNode([{ ...x, hourlyPrice: undefined }, node('y', [pod('apps/c', 1800)])], replacing).x.code).toBe('DoesNotFit');
    expect(byNode([{ ...x, hourlyPrice: 0.12 }, node('y', [pod('apps/c', 1800)])], replacing).x.code).toBe('DoesNotFit');
  });
});
