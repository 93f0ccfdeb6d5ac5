import { describe, expect, it } from 'vitest';
import { emptySnapshot, eventInfo, nodeClaimInfo, nodePoolInfo } from '@/test/support/model';
import { nodeInfo, podInfo } from '@/test/support/topology';
import { activityProgress, poolSamples, type Activity } from './activity';
import type { DeploymentInfo } from './model';

const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'eks.amazonaws.com/compute-type': 'auto' };
const AI = { 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class', 'eks.amazonaws.com/compute-type': 'auto' };
const activity: Activity = {
  id: 'a1',
  action: 'pin',
  by: 'otto',
  at: '2026-11-28T21:00:00Z',
  target: { key: 'eks.amazonaws.com/nodeclass', value: 'ai-ml-node-class' },
  before: { nodes: 2, hourly: 0.2 },
  objects: [{ kind: 'Deployment', namespace: 'apps', name: 'image-proctoring' }],
};
const deployment = (over: Partial<DeploymentInfo> = {}): DeploymentInfo => ({
  namespace: 'apps',
  name: 'image-proctoring',
  uid: 'd1',
  replicas: 2,
  readyReplicas: 2,
  updatedReplicas: 2,
  availableReplicas: 2,
  requests: { cpuMillis: 1000, memoryBytes: 2 ** 31, pods: 1 },
  generation: 3,
  observedGeneration: 3,
  ...over,
});

describe('activityProgress', () => {
  it('mid-move: one pod on the target, one pending with the scheduler’s reason, a claim in flight', () => {
    const snapshot = emptySnapshot({
      nodes: [nodeInfo('gp-1', 'm5.large', GP), nodeInfo('ai-1', 'm6a.xlarge', AI)],
      pods: [
        podInfo('apps', 'image-proctoring-new-aaaa1', 'ai-1', 1000, 2),
        podInfo('apps', 'image-proctoring-new-aaaa2', undefined, 1000, 2),
        podInfo('apps', 'image-proctoring-old-bbbb1', 'gp-1', 1000, 2, { terminating: true }),
        podInfo('apps', 'frontend-x-y', 'gp-1', 250, 0.5),
      ],
      deployments: [deployment({ updatedReplicas: 2, availableReplicas: 1, readyReplicas: 1 })],
      nodeClaims: [nodeClaimInfo('ai-ml-x', { nodePool: 'ai-ml', stage: 'Launched' })],
      events: [
        eventInfo('apps', 'image-proctoring-new-aaaa2.1', { involved: { kind: 'Pod', namespace: 'apps', name: 'image-proctoring-new-aaaa2' }, reason: 'FailedScheduling', type: 'Warning', message: '0/2 nodes are available', lastTimestamp: '2026-11-28T21:00:05Z' }),
        eventInfo('apps', 'frontend-x-y.1', { involved: { kind: 'Pod', namespace: 'apps', name: 'frontend-x-y' }, lastTimestamp: '2026-11-28T21:00:06Z' }),
        eventInfo('apps', 'frontend-x-y.2', { involved: { kind: 'Pod', namespace: 'apps', name: 'frontend-x-y' }, reason: 'Preempted', message: 'Preempted by pod 1b2c on node ai-1', lastTimestamp: '2026-11-28T21:00:07Z' }),
        eventInfo('default', 'ai-ml-x.1', { involved: { kind: 'NodeClaim', name: 'ai-ml-x' }, reason: 'Launched', lastTimestamp: '2026-11-28T21:00:04Z' }),
        eventInfo('apps', 'old.1', { involved: { kind: 'Pod', namespace: 'apps', name: 'image-proctoring-old-bbbb1' }, reason: 'Killing', lastTimestamp: '2026-11-28T20:59:00Z' }),
      ],
    });
    const p = activityProgress(snapshot, activity);
    expect(p.pods).toEqual({ total: 2, onTarget: 1, running: 1, pending: 1, terminating: 1 });
    expect(p.pendingReasons).toEqual([{ pod: 'apps/image-proctoring-new-aaaa2', reason: 'FailedScheduling: 0/2 nodes are available' }]);
    expect(p.claimsInFlight.map((c) => c.name)).toEqual(['ai-ml-x']);
    expect(p.rollingOut).toEqual(['apps/image-proctoring']);
    // Other workloads' events and events from before the action are not part of it, except a
    // preemption, which the move may have caused.
    expect(p.events.map((e) => e.reason)).toEqual(['Launched', 'FailedScheduling', 'Preempted']);
    expect(p.settled).toBe(false);
    expect(p.stuck).toBe(false);
  });

  it('settled: rollout done, every pod running on the target, no claims in flight, nothing terminating', () => {
    const snapshot = emptySnapshot({
      nodes: [nodeInfo('ai-1', 'm6a.xlarge', AI)],
      pods: [podInfo('apps', 'image-proctoring-new-aaaa1', 'ai-1', 1000, 2), podInfo('apps', 'image-proctoring-new-aaaa2', 'ai-1', 1000, 2)],
      deployments: [deployment()],
      nodeClaims: [nodeClaimInfo('ai-ml-x', { nodePool: 'ai-ml', stage: 'Initialized', nodeName: 'ai-1' })],
    });
    const p = activityProgress(snapshot, activity);
    expect(p.pods.onTarget).toBe(2);
    expect(p.settled).toBe(true);
    expect(p.stuck).toBe(false);
    expect(p.now.nodes).toBe(1);
    expect(p.now.hourly).toBeCloseTo(0.1728 * 1.12, 6);
  });
});

it('stuck: nothing launches or drains, yet a pod waits (e.g. blocked by limits)', () => {
  const snapshot = emptySnapshot({
    nodes: [nodeInfo('ai-1', 'm6a.xlarge', AI)],
    pods: [podInfo('apps', 'image-proctoring-new-aaaa1', 'ai-1', 1000, 2), podInfo('apps', 'image-proctoring-new-aaaa2', undefined, 1000, 2)],
    deployments: [deployment({ availableReplicas: 1, readyReplicas: 1 })],
  });
  const p = activityProgress(snapshot, activity);
  expect(p).toMatchObject({ settled: false, stuck: true });
  expect(p.pendingReasons[0].reason).toBe('waiting for a node');
});

it('not settled while an emptied Auto Mode node waits for consolidation', () => {
  const snapshot = emptySnapshot({
    nodes: [nodeInfo('ai-1', 'm6a.xlarge', AI), nodeInfo('gp-1', 'm5.large', GP)],
    pods: [podInfo('apps', 'image-proctoring-new-aaaa1', 'ai-1', 1000, 2), podInfo('apps', 'image-proctoring-new-aaaa2', 'ai-1', 1000, 2)],
    deployments: [deployment()],
  });
  const p = activityProgress(snapshot, activity);
  expect(p.nodesEmpty).toEqual(['gp-1']);
  expect(p.settled).toBe(false);
  const never = nodePoolInfo('general-purpose', { disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: 'Never', budgets: [] } });
  expect(activityProgress({ ...snapshot, nodePools: [never] }, activity)).toMatchObject({ nodesEmpty: [], settled: true });
});

describe('poolSamples', () => {
  it('counts nodes, resource-holding pods and cost per pool', () => {
    const s = poolSamples({
      nodes: [nodeInfo('gp-1', 'm5.large', GP), nodeInfo('ai-1', 'm6a.xlarge', AI)],
      pods: [podInfo('apps', 'a-b-c', 'gp-1', 1, 1), podInfo('apps', 'd-e-f', 'gp-1', 1, 1, { phase: 'Succeeded' }), podInfo('apps', 'g-h-i', undefined, 1, 1)],
    });
    expect(s).toEqual([
      { pool: 'ai-ml', nodes: 1, pods: 0, hourly: expect.closeTo(0.1728 * 1.12, 6) },
      { pool: 'general-purpose', nodes: 1, pods: 1, hourly: expect.closeTo(0.096 * 1.12, 6) },
    ]);
  });
});
