import { describe, expect, it } from 'vitest';
import { eventInfo, nodeClaimInfo, nodeInfo, nodePoolInfo, podInfo } from '@/test/support/model';
import { reviewCluster } from './review';
import { pendingPodCounts, poolSeries } from './pool-series';
import { nodeHourly } from './pricing';

const now = new Date('2026-11-25T12:00:00Z');
const settled = '2026-11-25T11:00:00Z';
const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'node.kubernetes.io/instance-type': 'c6a.large' };
const NG = { 'eks.amazonaws.com/nodegroup': 'general-pool', 'node.kubernetes.io/instance-type': 't3.medium' };
const GI = 1024 ** 3;

const pool = nodePoolInfo('general-purpose', {
  requirements: [{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm', 'r'] }, { key: 'eks.amazonaws.com/instance-generation', operator: 'Gt', values: ['4'] }],
  disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '100%' }] },
});

/** i-a holds a small pod that fits elsewhere (a candidate); i-b a do-not-disrupt pod (blocked); i-c is busy. */
function review() {
  return reviewCluster(
    {
      nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP), nodeInfo('i-c', GP), nodeInfo('ng-1', NG)],
      pods: [
        podInfo('apps', 'web-1', 'i-a', 200),
        podInfo('apps', 'pinned-1', 'i-b', 300, { doNotDisrupt: true }),
        podInfo('apps', 'big-1', 'i-c', 1500),
        podInfo('apps', 'agent-1', 'ng-1', 100),
      ],
      pdbs: [],
      nodeClaims: ['i-a', 'i-b', 'i-c'].map((n) => nodeClaimInfo(`gp-${n}`, { nodeName: n, lastPodEventTime: settled })),
      nodePools: [pool],
    },
    now,
  );
}

describe('poolSeries', () => {
  it('gives each pool its size, requests, cost and waste in base units, and counts candidates and blocked nodes by code', () => {
    const [gp, ng] = [...poolSeries(review())].sort((a, b) => a.pool.localeCompare(b.pool)).reverse();
    expect(gp.pool).toBe('general-purpose');
    expect(gp.poolSource).toBe('karpenter-nodepool');
    expect(gp.nodes).toBe(3);
    // Three nodes of 1930m and 7 GiB allocatable each (the factory's node).
    expect(gp.allocatableCpuCores).toBeCloseTo(5.79);
    expect(gp.allocatableMemoryBytes).toBe(21 * GI);
    // 200m + 300m + 1500m; three pods of 128 MiB.
    expect(gp.requestedCpuCores).toBeCloseTo(2.0);
    expect(gp.requestedMemoryBytes).toBe(3 * 128 * 1024 ** 2);
    expect(gp.costDollarsPerHour).toBeCloseTo(3 * nodeHourly(nodeInfo('x', GP))!);
    expect(gp.consolidationCandidates).toBe(1);
    expect(gp.blockedNodes).toEqual({ DoNotDisrupt: 1 });
    expect(gp.usedCpuCores).toBeUndefined();
    // Waste per hour is the review's monthly waste over the same 730 hours.
    const monthly = review().pools.find((p) => p.pool === 'general-purpose')!.waste.usdPerMonth;
    expect(gp.wasteDollarsPerHour).toBeCloseTo(monthly / 730);
    expect(gp.wasteDollarsPerHour).toBeGreaterThan(0);
    expect(ng.pool).toBe('general-pool');
    expect(ng.nodes).toBe(1);
    expect(ng.consolidationCandidates).toBe(0);
  });

  it('reports usage only when every node of the pool has it', () => {
    const r = review();
    for (const row of r.nodes) if (row.pool === 'general-purpose') row.used = { cpuMillis: 500, memoryBytes: GI };
    const gp = poolSeries(r).find((p) => p.pool === 'general-purpose')!;
    expect(gp.usedCpuCores).toBeCloseTo(1.5);
    expect(gp.usedMemoryBytes).toBe(3 * GI);
    expect(poolSeries(r).find((p) => p.pool === 'general-pool')!.usedCpuCores).toBeUndefined();
  });
});

describe('pendingPodCounts', () => {
  it('counts unbound, non-terminating Pending pods by their newest scheduling Event, the rest as Unknown', () => {
    const pods = [
      podInfo('apps', 'a-1', undefined),
      podInfo('apps', 'b-1', undefined),
      podInfo('apps', 'c-1', undefined),
      podInfo('apps', 'd-1', undefined, 100, { terminating: true }),
      podInfo('apps', 'e-1', 'i-a'),
    ];
    const scheduling = (name: string, reason: string, at: string) =>
      eventInfo('apps', `${name}.1`, { reason, involved: { kind: 'Pod', name, namespace: 'apps' }, lastTimestamp: at });
    const events = [scheduling('a-1', 'FailedScheduling', '2026-11-25T11:00:00Z'), scheduling('b-1', 'FailedScheduling', '2026-11-25T11:00:00Z'), scheduling('b-1', 'Nominated', '2026-11-25T11:01:00Z')];
    expect(pendingPodCounts(pods, events)).toEqual({ FailedScheduling: 1, Nominated: 1, Unschedulable: 0, Unknown: 1 });
  });
});
