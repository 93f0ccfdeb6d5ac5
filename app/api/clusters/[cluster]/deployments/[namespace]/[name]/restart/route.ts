import { z } from 'zod';
import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { route } from '@/lib/server/route';
import { deploymentParams } from '@/lib/server/intents/params';
import { activityId } from '@/lib/server/intents/pin';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';
import { restartDeployment } from '@/lib/server/k8s/mutations/deployments';

export const dynamic = 'force-dynamic';

const body = z.strictObject({
  /** The generation the user reviewed: a newer one means someone else changed the spec (409). */
  generation: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  dryRun: z.boolean().optional(),
  activityId: activityId.optional(),
});

/** `kubectl rollout restart`, as the signed-in user: dry run first, then the restart, then an Event. */
export const POST = route({ params: deploymentParams, body, access: 'write', action: 'deployment.restart' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `deployments/${params.namespace}/${params.name}`;
  const snapshot = await getTopology(params.cluster);
  return restartDeployment(
    userApis(params.cluster, identity),
    { namespace: params.namespace, name: params.name, generation: body.generation, dryRun: body.dryRun },
    { actor: user.name, requestId, activity: { id: body.activityId, batch: [`${params.namespace}/${params.name}`], before: startingPoint(snapshot, serverPriceTable()) } },
  );
});
