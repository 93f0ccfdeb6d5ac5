import { listClusters } from '@/lib/server/clusters';
import { noParams, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** The clusters this server shows, for the picker. */
export const GET = route({ params: noParams }, async () => ({ clusters: listClusters() }));
