import { describe, expect, it } from 'vitest';
import {
  nodeLabels,
  podStatusText,
  podTrouble,
  replicaSetOwner,
  resolvePodOwner,
  transformDeployment,
  transformEvent,
  transformNode,
  transformNodeClaim,
  transformNodeClass,
  transformNodePool,
  transformPdb,
  transformPod,
} from '.';
import { matchesLabelSelector } from '@/lib/domain/label-selector';
import { rawEvent, rawNodeClaim, rawNodeClass, rawNodePool, rawPdb } from '@/test/support/objects';

const GI = 2 ** 30;
const MI = 2 ** 20;

const autoModeNode = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'i-0abc',
    uid: 'n-1',
    creationTimestamp: '2025-05-01T10:00:00Z',
    labels: {
      'karpenter.sh/nodepool': 'general-purpose',
      'karpenter.sh/capacity-type': 'on-demand',
      'eks.amazonaws.com/nodeclass': 'default',
      'eks.amazonaws.com/compute-type': 'auto',
      'node.kubernetes.io/instance-type': 'm6a.xlarge',
      'topology.kubernetes.io/zone': 'us-east-1a',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': 'i-0abc',
      'beta.kubernetes.io/arch': 'amd64',
      'karpenter.k8s.aws/instance-hypervisor': 'nitro',
      'feature.node.kubernetes.io/cpu-x': 'true',
      workload: 'ai-ml',
      'example.com/team': 'ml',
    },
  },
  spec: {
    taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }, { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
  },
  status: {
    capacity: { cpu: '4', memory: '16101476Ki', pods: '58' },
    allocatable: { cpu: '3920m', memory: '15006052Ki', pods: '58' },
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True' },
    ],
  },
};

describe('transformNode', () => {
  it('keeps what the lanes need and drops the noise', () => {
    expect(transformNode(autoModeNode)).toEqual({
      name: 'i-0abc',
      uid: 'n-1',
      labels: autoModeNode.metadata.labels,
      pool: { source: 'karpenter-nodepool', key: 'karpenter.sh/nodepool', name: 'general-purpose' },
      nodeClass: 'default',
      instanceType: 'm6a.xlarge',
      capacityType: 'on-demand',
      zone: 'us-east-1a',
      ready: true,
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      unschedulable: false,
      terminating: true,
      taints: [
        { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' },
        { key: 'workload', value: 'ai-ml', effect: 'NoSchedule' },
      ],
      allocatable: { cpuMillis: 3920, memoryBytes: 15006052 * 1024, pods: 58 },
      capacity: { cpuMillis: 4000, memoryBytes: 16101476 * 1024, pods: 58 },
      createdAt: '2025-05-01T10:00:00Z',
    });
  });

  it('reads managed node groups, SPOT capacity, cordons and typed objects with Date fields', () => {
    const n = transformNode({
      metadata: {
        name: 'ip-10-0-0-1',
        creationTimestamp: new Date('2025-05-01T10:00:00Z'),
        labels: { 'eks.amazonaws.com/nodegroup': 'general-pool', 'eks.amazonaws.com/capacityType': 'SPOT' },
      },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
    });
    expect(n).toMatchObject({
      pool: { source: 'eks-nodegroup', name: 'general-pool' },
      capacityType: 'spot',
      ready: false,
      unschedulable: true,
      terminating: false,
      createdAt: '2025-05-01T10:00:00Z',
      allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    });
  });

  it('marks a node annotated do-not-disrupt', () => {
    expect(transformNode({ ...autoModeNode, metadata: { ...autoModeNode.metadata, annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } }).doNotDisrupt).toBe(true);
    expect(transformNode(autoModeNode).doNotDisrupt).toBeUndefined();
  });

  it('keeps the annotations for the node panel, but not kubectl’s copy of the whole object', () => {
    const annotations = {
      'alpha.kubernetes.io/provided-node-ip': '10.0.1.7',
      'karpenter.sh/nodeclaim-min-values-relaxed': 'false',
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Node"}',
    };
    expect(transformNode({ ...autoModeNode, metadata: { ...autoModeNode.metadata, annotations } }).annotations).toEqual({
      'alpha.kubernetes.io/provided-node-ip': '10.0.1.7',
      'karpenter.sh/nodeclaim-min-values-relaxed': 'false',
    });
    expect(transformNode({ ...autoModeNode, metadata: { ...autoModeNode.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } }).annotations).toBeUndefined();
  });

  it('keeps every label, platform domains and bulk keys included', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`flag-${String(i).padStart(2, '0')}`, 'on']));
    const labels = { ...many, 'node-role.kubernetes.io/worker': '', 'karpenter.k8s.aws/instance-family': 'm6a', 'beta.kubernetes.io/arch': 'amd64' };
    const a = transformNode({ ...autoModeNode, metadata: { ...autoModeNode.metadata, labels } });
    expect(a.labels).toEqual(labels);
    expect(Object.keys(a.labels)).toEqual(Object.keys(labels).sort());
    expect(nodeLabels(undefined)).toEqual({});
    expect(nodeLabels({ n: 5 as unknown as string })).toEqual({ n: '5' });
  });
});

