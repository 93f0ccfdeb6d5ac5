import { describe, expect, it } from 'vitest';
import {
  keepNodeLabel,
  podStatusText,
  replicaSetOwner,
  resolvePodOwner,
  transformDeployment,
  transformNode,
  transformPod,
} from './transform';

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
      labels: {
        'eks.amazonaws.com/compute-type': 'auto',
        'eks.amazonaws.com/nodeclass': 'default',
        'example.com/team': 'ml',
        'karpenter.sh/capacity-type': 'on-demand',
        'karpenter.sh/nodepool': 'general-purpose',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'm6a.xlarge',
        'topology.kubernetes.io/zone': 'us-east-1a',
        workload: 'ai-ml',
      },
      pool: { source: 'karpenter-nodepool', key: 'karpenter.sh/nodepool', name: 'general-purpose' },
      nodeClass: 'default',
      instanceType: 'm6a.xlarge',
      capacityType: 'on-demand',
      zone: 'us-east-1a',
      ready: true,
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

  it('decides labels by domain', () => {
    expect(keepNodeLabel('workload')).toBe(true);
    expect(keepNodeLabel('team.example.com/owner')).toBe(true);
    expect(keepNodeLabel('kubernetes.io/hostname')).toBe(false);
    expect(keepNodeLabel('node-role.kubernetes.io/worker')).toBe(false);
    expect(keepNodeLabel('eks.amazonaws.com/nodegroup-image')).toBe(false);
    expect(keepNodeLabel('eks.amazonaws.com/nodegroup')).toBe(true);
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
      doNotDisrupt: false,
      createdAt: '2025-05-01T10:05:00Z',
    });
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

  it('defaults replicas to 1 and missing status to zeros', () => {
    expect(transformDeployment({ metadata: { namespace: 'a', name: 'b' }, spec: { template: { spec: { containers: [] } } } })).toMatchObject({
      replicas: 1,
      readyReplicas: 0,
      generation: 0,
      observedGeneration: 0,
    });
  });
});
