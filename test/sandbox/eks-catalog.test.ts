// The read-only EKS operations a user tries first (add-ons, updates, access entries), through the
// real AWS SDK: each answers with the SDK's own shapes instead of "No such EKS operation".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateNodegroupCommand,
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAccessPoliciesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListFargateProfilesCommand,
  ListUpdatesCommand,
  ResourceNotFoundException,
  UpdateNodegroupConfigCommand,
} from '@aws-sdk/client-eks';
import { NODE_ROLE, SUBNET, startEksApi, type EksApi } from '../support/eks-api';

let api: EksApi;
let eks: EKSClient;
const CREATOR = 'arn:aws:iam::111122223333:user/sandbox';

beforeAll(async () => {
  api = await startEksApi();
  eks = api.eks;
});

afterAll(() => api?.stop());

describe('EKS catalogue operations', () => {
  it('list-addons is empty (Auto Mode runs them itself); describe-addon is the AWS not-found', async () => {
    expect((await eks.send(new ListAddonsCommand({ clusterName: 'sandbox' }))).addons).toEqual([]);
    const err = await eks.send(new DescribeAddonCommand({ clusterName: 'sandbox', addonName: 'vpc-cni' })).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe('No addon: vpc-cni found in cluster: sandbox');
    const missing = await eks.send(new ListAddonsCommand({ clusterName: 'other' })).catch((e) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('describe-addon-versions offers the usual add-ons for 1.32, filtered by name and type', async () => {
    const all = await eks.send(new DescribeAddonVersionsCommand({ kubernetesVersion: '1.32' }));
    expect(all.addons?.map((a) => a.addonName)).toEqual(expect.arrayContaining(['vpc-cni', 'coredns', 'kube-proxy', 'aws-ebs-csi-driver', 'eks-pod-identity-agent']));
    const coredns = await eks.send(new DescribeAddonVersionsCommand({ addonName: 'coredns' }));
    expect(coredns.addons).toHaveLength(1);
    expect(coredns.addons![0].addonVersions![0].compatibilities).toEqual([{ clusterVersion: '1.32', platformVersions: ['*'], defaultVersion: true }]);
    const storage = await eks.send(new DescribeAddonVersionsCommand({ types: ['storage'] }));
    expect(storage.addons?.map((a) => a.addonName)).toEqual(['aws-ebs-csi-driver']);
    expect((await eks.send(new DescribeAddonVersionsCommand({ kubernetesVersion: '1.20' }))).addons).toEqual([]);
  });

  it('list-updates: none for the cluster, a node group its config updates', async () => {
    expect((await eks.send(new ListUpdatesCommand({ name: 'sandbox' }))).updateIds).toEqual([]);
    await eks.send(new CreateNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'batch', nodeRole: NODE_ROLE, subnets: [SUBNET], scalingConfig: { minSize: 0, maxSize: 2, desiredSize: 0 } }));
    api.clock.advance(30_000);
    const { update } = await eks.send(new UpdateNodegroupConfigCommand({ clusterName: 'sandbox', nodegroupName: 'batch', scalingConfig: { desiredSize: 1 } }));
    expect((await eks.send(new ListUpdatesCommand({ name: 'sandbox', nodegroupName: 'batch' }))).updateIds).toEqual([update!.id]);
    const err = await eks.send(new ListUpdatesCommand({ name: 'sandbox', nodegroupName: 'nope' })).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });

  it('access entries: the creator as cluster admin, the Auto Mode node role and each node group role', async () => {
    const { accessEntries } = await eks.send(new ListAccessEntriesCommand({ clusterName: 'sandbox' }));
    expect(accessEntries).toEqual([CREATOR, 'arn:aws:iam::111122223333:role/AmazonEKSAutoNodeRole', NODE_ROLE]);
    const { accessEntry } = await eks.send(new DescribeAccessEntryCommand({ clusterName: 'sandbox', principalArn: CREATOR }));
    expect(accessEntry).toMatchObject({ principalArn: CREATOR, username: CREATOR, type: 'STANDARD', clusterName: 'sandbox' });
    expect(accessEntry?.createdAt).toBeInstanceOf(Date);
    const node = await eks.send(new DescribeAccessEntryCommand({ clusterName: 'sandbox', principalArn: NODE_ROLE }));
    expect(node.accessEntry).toMatchObject({ type: 'EC2_LINUX', kubernetesGroups: ['system:nodes'] });
    const policies = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'sandbox', principalArn: CREATOR }));
    expect(policies.associatedAccessPolicies?.map((p) => p.policyArn)).toEqual(['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']);
    const unknown = await eks.send(new DescribeAccessEntryCommand({ clusterName: 'sandbox', principalArn: 'arn:aws:iam::111122223333:role/nobody' })).catch((e) => e);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect((await eks.send(new ListAccessPoliciesCommand({}))).accessPolicies?.map((p) => p.name)).toContain('AmazonEKSClusterAdminPolicy');
    expect((await eks.send(new ListFargateProfilesCommand({ clusterName: 'sandbox' }))).fargateProfileNames).toEqual([]);
  });
});
