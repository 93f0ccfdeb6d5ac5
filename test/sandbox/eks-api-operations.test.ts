// The six EKS operations the AWS CLI uses against the sandbox (describe-cluster, list-nodegroups,
// describe-nodegroup, create-nodegroup, update-nodegroup-config, delete-nodegroup), each with its
// error cases, through @aws-sdk/client-eks: the same restJson1 wire shapes the CLI parses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateNodegroupCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  InvalidParameterException,
  ListNodegroupsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateNodegroupConfigCommand,
  paginateListNodegroups,
  type CreateNodegroupCommandInput,
} from '@aws-sdk/client-eks';
import { NODE_ROLE, SUBNET, startEksApi, type EksApi } from '../support/eks-api';

let api: EksApi;

beforeAll(async () => {
  api = await startEksApi();
});
afterAll(() => api?.stop());

const group = (name: string, extra: Partial<CreateNodegroupCommandInput> = {}): CreateNodegroupCommandInput => ({
  clusterName: 'sandbox',
  nodegroupName: name,
  nodeRole: NODE_ROLE,
  subnets: [SUBNET],
  instanceTypes: ['t3.medium'],
  scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 2 },
  ...extra,
});
const describeGroup = async (name: string) => (await api.eks.send(new DescribeNodegroupCommand({ clusterName: 'sandbox', nodegroupName: name }))).nodegroup!;
const names = async () => (await api.eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox' }))).nodegroups;
/** The error the SDK threw, for its class and the fields it parsed from the body. */
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as Error & { name: string; message: string; $metadata: { httpStatusCode?: number }; nodegroupName?: string; clusterName?: string };
  }
  throw new Error('expected the call to fail');
};