const basePod = {
  metadata: {
    namespace: 'apps',
    name: 'frontend-7d9f8b6c5d-x2x4z',
    uid: 'p-1',
    creationTimestamp: '2025-05-01T10:05:00Z',
    labels: { app: 'frontend', 'pod-template-hash': '7d9f8b6c5d' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend-7d9f8b6c5d', uid: 'rs-1', controller: true }],
  },
  spec: {
    nodeName: 'i-0abc',
    nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default' },
    containers: [
      { name: 'app', resources: { requests: { cpu: '250m', memory: '256Mi' } } },
      { name: 'proxy', resources: { requests: { cpu: '0.1', memory: '64Mi' } } },
    ],
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'app', ready: true, state: { running: {} } },
      { name: 'proxy', ready: true, state: { running: {} } },
    ],
  },
};

const withStatus = (status: object, extra: { metadata?: object; spec?: object } = {}) => ({
  ...basePod,
  metadata: { ...basePod.metadata, ...extra.metadata },
  spec: { ...basePod.spec, ...extra.spec },
  status,
});

describe('transformPod', () => {
  it('produces the compact pod', () => {
    expect(transformPod(basePod)).toEqual({
      namespace: 'apps',
      name: 'frontend-7d9f8b6c5d-x2x4z',
      uid: 'p-1',
      nodeName: 'i-0abc',
      phase: 'Running',
      ready: true,
      terminating: false,
      status: 'Running',
      owner: { kind: 'Deployment', name: 'frontend' },
      requests: { cpuMillis: 350, memoryBytes: 320 * MI, pods: 1 },
      nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default' },
      // pod-template-hash is the ReplicaSet's bookkeeping, not a label anyone selects on.
      labels: { app: 'frontend' },
      doNotDisrupt: false,
      createdAt: '2025-05-01T10:05:00Z',
    });
  });

  it('keeps priority, its class and the node a preempting pod was nominated to', () => {
    const p = transformPod(withStatus({ phase: 'Pending', nominatedNodeName: 'i-0abc' }, { spec: { nodeName: undefined, priority: 1000, priorityClassName: 'high' } }));
    expect([p.priority, p.priorityClassName, p.nominatedNodeName]).toEqual([1000, 'high', 'i-0abc']);
    // Priority 0 without a class is the default: left out, as most pods have it.
    const plain = transformPod(withStatus({ phase: 'Running' }, { spec: { priority: 0 } }));
    expect([plain.priority, plain.priorityClassName, plain.nominatedNodeName]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps required node affinity as ORed terms of requirements', () => {
    const p = transformPod({
      ...basePod,
      spec: {
        ...basePod.spec,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }] },
                { matchExpressions: [{ key: 'karpenter.sh/capacity-type', operator: 'NotIn', values: ['spot'] }] },
              ],
            },
          },
        },
      },
    });
    expect(p.affinity).toEqual([
      [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }],
      [{ key: 'karpenter.sh/capacity-type', operator: 'NotIn', values: ['spot'] }],
    ]);
    expect(transformPod(basePod).affinity).toBeUndefined();
    expect(transformPod(basePod).emptyDirs).toBeUndefined();
    expect(transformPod({ ...basePod, spec: { ...basePod.spec, volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'x' } }] } }).emptyDirs).toEqual(['scratch']);
  });

  it('keeps required pod anti-affinity and DoNotSchedule spread as one object per workload', () => {
    const rules = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'frontend' } }, topologyKey: 'kubernetes.io/hostname' }],
        },
      },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'frontend' } } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'frontend' } } },
      ],
    };
    const p = transformPod({ ...basePod, spec: { ...basePod.spec, ...rules } });
    expect(p.podRules?.antiAffinity?.map((t) => t.topologyKey)).toEqual(['kubernetes.io/hostname']);
    expect(p.podRules?.spread?.map((c) => [c.topologyKey, c.maxSkew])).toEqual([['topology.kubernetes.io/zone', 1]]);
    const other = transformPod({ ...basePod, metadata: { ...basePod.metadata, name: 'frontend-other' }, spec: { ...basePod.spec, ...structuredClone(rules) } });
    expect(other.podRules).toBe(p.podRules);
    expect(transformPod(basePod).podRules).toBeUndefined();
  });

  it('shares one labels object between the pods of a workload', () => {
    const other = { ...basePod, metadata: { ...basePod.metadata, name: 'frontend-7d9f8b6c5d-other', labels: { 'pod-template-hash': 'ffff', app: 'frontend' } } };
    expect(transformPod(other).labels).toBe(transformPod(basePod).labels);
    expect(transformPod({ ...basePod, metadata: { ...basePod.metadata, labels: { 'pod-template-hash': 'x' } } }).labels).toBeUndefined();
  });

  it('keeps tolerations a team wrote and drops the two every pod gets by default', () => {
    const p = transformPod({
      ...basePod,
      spec: {
        ...basePod.spec,
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          { key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' },
        ],
      },
    });
    expect(p.tolerations).toEqual([
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'workload', operator: 'Equal', value: 'ai-ml', effect: 'NoSchedule' },
    ]);
    expect(transformPod(basePod).tolerations).toBeUndefined();
  });

  it('reads do-not-disrupt and deletion from typed objects with Dates', () => {
    const p = transformPod({
      ...basePod,
      metadata: {
        ...basePod.metadata,
        creationTimestamp: new Date('2025-05-01T10:05:00.000Z'),
        deletionTimestamp: new Date('2025-05-01T11:00:00Z'),
        annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
      },
    });
    expect(p).toMatchObject({ terminating: true, status: 'Terminating', doNotDisrupt: true, createdAt: '2025-05-01T10:05:00Z' });
  });
});

