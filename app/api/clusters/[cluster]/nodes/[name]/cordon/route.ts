import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { nodeActionBody } from '@/lib/server/intents/node-actions';
import { userApis } from '@/lib/server/user-apis';
import { changeNode } from '@/lib/server/k8s/mutations/nodes';
import { nodeActionPlan, refuseUnlessPossible } from '@/lib/server/node-action-plan';

export const dynamic = 'force-dynamic';

/** `kubectl cordon`, as the signed-in user: the plan first (a dry run answers with it), then the API server's dry run, the patch and an Event on the node. */
export const POST = route({ params: nodeParams, body: nodeActionBody, access: 'write', action: 'node.cordon' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  const plan = await nodeActionPlan(params.cluster, params.name, 'cordon');
  if (!body.dryRun) refuseUnlessPossible(plan);
  const result = await changeNode(userApis(params.cluster, identity), { name: params.name, action: 'cordon', dryRun: body.dryRun }, { actor: user.name, requestId, activity: { id: body.activityId } });
  return { ...result, plan };
});
