import { describe, expect, it } from 'vitest';
import { nodeClaimInfo, nodeInfo, nodePoolInfo, pdbInfo, podInfo } from '@/test/support/model';
import { replacementOffers } from './replacement';
import { buildCandidates, pdbBlockedPods, type CandidateModel } from './consolidation-candidates';
import { consolidationVerdicts } from './consolidation';
import { interPodRulesOf } from './pod-placement';

const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'node.kubernetes.io/instance-type': 'c6a.large' };

function model(overrides: Partial<CandidateModel> = {}): CandidateModel {
  return {
    nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP), nodeInfo('ng-1', { 'eks.amazonaws.com/nodegroup': 'general-pool' }), nodeInfo('labelled', GP)],
    pods: [podInfo('apps', 'web-1', 'i-a', 250), podInfo('apps', 'web-2', 'i-b', 300), podInfo('apps', 'api-1', 'i-b', 100)],
    pdbs: [],
    nodeClaims: [nodeClaimInfo('general-purpose-a', { nodeName: 'i-a' }), nodeClaimInfo('general-purpose-b', { nodeName: 'i-b' })],
    nodePools: [nodePoolInfo('general-purpose', { builtIn: true, disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '100%' }] } })],
    ...overrides,
  };
}

const byName = <T extends { name: string }>(items: T[], name: string) => items.find((i) => i.name === name)!;