describe('podTrouble', () => {
  const cases: Array<[string | undefined, object, object?]> = [
    [undefined, basePod.status],
    ['CrashLoopBackOff', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'app', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }],
    ['ImagePullBackOff', { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } }] }],
    ['OOMKilled', { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] }],
    ['Unschedulable', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }],
    ['NotReady', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'app', ready: false, state: { running: {} } }] }],
    ['Evicted', { phase: 'Failed', reason: 'Evicted' }],
    // Starting, finished or going away is not trouble.
    [undefined, { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] }],
    [undefined, { phase: 'Succeeded' }],
    [undefined, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }, { metadata: { deletionTimestamp: '2025-05-01T11:00:00Z' } }],
  ];
  it.each(cases)('%s', (expected, status, extra) => {
    const raw = withStatus(status, extra);
    expect(podTrouble(raw)).toBe(expected);
    expect(transformPod(raw).trouble).toBe(expected);
  });
});

describe('transformPod restarts and deletion', () => {
  it('sums restarts over containers and keeps the latest termination reason', () => {
    const p = transformPod(
      withStatus({
        phase: 'Running',
        initContainerStatuses: [{ name: 'init', restartCount: 1, state: { terminated: { exitCode: 0, reason: 'Completed' } }, lastState: { terminated: { reason: 'Error', finishedAt: '2025-05-01T10:01:00Z' } } }],
        containerStatuses: [{ name: 'app', restartCount: 4, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2025-05-01T10:09:00Z' } } }],
      }),
    );
    expect(p).toMatchObject({ restarts: 5, lastTermination: 'OOMKilled', trouble: 'CrashLoopBackOff' });
  });

  it('leaves restarts out for a pod that never restarted, and keeps the end of a terminating pod\'s grace period', () => {
    expect(transformPod(withStatus(basePod.status)).restarts).toBeUndefined();
    const p = transformPod(withStatus(basePod.status, { metadata: { deletionTimestamp: '2025-05-01T11:00:00Z' } }));
    expect(p.deleteBy).toBe('2025-05-01T11:00:00Z');
  });
});

describe('transformNodePool', () => {
  it('reads the template, limits, weight, disruption and status', () => {
    const raw = rawNodePool(
      'ai-ml',
      {
        template: {
          metadata: { labels: { workload: 'ai-ml' } },
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
            requirements: [
              { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
              { key: 'bogus', operator: 'Sometimes', values: ['x'] },
            ],
            taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
          },
        },
        limits: { cpu: '64', memory: '256Gi' },
        weight: 10,
        disruption: {
          consolidationPolicy: 'WhenEmpty',
          consolidateAfter: '5m',
          budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized', 'Nonsense'] }],
        },
      },
      { resources: { cpu: '8', memory: '32Gi', nodes: '2', pods: '116' } },
    );
    expect(transformNodePool(raw)).toEqual({
      name: 'ai-ml',
      uid: 'np-ai-ml',
      nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' },
      requirements: [
        { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] },
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      ],
      labels: { workload: 'ai-ml' },
      taints: [{ key: 'workload', value: 'ai-ml', effect: 'NoSchedule' }],
      limits: { cpuMillis: 64_000, memoryBytes: 256 * GI },
      weight: 10,
      disruption: {
        consolidationPolicy: 'WhenEmpty',
        consolidateAfter: '5m',
        budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized'] }],
      },
      resources: { cpuMillis: 8000, memoryBytes: 32 * GI, pods: 116, nodes: 2 },
      ready: true,
      builtIn: false,
      createdAt: '2026-01-01T00:00:00Z',
    });
  });

  it("fills Karpenter's defaults and knows Auto Mode's built-in pools", () => {
    const raw = rawNodePool('general-purpose', { disruption: undefined }, { conditions: [{ type: 'Ready', status: 'False', reason: 'NodeClassNotReady' }] });
    const pool = transformNodePool(raw);
    expect(pool).toMatchObject({ builtIn: true, ready: false, weight: 0, disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '10%' }] } });
    expect(pool.limits).toBeUndefined();
    // A self-managed Karpenter's pool of the same name is the team's own.
    const karpenter = rawNodePool('system');
    karpenter.spec.template.spec.nodeClassRef = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };
    expect(transformNodePool(karpenter).builtIn).toBe(false);
  });
});

