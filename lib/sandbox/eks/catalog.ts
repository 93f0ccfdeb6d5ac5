// The read-only EKS operations a user runs while finding their way around a cluster: add-ons and
// access entries. The sandbox installs no add-on (Auto Mode runs networking, DNS, storage and
// pod identity itself), so the cluster's list is empty while the catalogue offers the usual ones;
// its access entries are the ones EKS makes by itself: the creator's and one per node role.
import { EksError } from './errors';
import { ACCOUNT, REGION, type EksCluster } from './cluster';

/** The sandbox's AWS credentials (`.sandbox/env`): the cluster creator's access key. */
export const CREATOR_ACCESS_KEY = 'sandbox';
export const CREATOR_ARN = `arn:aws:iam::${ACCOUNT}:user/${CREATOR_ACCESS_KEY}`;
const AUTO_NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/AmazonEKSAutoNodeRole`;
const POLICY_ARN = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;

/**
 * The add-on catalogue for Kubernetes 1.32, one illustrative version each (the sandbox installs
 * none of them; the names, types, publishers and namespaces are EKS's).
 */
const ADDONS = [
  { addonName: 'vpc-cni', type: 'networking', version: 'v1.19.2-eksbuild.1', defaultNamespace: 'kube-system' },
  { addonName: 'coredns', type: 'networking', version: 'v1.11.4-eksbuild.2', defaultNamespace: 'kube-system' },
  { addonName: 'kube-proxy', type: 'networking', version: 'v1.32.0-eksbuild.2', defaultNamespace: 'kube-system' },
  { addonName: 'aws-ebs-csi-driver', type: 'storage', version: 'v1.38.1-eksbuild.2', defaultNamespace: 'kube-system' },
  { addonName: 'eks-pod-identity-agent', type: 'security', version: 'v1.3.4-eksbuild.1', defaultNamespace: 'kube-system' },
  { addonName: 'metrics-server', type: 'observability', version: 'v0.7.2-eksbuild.1', defaultNamespace: 'kube-system' },
];

const ACCESS_POLICIES = ['AmazonEKSAdminPolicy', 'AmazonEKSAutoNodePolicy', 'AmazonEKSClusterAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy'];

export function listAddons(eks: EksCluster, cluster: string) {
  eks.describeCluster(cluster);
  return { addons: [] as string[] };
}

export function describeAddon(eks: EksCluster, cluster: string, addon: string): never {
  eks.describeCluster(cluster);
  throw new EksError('ResourceNotFoundException', `No addon: ${addon} found in cluster: ${cluster}`, { clusterName: cluster });
}

export function describeAddonVersions(q: URLSearchParams) {
  const name = q.get('addonName');
  const version = q.get('kubernetesVersion');
  const types = q.getAll('types');
  const addons = ADDONS.filter((a) => (!name || a.addonName === name) && (!types.length || types.includes(a.type)) && (!version || version === '1.32')).map((a) => ({
    addonName: a.addonName,
    type: a.type,
    owner: 'aws',
    publisher: 'eks',
    defaultNamespace: a.defaultNamespace,
    addonVersions: [
      {
        addonVersion: a.version,
        architecture: ['amd64', 'arm64'],
        computeTypes: ['ec2', 'auto'],
        compatibilities: [{ clusterVersion: '1.32', platformVersions: ['*'], defaultVersion: true }],
        requiresConfiguration: false,
        requiresIamPermissions: a.addonName === 'aws-ebs-csi-driver' || a.addonName === 'vpc-cni',
      },
    ],
  }));
  return { addons };
}

interface Entry {
  principalArn: string;
  type: string;
  username: string;
  policies: string[];
}

/** The creator's entry (cluster admin), the Auto Mode node role's, and one per node group role. */
function entries(eks: EksCluster, cluster: string): Entry[] {
  eks.describeCluster(cluster);
  const list: Entry[] = [
    { principalArn: CREATOR_ARN, type: 'STANDARD', username: CREATOR_ARN, policies: ['AmazonEKSClusterAdminPolicy'] },
    { principalArn: AUTO_NODE_ROLE, type: 'EC2', username: 'system:node:{{SessionName}}', policies: ['AmazonEKSAutoNodePolicy'] },
  ];
  for (const name of eks.listNodegroups(cluster).nodegroups) {
    const role = eks.describeNodegroup(cluster, name).nodeRole;
    if (!list.some((e) => e.principalArn === role)) list.push({ principalArn: role, type: 'EC2_LINUX', username: 'system:node:{{EC2PrivateDNSName}}', policies: [] });
  }
  return list;
}

function entry(eks: EksCluster, cluster: string, principalArn: string): Entry {
  const found = entries(eks, cluster).find((e) => e.principalArn === principalArn);
  if (!found) throw new EksError('ResourceNotFoundException', `The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.`, { clusterName: cluster });
  return found;
}

export function listAccessEntries(eks: EksCluster, cluster: string) {
  return { accessEntries: entries(eks, cluster).map((e) => e.principalArn) };
}

export function describeAccessEntry(eks: EksCluster, cluster: string, principalArn: string) {
  const e = entry(eks, cluster, principalArn);
  const createdAt = eks.describeCluster(cluster).createdAt;
  const id = e.principalArn.split(':').at(-1);
  return {
    accessEntry: {
      clusterName: cluster,
      principalArn: e.principalArn,
      kubernetesGroups: e.type === 'EC2_LINUX' ? ['system:nodes'] : [],
      accessEntryArn: `arn:aws:eks:${REGION}:${ACCOUNT}:access-entry/${cluster}/${id}`,
      createdAt,
      modifiedAt: createdAt,
      tags: {},
      username: e.username,
      type: e.type,
    },
  };
}

export function listAssociatedAccessPolicies(eks: EksCluster, cluster: string, principalArn: string) {
  const e = entry(eks, cluster, principalArn);
  const createdAt = eks.describeCluster(cluster).createdAt;
  return {
    clusterName: cluster,
    principalArn,
    associatedAccessPolicies: e.policies.map((p) => ({ policyArn: POLICY_ARN(p), accessScope: { type: 'cluster', namespaces: [] }, associatedAt: createdAt, modifiedAt: createdAt })),
  };
}

export function listAccessPolicies() {
  return { accessPolicies: ACCESS_POLICIES.map((name) => ({ name, arn: POLICY_ARN(name) })) };
}
