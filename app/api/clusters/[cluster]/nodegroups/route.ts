import { clusterParam, route } from '@/lib/server/route';
import { eksFor } from '@/lib/server/eks/for-cluster';
import { listNodegroups } from '@/lib/server/eks/client';
import { getCluster } from '@/lib/server/clusters';
import { AppError } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

/** Managed node groups from the EKS API; `eks: false` when this server has no EKS API for the cluster. */
export const GET = route({ params: clusterParam }, async ({ params }) => {
  if (!getCluster(params.cluster)) throw new AppError(404, 'cluster_not_found', `No cluster "${params.cluster}"`);
  const eks = eksFor(params.cluster);
  if (!eks) return { eks: false, nodegroups: [] };
  return { eks: true, clusterName: eks.clusterName, nodegroups: await listNodegroups(eks.client, eks.clusterName) };
});