describe('buildCandidates', () => {
  it('gives each node its pool, NodeClaim, pods, usage and price; only NodeClaim nodes are managed', () => {
    const { nodes, pools } = buildCandidates(model());
    expect(pools).toEqual({
      'general-purpose': { name: 'general-purpose', consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '100%' }], requirements: [], offers: replacementOffers() },
    });
    // The sandbox, which cannot act on a Replace verdict, asks for none.
    expect(buildCandidates(model(), { replacements: false }).pools['general-purpose'].offers).toEqual([]);
    const b = byName(nodes, 'i-b');
    expect(b).toMatchObject({ pool: 'general-purpose', nodeClaim: 'general-purpose-b', used: { cpuMillis: 400, pods: 2 }, schedulable: true, disrupting: false, doNotDisrupt: false });
    expect(b.pods.map((p) => p.key).sort()).toEqual(['apps/api-1', 'apps/web-2']);
    // Auto Mode adds its management fee to the list price.
    expect(b.hourlyPrice).toBeCloseTo(0.0765 * 1.12, 6);
    // A managed node group's node and a node merely labelled with a pool are not Auto Mode's to remove.
    expect(byName(nodes, 'ng-1').pool).toBeUndefined();
    expect(byName(nodes, 'ng-1').nodeClaim).toBeUndefined();
    expect(byName(nodes, 'labelled').pool).toBeUndefined();
  });

  it('counts only pods that hold the node, and marks DaemonSet pods', () => {
    const { nodes } = buildCandidates(
      model({
        pods: [
          podInfo('apps', 'job-1', 'i-a', 500, { phase: 'Succeeded', ready: false }),
          podInfo('kube-system', 'agent-x', 'i-a', 50, { owner: { kind: 'DaemonSet', name: 'agent' } }),
          podInfo('apps', 'web-1', 'i-a', 250, { terminating: true }),
          podInfo('apps', 'pending-1', undefined, 999),
        ],
      }),
    );
    const a = byName(nodes, 'i-a');
    expect(a.used).toEqual({ cpuMillis: 300, memoryBytes: 2 * 128 * 1024 ** 2, pods: 2 });
    expect(a.pods.map((p) => [p.key, p.daemonSet])).toEqual([
      ['kube-system/agent-x', true],
      ['apps/web-1', false],
    ]);
  });

  it('carries what placement needs: selectors, required affinity, tolerations, labels and inter-pod rules', () => {
    const podRules = interPodRulesOf({
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'gpu' } } }],
    });
    const pod = podInfo('apps', 'gpu-1', 'i-a', 100, {
      nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default' },
      affinity: [[{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6a.large'] }]],
      tolerations: [{ key: 'workload', operator: 'Exists' }],
      labels: { app: 'gpu' },
      podRules,
    });
    const [candidate] = byName(buildCandidates(model({ pods: [pod] })).nodes, 'i-a').pods;
    expect(candidate).toMatchObject({
      namespace: 'apps',
      nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default' },
      affinityTerms: [[{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6a.large'] }]],
      tolerations: [{ key: 'workload', operator: 'Exists' }],
      labels: { app: 'gpu' },
    });
    expect(candidate.podRules).toBe(podRules);
  });

  it('takes do-not-disrupt from the pod and from the node', () => {
    const { nodes } = buildCandidates(
      model({
        nodes: [nodeInfo('i-a', GP, { doNotDisrupt: true }), nodeInfo('i-b', GP)],
        pods: [podInfo('apps', 'web-2', 'i-b', 300, { doNotDisrupt: true })],
      }),
    );
    expect(byName(nodes, 'i-a').doNotDisrupt).toBe(true);
    expect(byName(nodes, 'i-b').pods[0].doNotDisrupt).toBe(true);
  });

  it("knows when pods last changed: from the caller, else the NodeClaim's lastPodEventTime, else the newest pod, else the node", () => {
    const pods = [podInfo('apps', 'web-1', 'i-a', 100, { createdAt: '2026-01-01T00:05:00Z' })];
    const fallback = buildCandidates(model({ pods })).nodes;
    expect(byName(fallback, 'i-a').lastPodChange.toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(byName(fallback, 'i-b').lastPodChange.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    // A pod that left i-b is only known from the NodeClaim.
    const claims = [nodeClaimInfo('general-purpose-b', { nodeName: 'i-b', lastPodEventTime: '2026-01-01T00:42:00Z' })];
    expect(byName(buildCandidates(model({ pods, nodeClaims: claims })).nodes, 'i-b').lastPodChange.toISOString()).toBe('2026-01-01T00:42:00.000Z');
    const watched = buildCandidates(model({ pods }), { lastPodChange: (n) => (n === 'i-a' ? new Date('2026-01-01T01:00:00Z') : undefined) }).nodes;
    expect(byName(watched, 'i-a').lastPodChange.toISOString()).toBe('2026-01-01T01:00:00.000Z');
  });
});

describe('pdbBlockedPods', () => {
  const pods = [podInfo('apps', 'db-1', 'i-a'), podInfo('apps', 'db-2', 'i-b'), podInfo('other', 'db-3', 'i-b')];

  it('blocks the pods of a budget with no disruption to spare, counted from the pods themselves', () => {
    const pdb = pdbInfo('apps', 'db', { minAvailable: 2, selector: { requirements: [{ key: 'app', operator: 'in', values: ['db'] }] }, disruptionsAllowed: 5 });
    // Status says 5 (stale); two healthy pods and minAvailable 2 leave none.
    expect([...pdbBlockedPods(pods, [pdb])]).toEqual([
      ['apps/db-1', 'apps/db'],
      ['apps/db-2', 'apps/db'],
    ]);
    expect(pdbBlockedPods(pods, [{ ...pdb, minAvailable: 1 }]).size).toBe(0);
  });

  it('does not count terminating or not-ready pods as healthy', () => {
    const pdb = pdbInfo('apps', 'db', { minAvailable: undefined, maxUnavailable: 1, selector: { requirements: [{ key: 'app', operator: 'in', values: ['db'] }] } });
    expect(pdbBlockedPods(pods, [pdb]).size).toBe(0);
    expect(pdbBlockedPods([pods[0], { ...pods[1], terminating: true }], [pdb]).size).toBe(2);
    expect(pdbBlockedPods([pods[0], { ...pods[1], ready: false }], [pdb]).size).toBe(2);
  });
});

describe('candidates judged by the verdicts', () => {
  const now = new Date('2026-01-01T01:00:00Z');

  it('consolidates an empty Auto Mode node, and is blocked by a PodDisruptionBudget on an underutilized one', () => {
    const empty = buildCandidates(model({ pods: [podInfo('apps', 'web-2', 'i-b', 300)] }));
    const verdicts = consolidationVerdicts(empty.nodes, empty.pools, now);
    expect(byName(verdicts.map((v) => ({ ...v, name: v.node })), 'i-a')).toMatchObject({ state: 'consolidate', reason: 'Empty' });

    const pdb = pdbInfo('apps', 'web', { minAvailable: 1, selector: { requirements: [{ key: 'app', operator: 'in', values: ['web'] }] } });
    const guarded = buildCandidates(model({ pods: [podInfo('apps', 'web-2', 'i-b', 300)], pdbs: [pdb], nodes: [nodeInfo('i-b', GP), nodeInfo('ng-1', {})] }));
    const [b] = consolidationVerdicts(guarded.nodes, guarded.pools, now);
    expect(b).toMatchObject({ node: 'i-b', state: 'blocked', message: 'Pod apps/web-2 is protected by PodDisruptionBudget apps/web, which allows no disruption now.' });
  });
});