describe('the wire shape the AWS CLI parses', () => {
  it('errors carry x-amzn-ErrorType, a JSON body with message, and the status of their type', async () => {
    const res = await fetch(`${api.url}/clusters/sandbox/node-groups/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ message: 'No node group found for name: nope.', nodegroupName: 'nope', clusterName: 'sandbox' });
  });

  it('timestamps are epoch seconds, which the SDK turns into Dates', async () => {
    const raw = await (await fetch(`${api.url}/clusters/sandbox`)).json();
    expect(typeof raw.cluster.createdAt).toBe('number');
    const { cluster } = await api.eks.send(new DescribeClusterCommand({ name: 'sandbox' }));
    expect(cluster?.createdAt?.getTime()).toBe(raw.cluster.createdAt * 1000);
  });
});

describe('describe-cluster', () => {
  it('answers the cluster, Auto Mode on', async () => {
    const { cluster } = await api.eks.send(new DescribeClusterCommand({ name: 'sandbox' }));
    expect(cluster).toMatchObject({ name: 'sandbox', status: 'ACTIVE', computeConfig: { enabled: true } });
  });

  it('ResourceNotFoundException for another name', async () => {
    const err = await failure(api.eks.send(new DescribeClusterCommand({ name: 'other' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe('No cluster found for name: other.');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe('create-nodegroup', () => {
  it('creates a group in CREATING with its Auto Scaling group and health, ACTIVE with its nodes later', async () => {
    const { nodegroup } = await api.eks.send(new CreateNodegroupCommand(group('ops-a', { labels: { team: 'a' }, clientRequestToken: 'token-a' })));
    expect(nodegroup).toMatchObject({ status: 'CREATING', health: { issues: [] }, labels: { team: 'a' } });
    expect(nodegroup?.resources?.autoScalingGroups?.[0]?.name).toMatch(/^eks-ops-a-[0-9a-f-]{36}$/);
    api.clock.advance(30_000);
    expect((await describeGroup('ops-a')).status).toBe('ACTIVE');
    expect(api.groupNodes('ops-a')).toHaveLength(2);
  });

  it('a retry with the same clientRequestToken is answered with the same group, not a conflict', async () => {
    const first = await describeGroup('ops-a');
    const { nodegroup } = await api.eks.send(new CreateNodegroupCommand(group('ops-a', { labels: { team: 'a' }, clientRequestToken: 'token-a' })));
    expect(nodegroup?.nodegroupArn).toBe(first.nodegroupArn);
    expect(api.groupNodes('ops-a')).toHaveLength(2);
  });

  it('ResourceInUseException for a name taken, InvalidParameterException for bad input; nothing is created', async () => {
    const taken = await failure(api.eks.send(new CreateNodegroupCommand(group('ops-a'))));
    expect(taken).toBeInstanceOf(ResourceInUseException);
    expect(taken.$metadata.httpStatusCode).toBe(409);
    expect(taken.nodegroupName).toBe('ops-a');
    for (const bad of [
      group('bad-1', { labels: { 'not a key': 'x' } }),
      group('bad-2', { taints: [{ key: 'k', effect: 'SOMETIMES' as never }] }),
      group('bad-3', { scalingConfig: { minSize: 0, maxSize: 2, desiredSize: 3 } }),
      group('-bad-4'),
      group('bad-5', { nodeRole: 'AmazonEKSNodeRole' }),
    ]) {
      const err = await failure(api.eks.send(new CreateNodegroupCommand(bad)));
      expect(err, bad.nodegroupName).toBeInstanceOf(InvalidParameterException);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    expect(await names()).toEqual(['ops-a']);
  });

  it('ResourceNotFoundException for an unknown cluster', async () => {
    await expect(api.eks.send(new CreateNodegroupCommand({ ...group('x'), clusterName: 'other' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('list-nodegroups', () => {
  it('pages with maxResults and nextToken, as the CLI and the SDK paginator walk them', async () => {
    for (const name of ['ops-b', 'ops-c']) await api.eks.send(new CreateNodegroupCommand(group(name)));
    const first = await api.eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox', maxResults: 2 }));
    expect(first.nodegroups).toEqual(['ops-a', 'ops-b']);
    expect(first.nextToken).toBeTruthy();
    const second = await api.eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox', maxResults: 2, nextToken: first.nextToken }));
    expect(second.nodegroups).toEqual(['ops-c']);
    expect(second.nextToken).toBeUndefined();
    const walked: string[] = [];
    for await (const page of paginateListNodegroups({ client: api.eks, pageSize: 1 }, { clusterName: 'sandbox' })) walked.push(...(page.nodegroups ?? []));
    expect(walked).toEqual(['ops-a', 'ops-b', 'ops-c']);
  });

  it('InvalidParameterException for maxResults out of 1–100 or a forged nextToken; ResourceNotFoundException for another cluster', async () => {
    for (const maxResults of [0, 101]) {
      await expect(api.eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox', maxResults }))).rejects.toBeInstanceOf(InvalidParameterException);
    }
    await expect(api.eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox', nextToken: 'forged' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(api.eks.send(new ListNodegroupsCommand({ clusterName: 'other' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('describe-nodegroup', () => {
  it('ResourceNotFoundException naming the group', async () => {
    const err = await failure(describeGroup('nope'));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe('No node group found for name: nope.');
    expect(err.nodegroupName).toBe('nope');
  });
});

describe('update-nodegroup-config', () => {
  it('scales, relabels and retaints the group and its nodes, with one param per change and a DescribeUpdate that finishes', async () => {
    api.clock.advance(30_000);
    const { update } = await api.eks.send(
      new UpdateNodegroupConfigCommand({
        clusterName: 'sandbox',
        nodegroupName: 'ops-a',
        scalingConfig: { desiredSize: 3 },
        labels: { addOrUpdateLabels: { tier: 'batch' }, removeLabels: ['team'] },
        taints: { addOrUpdateTaints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }] },
        updateConfig: { maxUnavailablePercentage: 50 },
      }),
    );
    expect(update).toMatchObject({ status: 'InProgress', type: 'ConfigUpdate', errors: [] });
    expect(update?.params).toEqual([
      { type: 'DesiredSize', value: '3' },
      { type: 'LabelsToAdd', value: '{"tier":"batch"}' },
      { type: 'LabelsToRemove', value: '["team"]' },
      { type: 'TaintsToAdd', value: '[{"key":"dedicated","value":"batch","effect":"NO_SCHEDULE"}]' },
      { type: 'MaxUnavailablePercentage', value: '50' },
    ]);
    expect((await describeGroup('ops-a')).status).toBe('UPDATING');
    const busy = await failure(api.eks.send(new UpdateNodegroupConfigCommand({ clusterName: 'sandbox', nodegroupName: 'ops-a', scalingConfig: { desiredSize: 2 } })));
    expect(busy).toBeInstanceOf(ResourceInUseException);

    api.clock.advance(5_000);
    const after = await describeGroup('ops-a');
    expect(after).toMatchObject({ status: 'ACTIVE', labels: { tier: 'batch' }, updateConfig: { maxUnavailablePercentage: 50 }, scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 3 } });
    expect(after.labels).not.toHaveProperty('team');
    const nodes = api.groupNodes('ops-a');
    expect(nodes).toHaveLength(3);
    for (const n of nodes) {
      expect(n.metadata.labels?.tier).toBe('batch');
      expect(n.metadata.labels).not.toHaveProperty('team');
      expect(n.spec.taints).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
    }
    const described = await api.eks.send(new DescribeUpdateCommand({ name: 'sandbox', updateId: update!.id!, nodegroupName: 'ops-a' }));
    expect(described.update?.status).toBe('Successful');
  });

  it('removes a taint from the group and its nodes; a retried token gets the same update', async () => {
    const input = { clusterName: 'sandbox', nodegroupName: 'ops-a', taints: { removeTaints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' as const }] }, clientRequestToken: 'untaint' };
    const first = await api.eks.send(new UpdateNodegroupConfigCommand(input));
    const retry = await api.eks.send(new UpdateNodegroupConfigCommand(input));
    expect(retry.update?.id).toBe(first.update?.id);
    expect(first.update?.params).toEqual([{ type: 'TaintsToRemove', value: '[{"key":"dedicated","value":"batch","effect":"NO_SCHEDULE"}]' }]);
    api.clock.advance(5_000);
    expect((await describeGroup('ops-a')).taints).toEqual([]);
    for (const n of api.groupNodes('ops-a')) expect(n.spec.taints).toBeUndefined();
  });

  it('InvalidParameterException for nothing to change, contradictions and bad sizes; the group is unchanged', async () => {
    const before = await describeGroup('ops-a');
    const send = (extra: Record<string, unknown>) => failure(api.eks.send(new UpdateNodegroupConfigCommand({ clusterName: 'sandbox', nodegroupName: 'ops-a', ...extra })));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /No changes needed/],
      [{ labels: { addOrUpdateLabels: { a: 'b' }, removeLabels: ['a'] } }, /cannot be both added and removed/],
      [{ taints: { addOrUpdateTaints: [{ key: 'k', effect: 'NO_SCHEDULE' }], removeTaints: [{ key: 'k', effect: 'NO_SCHEDULE' }] } }, /cannot be both added and removed/],
      [{ scalingConfig: { desiredSize: 9 } }, /Desired capacity cannot be greater than maximum capacity/],
      [{ updateConfig: { maxUnavailable: 1, maxUnavailablePercentage: 10 } }, /exactly one of maxUnavailable and maxUnavailablePercentage/],
      [{ updateConfig: { maxUnavailable: 0 } }, /maxUnavailable must be an integer from 1 to 100/],
      [{ labels: { addOrUpdateLabels: { 'bad key!': 'x' } } }, /not a valid Kubernetes label/],
    ];
    for (const [input, words] of cases) {
      const err = await send(input);
      expect(err, JSON.stringify(input)).toBeInstanceOf(InvalidParameterException);
      expect(err.message).toMatch(words);
    }
    const after = await describeGroup('ops-a');
    expect({ ...after, modifiedAt: undefined }).toEqual({ ...before, modifiedAt: undefined });
    expect(after.status).toBe('ACTIVE');
  });

  it('ResourceNotFoundException for an unknown group or update', async () => {
    const err = await failure(api.eks.send(new UpdateNodegroupConfigCommand({ clusterName: 'sandbox', nodegroupName: 'nope', scalingConfig: { desiredSize: 1 } })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    await expect(api.eks.send(new DescribeUpdateCommand({ name: 'sandbox', updateId: 'no-such-update', nodegroupName: 'ops-a' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('delete-nodegroup', () => {
  it('DELETING: its nodes are cordoned and their pods asked to leave, then the nodes and the group are gone', async () => {
    const nodes = api.groupNodes('ops-a');
    api.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    api.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'worker', namespace: 'apps' },
      spec: { nodeName: nodes[0].metadata.name, terminationGracePeriodSeconds: 10, containers: [{ name: 'a', image: 'b' }] },
      status: { phase: 'Running' },
    });
    // A DaemonSet's pod is left by the drain (its controller would put it straight back on the
    // cordoned node) and ends with the instance: it holds no node back.
    api.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'agent', namespace: 'apps', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true }] },
      spec: { nodeName: nodes[1].metadata.name, terminationGracePeriodSeconds: 30, containers: [{ name: 'a', image: 'b' }] },
      status: { phase: 'Running' },
    });
    const { nodegroup } = await api.eks.send(new DeleteNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'ops-a' }));
    expect(nodegroup?.status).toBe('DELETING');
    expect((await describeGroup('ops-a')).status).toBe('DELETING');
    for (const n of api.groupNodes('ops-a')) expect(n.spec.unschedulable).toBe(true);
    expect(api.store.get('pods', 'apps', 'worker')?.metadata.deletionGracePeriodSeconds).toBe(10);
    expect(api.store.get('pods', 'apps', 'agent')?.metadata.deletionTimestamp).toBeUndefined();

    const busy = await failure(api.eks.send(new UpdateNodegroupConfigCommand({ clusterName: 'sandbox', nodegroupName: 'ops-a', scalingConfig: { desiredSize: 1 } })));
    expect(busy).toBeInstanceOf(ResourceInUseException);
    expect(busy.message).toBe('Nodegroup ops-a is currently in DELETING state, cannot update');

    // Nodes without pods go at once; the busy one stays until its pod has left (the kubelet's job).
    api.clock.advance(3_000);
    expect(api.groupNodes('ops-a').map((n) => n.metadata.name)).toEqual([nodes[0].metadata.name]);
    expect(api.store.get('pods', 'apps', 'agent')).toBeUndefined();
    expect(await names()).toContain('ops-a');
    api.store.remove('pods', 'apps', 'worker');
    api.clock.advance(3_000);
    expect(api.groupNodes('ops-a')).toEqual([]);
    expect(await names()).not.toContain('ops-a');
    await expect(describeGroup('ops-a')).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('ResourceNotFoundException once gone, and for a name never made', async () => {
    for (const name of ['ops-a', 'never']) {
      const err = await failure(api.eks.send(new DeleteNodegroupCommand({ clusterName: 'sandbox', nodegroupName: name })));
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(err.message).toBe(`No node group found for name: ${name}.`);
    }
  });
});
