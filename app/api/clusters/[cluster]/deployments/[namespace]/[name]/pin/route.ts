import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { route } from '@/lib/server/route';
import { deploymentParams } from '@/lib/server/intents/params';
import { pinIntent } from '@/lib/server/intents/pin';
import { changePlacement } from '@/lib/server/k8s/mutations/pin';
import { taintsForTarget } from '@/lib/server/plan';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

/** Pin the deployment to a pool: nodeSelector on the pool's key, tolerations for its taints. Dry run first. */
export const POST = route({ params: deploymentParams, body: pinIntent, access: 'write', action: 'deployment.pin' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `deployments/${params.namespace}/${params.name}`;
  audit.detail = { target: body.target, restart: Boolean(body.restart), dryRun: Boolean(body.dryRun), activityId: body.activityId };
  const snapshot = await getTopology(params.cluster);
  const taints = await taintsForTarget(params.cluster, body.target, snapshot);
  return changePlacement(
    userApis(params.cluster, identity),
    { namespace: params.namespace, name: params.name, generation: body.generation, dryRun: body.dryRun },
    { action: 'pin', target: body.target, taints, restart: body.restart },
    { actor: user.name, requestId, activity: { id: body.activityId, batch: body.batch ?? [`${params.namespace}/${params.name}`], before: startingPoint(snapshot, serverPriceTable()) } },
  );
});
