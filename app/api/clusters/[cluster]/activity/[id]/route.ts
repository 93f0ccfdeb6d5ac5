import { z } from 'zod';
import { clusterParam, route } from '@/lib/server/route';
import { locateActivity } from '@/lib/server/k8s/activity';
import { followActivity } from '@/lib/server/k8s/activity-follow';
import { serverPriceTable } from '@/lib/server/prices';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

const params = clusterParam.extend({ id: z.string().min(8).max(64).regex(/^[A-Za-z0-9._-]+$/, 'not an activity id') });

/**
 * The record of an action (who, what, when, which objects, the cluster before) and its timeline
 * (time taken, the charts' points), for the live view. Asking also keeps the record: what the
 * cluster shows now is written into it as a step, or as its finish once settled (as the user;
 * judged on the whole cluster, the same for every user and replica).
 */
export const GET = route({ params }, async ({ params, identity }) => {
  const apis = userApis(params.cluster, identity);
  const found = await locateActivity(apis, params.id);
  return followActivity(apis, found, await getTopology(params.cluster), serverPriceTable());
});