describe('transformNodeClass', () => {
  it('reads the role and readiness', () => {
    expect(transformNodeClass(rawNodeClass('default'))).toEqual({ name: 'default', uid: 'nc-default', role: 'AmazonEKSAutoNodeRole', ready: true, createdAt: '2026-01-01T00:00:00Z' });
  });

  it('explains a class that is not ready with the failing condition, not the summary', () => {
    const c = transformNodeClass(rawNodeClass('ai-ml-node-class', { role: 'MissingRole', ready: false, reason: 'InstanceProfileNotFound', message: 'role MissingRole not found' }));
    expect(c).toMatchObject({ ready: false, role: 'MissingRole' });
    // The Ready condition carries a reason, so it is the explanation given.
    expect(c.notReady).toEqual({ condition: 'Ready', reason: 'UnhealthyDependents', message: 'InstanceProfileReady=False' });
    const bare = transformNodeClass({ metadata: { name: 'new' }, status: { conditions: [{ type: 'SubnetsReady', status: 'False', reason: 'NoSubnets', message: 'none match' }] } });
    expect(bare.notReady).toEqual({ condition: 'SubnetsReady', reason: 'NoSubnets', message: 'none match' });
  });
});

describe('transformNodeClaim', () => {
  it('reads an initialized claim with its node, shape and requests', () => {
    expect(transformNodeClaim(rawNodeClaim('general-purpose-abcde', { nodeName: 'i-0abc', flags: ['Consolidatable'] }))).toEqual({
      name: 'general-purpose-abcde',
      uid: 'claim-general-purpose-abcde',
      nodePool: 'general-purpose',
      nodeClass: 'default',
      instanceType: 'm6a.xlarge',
      capacityType: 'on-demand',
      zone: 'us-east-1b',
      nodeName: 'i-0abc',
      stage: 'Initialized',
      drifted: false,
      empty: false,
      consolidationAllowed: true,
      terminating: false,
      requests: { cpuMillis: 1500, memoryBytes: 3 * GI, pods: 3 },
      createdAt: '2026-01-01T00:00:00Z',
    });
  });

  it('reads when a pod last arrived on or left its node', () => {
    const raw = rawNodeClaim('e', { nodeName: 'i-0abc' });
    raw.status.lastPodEventTime = new Date('2026-01-01T00:30:00Z');
    expect(transformNodeClaim(raw).lastPodEventTime).toBe('2026-01-01T00:30:00Z');
    expect(transformNodeClaim(rawNodeClaim('f')).lastPodEventTime).toBeUndefined();
  });

  it('follows the stages and says what it waits for', () => {
    expect(transformNodeClaim(rawNodeClaim('a', { stage: 'Pending' }))).toMatchObject({ stage: 'Pending', notReadyReason: 'NotLaunched' });
    expect(transformNodeClaim(rawNodeClaim('b', { stage: 'Launched' }))).toMatchObject({ stage: 'Launched', notReadyReason: 'NotRegistered' });
    expect(transformNodeClaim(rawNodeClaim('c', { stage: 'Registered' }))).toMatchObject({ stage: 'Registered', notReadyReason: 'NotInitialized' });
    const drifted = transformNodeClaim(rawNodeClaim('d', { flags: ['Drifted', 'Empty', 'ConsolidationAllowed'] }));
    expect(drifted).toMatchObject({ drifted: true, empty: true, consolidationAllowed: true });
    expect(drifted.notReadyReason).toBeUndefined();
  });
});

