import { clusterParam, route } from '@/lib/server/route';
import { visibleTopology } from '@/lib/server/visible-topology';

export const dynamic = 'force-dynamic';

/** The cluster's NodePools with their node counts, as far as the user may see them; built-in ones are marked (never editable). */
export const GET = route({ params: clusterParam }, async ({ params, user }) => {
  const { snapshot } = await visibleTopology(params.cluster, user);
  return {
    nodePools: snapshot.nodePools.map((p) => ({ ...p, nodes: snapshot.nodes.filter((n) => n.pool.source === 'karpenter-nodepool' && n.pool.name === p.name).length })),
  };
});
