import { describe, expect, it } from 'vitest';
import { nodeInfo, podInfo } from '@/test/support/topology';
import { buildLanes } from './lanes';
import { DEFAULT_VIEW, EMPTY_VALUE_LANE, filterTopology, ghostClaimsByLane, groupingOf, parseViewState, pendingReasons, viewSearch, withGhostLanes, type LaneViewState } from './lane-view';
import type { EventInfo } from './model';

const nodes = [
  nodeInfo('gp-1', 'm5.xlarge', { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'topology.kubernetes.io/zone': 'us-east-1a' }),
  nodeInfo('gp-2', 'm5.large', { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default', 'topology.kubernetes.io/zone': 'us-east-1b' }),
  nodeInfo('ng-1', 't3.medium', { 'eks.amazonaws.com/nodegroup': 'general-pool', workload: 'cpu' }, { capacityType: 'ON_DEMAND' }),
];
const pods = [
  podInfo('apps', 'frontend-5d8f9c7b6a-aaaaa', 'gp-1', 100, 0.1, { labels: { app: 'frontend', tier: 'web' } }),
  podInfo('apps', 'backend-api-6c7d8e9f0a-bbbbb', 'ng-1', 100, 0.1, { labels: { app: 'backend-api', tier: 'api' } }),
  podInfo('kube-system', 'coredns-7f8e9d0c1b-ccccc', 'gp-2', 100, 0.1, { labels: { 'k8s-app': 'kube-dns' } }),
  podInfo('apps', 'frontend-5d8f9c7b6a-ddddd', undefined, 100, 0.1, { labels: { app: 'frontend', tier: 'web' } }),
];

const view = (over: Partial<LaneViewState>): LaneViewState => ({ ...DEFAULT_VIEW, ...over });

describe('the lanes view state in the URL', () => {
  it('round-trips every field, leaving defaults out', () => {
    const state = view({ group: 'label:workload', namespace: 'apps', workload: 'apps/frontend', node: 'gp', selector: 'tier in (web)', highlight: 'apps/backend-api', trouble: true, panel: { kind: 'pod', namespace: 'apps', name: 'frontend-x' }, density: 'dense' });
    const search = viewSearch(state);
    expect(parseViewState(new URLSearchParams(search))).toEqual(state);
    expect(viewSearch(DEFAULT_VIEW)).toBe('');
    expect(parseViewState(new URLSearchParams('group=bogus&panel=node:&density=huge'))).toEqual(DEFAULT_VIEW);
    expect(parseViewState(new URLSearchParams('panel=node:gp-1')).panel).toEqual({ kind: 'node', name: 'gp-1' });
  });
});

describe('groupings', () => {
  const laneNames = (group: string) => {
    const { key, nameOf } = groupingOf(group);
    return buildLanes({ nodes, pods }, { groupBy: nameOf ? { key, nameOf } : 'pool' }).lanes.map((l) => l.name);
  };

  it('groups by pool, NodeClass, zone, instance type, capacity type and a typed label key', () => {
    expect(laneNames('pool')).toEqual(['general-pool', 'general-purpose']);
    expect(laneNames('nodeclass')).toEqual(['default', '']);
    expect(laneNames('zone')).toEqual(['us-east-1a', 'us-east-1b']);
    expect(laneNames('instance-type')).toEqual(['m5.large', 'm5.xlarge', 't3.medium']);
    // ON_DEMAND (node group) and on-demand (Karpenter) are one lane.
    expect(laneNames('capacity-type')).toEqual(['on-demand']);
    expect(laneNames('label:workload')).toEqual(['cpu', '']);
    expect(groupingOf('label:workload')).toMatchObject({ key: 'workload', label: 'Label workload' });
    expect(groupingOf('label:').id).toBe('pool');
  });

  it('gives nodes whose label is set with no value (a role label) their own lane, apart from those without it', () => {
    const roleNodes = [
      nodeInfo('w1', 'm5.large', { 'node-role.kubernetes.io/worker': '', 'karpenter.k8s.aws/instance-family': 'm6a' }),
      nodeInfo('w2', 'm5.large', { 'node-role.kubernetes.io/worker': '', 'karpenter.k8s.aws/instance-family': 'c6a' }),
      nodeInfo('plain', 'm5.large', {}),
    ];
    const names = (group: string) => {
      const { key, nameOf } = groupingOf(group);
      return buildLanes({ nodes: roleNodes, pods: [] }, { groupBy: { key, nameOf: nameOf! } }).lanes.map((l) => `${l.name}:${l.nodes.length}`);
    };
    expect(names('label:node-role.kubernetes.io/worker')).toEqual([`${EMPTY_VALUE_LANE}:2`, ':1']);
    expect(names('label:karpenter.k8s.aws/instance-family')).toEqual(['c6a:1', 'm6a:1', ':1']);
  });
});

describe('filterTopology', () => {
  it('keeps the pods of a namespace and the nodes that hold them', () => {
    const r = filterTopology({ nodes, pods }, view({ namespace: 'kube-system' }));
    expect(r.pods.map((p) => p.name)).toEqual(['coredns-7f8e9d0c1b-ccccc']);
    expect(r.nodes.map((n) => n.name)).toEqual(['gp-2']);
  });

  it('filters by workload, node name and label selector, together', () => {
    expect(filterTopology({ nodes, pods }, view({ workload: 'apps/frontend' })).pods).toHaveLength(2);
    expect(filterTopology({ nodes, pods }, view({ node: 'GP-' })).nodes.map((n) => n.name)).toEqual(['gp-1', 'gp-2']);
    const r = filterTopology({ nodes, pods }, view({ selector: 'tier in (web,api),app!=backend-api' }));
    expect(r.pods.map((p) => p.name)).toEqual(['frontend-5d8f9c7b6a-aaaaa', 'frontend-5d8f9c7b6a-ddddd']);
    expect(r.nodes.map((n) => n.name)).toEqual(['gp-1']);
  });

  it('under the trouble filter keeps troubled pods, the nodes holding them and troubled nodes', () => {
    const sick = nodeInfo('ng-2', 't3.medium', { 'eks.amazonaws.com/nodegroup': 'general-pool' }, { ready: false, conditions: [{ type: 'Ready', status: 'Unknown' }] });
    const crashing = podInfo('apps', 'backend-api-6c7d8e9f0a-crash', 'gp-2', 100, 0.1, { ready: false, trouble: 'CrashLoopBackOff', status: 'CrashLoopBackOff' });
    const pulling = podInfo('apps', 'frontend-5d8f9c7b6a-pull', undefined, 100, 0.1, { trouble: 'ImagePullBackOff', status: 'ImagePullBackOff' });
    const all = { nodes: [...nodes, sick], pods: [...pods, crashing, pulling] };
    const r = filterTopology(all, view({ trouble: true }));
    expect(r.pods.map((p) => p.name)).toEqual([crashing.name, pulling.name]);
    expect(r.nodes.map((n) => n.name)).toEqual(['gp-2', 'ng-2']);
    expect(r.podFilter).toBe(true);
    // With a namespace too, only nodes holding what both filters keep.
    expect(filterTopology(all, view({ trouble: true, namespace: 'kube-system' })).nodes).toEqual([]);
    expect(filterTopology(all, view({ trouble: true, namespace: 'apps' })).nodes.map((n) => n.name)).toEqual(['gp-2']);
  });

  it('says what the API server says about a bad selector, and then filters nothing', () => {
    const r = filterTopology({ nodes, pods }, view({ selector: 'app in (frontend' }));
    expect(r.selectorError).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(r.pods).toHaveLength(pods.length);
    expect(filterTopology({ nodes, pods }, view({ selector: 'App_=x' })).selectorError).toMatch(/name part must consist of alphanumeric characters/);
  });
});

describe('pendingReasons', () => {
  const event = (name: string, reason: string, message: string, at: string, source = 'default-scheduler'): EventInfo => ({
    namespace: 'apps',
    name,
    involved: { kind: 'Pod', namespace: 'apps', name: 'frontend-5d8f9c7b6a-ddddd' },
    reason,
    message,
    type: reason === 'Nominated' ? 'Normal' : 'Warning',
    count: 1,
    lastTimestamp: at,
    source,
  });

  it('takes the newest scheduling event of each pod', () => {
    const reasons = pendingReasons([
      event('a', 'FailedScheduling', '0/3 nodes are available', '2026-01-01T00:00:01Z'),
      event('b', 'Nominated', 'Pod should schedule on: nodeclaim/ai-ml-abc', '2026-01-01T00:00:03Z', 'karpenter'),
      event('c', 'FailedScheduling', 'older', '2026-01-01T00:00:02Z'),
      { ...event('d', 'Pulled', 'image pulled', '2026-01-01T00:00:09Z'), type: 'Normal' },
    ]);
    expect(reasons.get('apps/frontend-5d8f9c7b6a-ddddd')).toEqual({ reason: 'Nominated', message: 'Pod should schedule on: nodeclaim/ai-ml-abc', source: 'karpenter', at: '2026-01-01T00:00:03Z' });
  });
});

describe('ghostClaimsByLane', () => {
  const claim = (name: string, over: Partial<import('./model').NodeClaimInfo> = {}): import('./model').NodeClaimInfo => ({
    name,
    uid: name,
    nodePool: 'ai-ml',
    nodeClass: 'ai-ml-node-class',
    instanceType: 'm6a.xlarge',
    capacityType: 'on-demand',
    zone: 'us-east-1a',
    stage: 'Launched',
    drifted: false,
    empty: false,
    consolidationAllowed: false,
    terminating: false,
    requests: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  });

  it('puts claims without a node in the lane their node will join, and drops those whose node is there', () => {
    const claims = [claim('ai-ml-b'), claim('ai-ml-a', { stage: 'Registered', nodeName: 'i-new' }), claim('general-purpose-x', { nodePool: 'general-purpose', nodeName: 'gp-1', stage: 'Initialized' }), claim('gone', { terminating: true })];
    const byPool = ghostClaimsByLane(claims, nodes, groupingOf('pool'));
    expect([...byPool.keys()]).toEqual(['karpenter.sh/nodepool=ai-ml']);
    expect(byPool.get('karpenter.sh/nodepool=ai-ml')!.map((c) => c.name)).toEqual(['ai-ml-a', 'ai-ml-b']);
    // The lane ids are the ones buildLanes gives the nodes once they exist.
    const withNode = buildLanes({ nodes: [nodeInfo('i-new', 'm6a.xlarge', { 'karpenter.sh/nodepool': 'ai-ml' })], pods: [] });
    expect(withNode.lanes[0].id).toBe('karpenter.sh/nodepool=ai-ml');
    const { key, nameOf } = groupingOf('instance-type');
    expect(buildLanes({ nodes: [nodeInfo('i-new', 'm6a.xlarge', {})], pods: [] }, { groupBy: { key, nameOf: nameOf! } }).lanes[0].id).toBe(
      [...ghostClaimsByLane(claims, nodes, groupingOf('instance-type')).keys()][0],
    );
    expect(ghostClaimsByLane(claims, nodes, groupingOf('label:workload')).size).toBe(0);
  });

  it('draws a lane that only NodeClaims wait for first and empty, with the key and name of its id; a lane with nodes stays as it is', () => {
    const claims = [claim('ai-ml-a'), claim('gp-new', { nodePool: 'general-purpose' })];
    const built = buildLanes({ nodes, pods: [] }).lanes;
    const lanes = withGhostLanes(built, ghostClaimsByLane(claims, nodes, groupingOf('pool')).keys());
    expect(lanes.map((l) => l.id)).toEqual(['karpenter.sh/nodepool=ai-ml', ...built.map((l) => l.id)]);
    expect(lanes.slice(1)).toEqual(built);
    expect(lanes[0]).toMatchObject({ key: 'karpenter.sh/nodepool', name: 'ai-ml', source: 'karpenter-nodepool', nodes: [], totals: { nodes: 0, pods: 0 } });
    // A lane waiting for its first node takes the place it will keep when the node arrives.
    const late = withGhostLanes(built, ghostClaimsByLane([claim('zz-1', { nodePool: 'zz' })], nodes, groupingOf('pool')).keys());
    const arrived = buildLanes({ nodes: [...nodes, nodeInfo('zz-node', 'm5.large', { 'karpenter.sh/nodepool': 'zz' })], pods: [] }).lanes;
    expect(late.map((l) => l.id)).toEqual(arrived.map((l) => l.id));
    expect(arrived.map((l) => l.name).indexOf('zz')).toBeGreaterThan(0);
    const byCapacity = withGhostLanes([], ghostClaimsByLane([claim('spot', { capacityType: 'SPOT' })], nodes, groupingOf('capacity-type')).keys());
    expect(byCapacity[0]).toMatchObject({ id: 'karpenter.sh/capacity-type=spot', key: 'karpenter.sh/capacity-type', name: 'spot', source: 'custom-label' });
  });
});