describe('transformPdb', () => {
  it('keeps a selector that matches pod labels, int-or-percent budgets and the status', () => {
    const pdb = transformPdb(
      rawPdb('apps', 'frontend', { minAvailable: '50%', selector: { matchLabels: { app: 'frontend' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }] } }, { disruptionsAllowed: 0 }),
    );
    expect(pdb).toMatchObject({ namespace: 'apps', name: 'frontend', minAvailable: '50%', currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 2 });
    expect(pdb.maxUnavailable).toBeUndefined();
    expect(matchesLabelSelector(pdb.selector, { app: 'frontend', tier: 'web' })).toBe(true);
    expect(matchesLabelSelector(pdb.selector, { app: 'frontend', tier: 'batch' })).toBe(false);
    expect(matchesLabelSelector(pdb.selector, { app: 'backend' })).toBe(false);
  });

  it('reads integers given as strings, an empty selector as everything, a missing one as nothing', () => {
    expect(transformPdb(rawPdb('apps', 'a', { maxUnavailable: 1, selector: {} }))).toMatchObject({ maxUnavailable: 1 });
    expect(matchesLabelSelector(transformPdb(rawPdb('apps', 'a', { selector: {} })).selector, { any: 'pod' })).toBe(true);
    expect(matchesLabelSelector(transformPdb(rawPdb('apps', 'b', { minAvailable: '2' })).selector, { any: 'pod' })).toBe(false);
    expect(transformPdb(rawPdb('apps', 'b', { minAvailable: '2' })).minAvailable).toBe(2);
  });
});

