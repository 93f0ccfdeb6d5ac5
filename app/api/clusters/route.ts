import { z } from 'zod';
import { clustersWithHealth } from '@/lib/server/cluster-health';
import { listClusters } from '@/lib/server/clusters';
import { noParams, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

const query = z.strictObject({ health: z.enum(['1']).optional() });

/**
 * The clusters this server shows, for the picker. With `?health=1` each also carries its health
 * (API server probe, cached briefly, and this server's informers): a probe takes up to 2 s for a
 * cluster that does not answer, so the plain list stays instant.
 */
export const GET = route({ params: noParams, query }, async ({ query }) => ({
  clusters: query.health ? await clustersWithHealth() : listClusters(),
}));
