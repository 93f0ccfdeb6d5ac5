import { clusterParam, route } from '@/lib/server/route';
import { eksFor } from '@/lib/server/eks/for-cluster';
import { listNodegroups } from '@/lib/server/eks/client';
import { createManagedNodegroup } from '@/lib/server/eks/nodegroups';
import { getCluster } from '@/lib/server/clusters';
import { AppError } from '@/lib/server/errors';
import { nodegroupIntent } from '@/lib/server/intents/nodegroup';
import { userApis } from '@/lib/server/user-apis';
import { visibleTopology } from '@/lib/server/visible-topology';

export const dynamic = 'force-dynamic';

/**
 * Managed node groups from the EKS API; `eks: false` when this server has no EKS API for the
 * cluster. Read with the server's AWS credentials, so the cluster's RBAC is asked first: a node
 * group is capacity like a NodePool, and shown to the same users, those who may list nodes.
 */
export const GET = route({ params: clusterParam }, async ({ params, user }) => {
  if (!getCluster(params.cluster)) throw new AppError(404, 'cluster_not_found', `No cluster "${params.cluster}"`);
  const { scope } = await visibleTopology(params.cluster, user);
  if (!scope.nodes) throw new AppError(403, 'forbidden', `Node groups are the cluster's capacity, shown to those who may list its nodes, and the cluster's RBAC does not let ${user.name} list nodes.`);
  const eks = eksFor(params.cluster);
  if (!eks) return { eks: false, nodegroups: [] };
  return { eks: true, clusterName: eks.clusterName, nodegroups: await listNodegroups(eks.client, eks.clusterName) };
});

/**
 * A managed node group (CreateNodegroup), or with `dryRun` only the checks: EKS has no dry run.
 * Sent with the server's AWS credentials, so the user's Kubernetes RBAC is asked first
 * (lib/server/eks/nodegroups.ts says why and what).
 */
export const POST = route({ params: clusterParam, body: nodegroupIntent, access: 'write', action: 'nodegroup.create' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodegroups/${body.name}`;
  audit.detail = { dryRun: Boolean(body.dryRun), instanceTypes: body.instanceTypes, scaling: body.scaling };
  const apis = userApis(params.cluster, identity);
  const eks = eksFor(params.cluster);
  if (!eks) throw new AppError(422, 'no_eks_api', `The server has no EKS API configured for "${params.cluster}" (in a clusters file, give it eks: { region, clusterName }; otherwise set EKS_CLUSTER_NAME and AWS credentials), so it cannot create node groups there.`);
  return createManagedNodegroup(eks, apis, body, { actor: user.name, requestId, region: eks.region });
});
