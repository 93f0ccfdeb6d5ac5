import { getTopology } from '@/lib/server/topology-hub';
import { clusterParam, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** The cluster's topology now: nodes, pods and deployments in the compact model. */
export const GET = route({ params: clusterParam }, ({ params }) => getTopology(params.cluster));
