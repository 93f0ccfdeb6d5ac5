import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { cancelDrainBody } from '@/lib/server/intents/node-actions';
import { userApis } from '@/lib/server/user-apis';
import { cancelDrain } from '@/lib/server/k8s/mutations/nodes';

export const dynamic = 'force-dynamic';

/**
 * Cancels the drain running on a node, as the signed-in user (the API server's dry run first):
 * whichever replica runs it stops before its next step; `uncordon: true` also uncordons the node.
 * 409 `no_drain_running` when the node's drain state is not running.
 */
export const POST = route({ params: nodeParams, body: cancelDrainBody, access: 'write', action: 'node.drain-cancel' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  return cancelDrain(userApis(params.cluster, identity), { name: params.name, uncordon: body.uncordon === true, dryRun: body.dryRun }, { actor: user.name, requestId });
});
