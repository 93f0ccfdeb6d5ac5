import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { nodeActionBody } from '@/lib/server/intents/node-actions';
import { userApis } from '@/lib/server/user-apis';
import { changeNode } from '@/lib/server/k8s/mutations/nodes';

export const dynamic = 'force-dynamic';

/** `kubectl cordon`, as the signed-in user: dry run first, then the patch, then an Event on the node. */
export const POST = route({ params: nodeParams, body: nodeActionBody, access: 'write', action: 'node.cordon' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  return changeNode(userApis(params.cluster, identity), { name: params.name, action: 'cordon', dryRun: body.dryRun }, { actor: user.name, requestId, activity: { id: body.activityId } });
});
