import { clusterParam, route } from '@/lib/server/route';
import { getTopology } from '@/lib/server/topology-hub';

export const dynamic = 'force-dynamic';

/** The cluster's NodePools with their node counts; built-in ones are marked (never editable). */
export const GET = route({ params: clusterParam }, async ({ params }) => {
  const snapshot = await getTopology(params.cluster);
  return {
    nodePools: snapshot.nodePools.map((p) => ({ ...p, nodes: snapshot.nodes.filter((n) => n.pool.source === 'karpenter-nodepool' && n.pool.name === p.name).length })),
  };
});
