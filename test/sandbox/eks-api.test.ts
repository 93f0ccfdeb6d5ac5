// The sandbox's EKS API through the real AWS SDK, configured exactly as .sandbox/env configures
// it (endpoint, region, dummy credentials).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateNodegroupCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  InvalidParameterException,
  UpdateNodegroupConfigCommand,
} from '@aws-sdk/client-eks';
import type { Store } from '@/lib/sandbox/store';
import type { ManualClock } from '../support/manual-clock';
import { NODE_ROLE as ROLE, SUBNET, startEksApi, type EksApi } from '../support/eks-api';

let api: EksApi;
let eks: EKSClient;
let store: Store;
let clock: ManualClock;

beforeAll(async () => {
  api = await startEksApi();
  ({ eks, store, clock } = api);
});

afterAll(() => api?.stop());

const groupNodes = (name: string) => api.groupNodes(name);

describe('EKS API', () => {
  it('describes an Auto Mode cluster', async () => {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'sandbox' }));
    expect(cluster?.status).toBe('ACTIVE');
    expect(cluster?.computeConfig?.enabled).toBe(true);
    expect(cluster?.computeConfig?.nodePools).toEqual(['general-purpose', 'system']);
    expect(cluster?.createdAt).toBeInstanceOf(Date);
  });

  it('answers a missing cluster with ResourceNotFoundException', async () => {
    await expect(eks.send(new DescribeClusterCommand({ name: 'nope' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('creates a managed node group like eksctl create nodegroup --managed, CREATING then ACTIVE', async () => {
    const { nodegroup } = await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'sandbox',
        nodegroupName: 'general-pool',
        nodeRole: ROLE,
        subnets: [SUBNET, 'subnet-0a1b2c3d4e5f60002'],
        instanceTypes: ['t3.medium'],
        scalingConfig: { minSize: 2, maxSize: 5, desiredSize: 2 },
        labels: { workload: 'cpu' },
        taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }],
      }),
    );
    expect(nodegroup?.status).toBe('CREATING');
    expect(groupNodes('general-pool')).toHaveLength(0);
    clock.advance(30_000);
    const after = await eks.send(new DescribeNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool' }));
    expect(after.nodegroup?.status).toBe('ACTIVE');
    const nodes = groupNodes('general-pool');
    expect(nodes).toHaveLength(2);
    for (const n of nodes) {
      expect(n.metadata.labels).toMatchObject({
        workload: 'cpu',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'node.kubernetes.io/instance-type': 't3.medium',
      });
      expect(n.metadata.name).toMatch(/^ip-10-0-\d+-\d+\.ec2\.internal$/);
      expect(n.spec.taints).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
      expect(n.status.capacity.cpu).toBe('2');
    }
    expect(new Set(nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    const { nodegroups } = await eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox' }));
    expect(nodegroups).toEqual(['general-pool']);
  });

  it('never adopts existing nodes', async () => {
    store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'old-node', labels: { workload: 'cpu' } } });
    expect(groupNodes('general-pool').map((n) => n.metadata.name)).not.toContain('old-node');
  });

  it('refuses a duplicate name, bad roles, sizes and taints with AWS errors, changing nothing', async () => {
    const base = { clusterName: 'sandbox', nodeRole: ROLE, subnets: [SUBNET] };
    await expect(eks.send(new CreateNodegroupCommand({ ...base, nodegroupName: 'general-pool' }))).rejects.toBeInstanceOf(ResourceInUseException);
    await expect(eks.send(new CreateNodegroupCommand({ ...base, nodegroupName: 'x', nodeRole: 'not-an-arn' }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(
      eks.send(new CreateNodegroupCommand({ ...base, nodegroupName: 'x', scalingConfig: { minSize: 3, maxSize: 2, desiredSize: 2 } })),
    ).rejects.toThrow(/Minimum capacity cannot be greater than maximum/);
    await expect(eks.send(new CreateNodegroupCommand({ ...base, nodegroupName: 'x', instanceTypes: ['z9.huge'] }))).rejects.toThrow(
      /Instance type z9.huge is not supported/,
    );
    await expect(eks.send(new CreateNodegroupCommand({ ...base, nodegroupName: 'x', subnets: ['subnet-elsewhere'] }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    const { nodegroups } = await eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox' }));
    expect(nodegroups).toEqual(['general-pool']);
  });

  it('scales with UpdateNodegroupConfig', async () => {
    const { update } = await eks.send(
      new UpdateNodegroupConfigCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool', scalingConfig: { desiredSize: 3 } }),
    );
    expect(update?.status).toBe('InProgress');
    expect(update?.type).toBe('ConfigUpdate');
    const during = await eks.send(new DescribeNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool' }));
    expect(during.nodegroup?.status).toBe('UPDATING');
    clock.advance(5_000);
    expect(groupNodes('general-pool')).toHaveLength(3);
    const after = await eks.send(new DescribeNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool' }));
    expect(after.nodegroup?.status).toBe('ACTIVE');
    expect(after.nodegroup?.scalingConfig).toEqual({ minSize: 2, maxSize: 5, desiredSize: 3 });
  });

  it('deletes a node group: DELETING, drains its nodes, then it is gone', async () => {
    const [node] = groupNodes('general-pool');
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'on-group', namespace: 'apps' },
      spec: { nodeName: node.metadata.name, terminationGracePeriodSeconds: 5, containers: [{ name: 'a', image: 'b' }] },
      status: { phase: 'Running' },
    });
    const { nodegroup } = await eks.send(new DeleteNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool' }));
    expect(nodegroup?.status).toBe('DELETING');
    const pod = store.get('pods', 'apps', 'on-group');
    expect(pod?.metadata.deletionTimestamp).toBeTruthy();
    expect(store.get('nodes', undefined, node.metadata.name)?.spec.unschedulable).toBe(true);
    // The kubelet would remove the terminating pod after its grace period.
    store.remove('pods', 'apps', 'on-group');
    clock.advance(10_000);
    expect(groupNodes('general-pool')).toHaveLength(0);
    await expect(eks.send(new DescribeNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(store.get('nodes', undefined, 'old-node')).toBeDefined();
  });
});