describe('transformEvent', () => {
  it('reads a core/v1 event', () => {
    expect(
      transformEvent(rawEvent('apps', 'web-1.17a', { type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available', count: 4, lastTimestamp: new Date('2026-01-01T00:10:00Z') })),
    ).toEqual({
      namespace: 'apps',
      name: 'web-1.17a',
      involved: { kind: 'Pod', namespace: 'apps', name: 'web-1' },
      reason: 'FailedScheduling',
      message: '0/3 nodes are available',
      type: 'Warning',
      count: 4,
      lastTimestamp: '2026-01-01T00:10:00Z',
      source: 'default-scheduler',
    });
  });

  it('reads events written through events.k8s.io (eventTime, series, reportingComponent) and caps long messages', () => {
    const e = transformEvent(
      rawEvent('', 'node.1', {
        involvedObject: { kind: 'Node', name: 'i-0abc' },
        lastTimestamp: null,
        firstTimestamp: null,
        count: undefined,
        eventTime: '2026-01-01T00:05:00.123456Z',
        series: { count: 7, lastObservedTime: '2026-01-01T00:20:00.000001Z' },
        source: {},
        reportingComponent: 'karpenter',
        message: 'x'.repeat(5000),
      }),
    );
    expect(e).toMatchObject({ involved: { kind: 'Node', name: 'i-0abc' }, count: 7, lastTimestamp: '2026-01-01T00:20:00.000001Z', source: 'karpenter' });
    expect(e.involved.namespace).toBeUndefined();
    expect(e.message.length).toBe(1024);
  });
});

describe('resolvePodOwner', () => {
  it('prefers the ReplicaSet index, which may name a non-Deployment owner', () => {
    expect(resolvePodOwner(basePod, () => ({ kind: 'Rollout', name: 'frontend-canary' }))).toEqual({ kind: 'Rollout', name: 'frontend-canary' });
  });

  it('keeps an orphan ReplicaSet as the owner', () => {
    expect(resolvePodOwner(basePod, () => null)).toEqual({ kind: 'ReplicaSet', name: 'frontend-7d9f8b6c5d' });
  });

  it('falls back to the name minus the pod-template-hash, and to the ReplicaSet when there is none', () => {
    expect(resolvePodOwner(basePod, () => undefined)).toEqual({ kind: 'Deployment', name: 'frontend' });
    const noHash = { ...basePod, metadata: { ...basePod.metadata, labels: {} } };
    expect(resolvePodOwner(noHash)).toEqual({ kind: 'ReplicaSet', name: 'frontend-7d9f8b6c5d' });
  });

  it('passes other owners through and leaves bare pods without one', () => {
    const job = { metadata: { ownerReferences: [{ kind: 'Job', name: 'backup-29000', controller: true }] } };
    expect(resolvePodOwner(job)).toEqual({ kind: 'Job', name: 'backup-29000' });
    expect(resolvePodOwner({ metadata: { name: 'bare' } })).toBeUndefined();
  });

  it('shows a StatefulSet pod as its StatefulSet and a CronJob run as its CronJob', () => {
    const owned = (kind: string, name: string, created = '2026-11-28T23:46:05Z') => ({
      metadata: { creationTimestamp: created, ownerReferences: [{ apiVersion: 'v1', kind, name, controller: true }] },
    });
    expect(resolvePodOwner(owned('StatefulSet', 'web'))).toEqual({ kind: 'StatefulSet', name: 'web' });
    // 29931826 minutes and 1795909560 seconds are both 2026-11-28T23:46:00Z (1.21+ and 1.20 names).
    expect(resolvePodOwner(owned('Job', 'nightly-report-29931826'))).toEqual({ kind: 'CronJob', name: 'nightly-report' });
    expect(resolvePodOwner(owned('Job', 'tick-1795909560'))).toEqual({ kind: 'CronJob', name: 'tick' });
    // A run's pod may come days later (retries), but not before its scheduled time.
    expect(resolvePodOwner(owned('Job', 'tick-1795909560', '2026-12-01T00:00:00Z'))).toEqual({ kind: 'CronJob', name: 'tick' });
    expect(resolvePodOwner(owned('Job', 'tick-1795909560', '2026-11-28T23:45:00Z'))).toEqual({ kind: 'Job', name: 'tick-1795909560' });
  });

  it('keeps Jobs whose names only end in digits as Jobs', () => {
    const job = (name: string) => ({ metadata: { creationTimestamp: '2026-11-28T23:46:05Z', ownerReferences: [{ kind: 'Job', name, controller: true }] } });
    expect(resolvePodOwner(job('backup-20261128'))).toEqual({ kind: 'Job', name: 'backup-20261128' });
    expect(resolvePodOwner(job('pi'))).toEqual({ kind: 'Job', name: 'pi' });
  });

  it('reads a ReplicaSet down to its owner', () => {
    expect(replicaSetOwner({ metadata: { ownerReferences: [{ kind: 'Deployment', name: 'frontend', controller: true }] } })).toEqual({
      kind: 'Deployment',
      name: 'frontend',
    });
    expect(replicaSetOwner({ metadata: {} })).toBeNull();
  });
});

describe('podStatusText (kubectl STATUS)', () => {
  const cases: Array<[string, object, object?]> = [
    ['Pending', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }],
    ['ContainerCreating', { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] }],
    ['CrashLoopBackOff', { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }],
    ['Completed', { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }],
    ['Error', { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }],
    ['ExitCode:137', { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137 } } }] }],
    ['Evicted', { phase: 'Failed', reason: 'Evicted' }],
    ['Init:0/1', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', state: { running: {} } }] }, { spec: { initContainers: [{ name: 'migrate' }] } }],
    ['Init:CrashLoopBackOff', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }],
    ['Init:Error', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }],
    [
      'Running',
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        initContainerStatuses: [{ name: 'mesh', started: true, state: { running: {} } }],
        containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
      },
      { spec: { initContainers: [{ name: 'mesh', restartPolicy: 'Always' }] } },
    ],
    [
      'NotReady',
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'a', ready: true, state: { running: {} } },
          { name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      },
    ],
    ['Terminating', { phase: 'Running' }, { metadata: { deletionTimestamp: '2025-05-01T11:00:00Z' } }],
    ['Unknown', { phase: 'Running', reason: 'NodeLost' }, { metadata: { deletionTimestamp: '2025-05-01T11:00:00Z' } }],
  ];
  it.each(cases)('%s', (expected, status, extra) => {
    expect(podStatusText(withStatus(status, extra))).toBe(expected);
  });
});

