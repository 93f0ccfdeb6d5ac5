// The EKS adapter: an EKSClient configured from the environment (the same variables the sandbox
// writes to .sandbox/env, so the SDK reaches the sandbox's EKS API and AWS's alike), and reads
// that return domain types. Only lib/server/eks imports the SDK.

import { DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, paginateListNodegroups } from '@aws-sdk/client-eks';
import type { EksClusterInfo, NodegroupInfo } from '@/lib/domain/model';
import { awsRegion, readServerEnv, type ServerEnv } from '../env';
import { toClusterInfo, toNodegroupInfo } from './transform';

/**
 * Explicit endpoint and static credentials when the environment gives them (sandbox, LocalStack-
 * style setups); otherwise the SDK's own chain (instance role, SSO, shared config) decides.
 */
export function eksClientConfig(env: ServerEnv = readServerEnv()) {
  const endpoint = env.AWS_ENDPOINT_URL_EKS ?? env.AWS_ENDPOINT_URL;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
      : undefined;
  return {
    region: awsRegion(env),
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    // Reads are idempotent; a flaky sandbox restart or throttling should not surface at once.
    maxAttempts: 3,
  };
}

export function createEksClient(env: ServerEnv = readServerEnv()): EKSClient {
  return new EKSClient(eksClientConfig(env));
}

/** The EKS cluster name: EKS_CLUSTER_NAME, as .sandbox/env sets it. */
export function eksClusterName(env: ServerEnv = readServerEnv()): string | undefined {
  return env.EKS_CLUSTER_NAME;
}

export async function describeCluster(client: EKSClient, name: string): Promise<EksClusterInfo> {
  const out = await client.send(new DescribeClusterCommand({ name }));
  if (!out.cluster) throw new Error(`DescribeCluster returned no cluster for "${name}"`);
  return toClusterInfo(out.cluster);
}

export async function listNodegroupNames(client: EKSClient, clusterName: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListNodegroups({ client }, { clusterName })) names.push(...(page.nodegroups ?? []));
  return names;
}

/** Every managed node group of a cluster, described (a few groups per cluster: sequential is fine). */
export async function listNodegroups(client: EKSClient, clusterName: string): Promise<NodegroupInfo[]> {
  const out: NodegroupInfo[] = [];
  for (const nodegroupName of await listNodegroupNames(client, clusterName)) {
    const res = await client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }));
    if (res.nodegroup) out.push(toNodegroupInfo(res.nodegroup));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