describe('transformDeployment', () => {
  it('reads replicas, rollout progress, the pinned selector and per-pod requests', () => {
    const d = transformDeployment({
      metadata: { namespace: 'ml', name: 'image-proctoring', uid: 'd-1', generation: 3 },
      spec: {
        replicas: 2,
        template: {
          spec: {
            nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' },
            containers: [{ name: 'model', resources: { requests: { cpu: '1500m', memory: '6Gi' } } }],
          },
        },
      },
      status: { observedGeneration: 2, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 },
    });
    expect(d).toEqual({
      namespace: 'ml',
      name: 'image-proctoring',
      uid: 'd-1',
      replicas: 2,
      readyReplicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
      nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' },
      requests: { cpuMillis: 1500, memoryBytes: 6 * GI, pods: 1 },
      generation: 3,
      observedGeneration: 2,
    });
  });

  it('reads the rollout strategy a drain by restart must check (Recreate, maxSurge)', () => {
    const base = { metadata: { namespace: 'a', name: 'b' }, spec: { template: { spec: { containers: [] } } } };
    expect(transformDeployment({ ...base, spec: { ...base.spec, strategy: { type: 'Recreate' } } }).strategy).toEqual({ type: 'Recreate' });
    expect(transformDeployment({ ...base, spec: { ...base.spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '50%' } } } }).strategy).toEqual({ type: 'RollingUpdate', maxSurge: 0, maxUnavailable: '50%' });
    expect(transformDeployment(base).strategy).toBeUndefined();
  });

  it('defaults replicas to 1 and missing status to zeros', () => {
    expect(transformDeployment({ metadata: { namespace: 'a', name: 'b' }, spec: { template: { spec: { containers: [] } } } })).toMatchObject({
      replicas: 1,
      readyReplicas: 0,
      generation: 0,
      observedGeneration: 0,
    });
  });
});
