import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { doNotDisruptBody } from '@/lib/server/intents/node-actions';
import { userApis } from '@/lib/server/user-apis';
import { changeNode } from '@/lib/server/k8s/mutations/nodes';
import { nodeActionPlan, refuseUnlessPossible } from '@/lib/server/node-action-plan';

export const dynamic = 'force-dynamic';

/** Marks (or, with `enabled: false`, unmarks) a node karpenter.sh/do-not-disrupt: Auto Mode then leaves it alone. The plan comes first; a dry run answers with it. */
export const POST = route({ params: nodeParams, body: doNotDisruptBody, access: 'write', action: 'node.do-not-disrupt' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  const action = body.enabled === false ? 'allow-disruption' : 'do-not-disrupt';
  const plan = await nodeActionPlan(params.cluster, params.name, action);
  if (!body.dryRun) refuseUnlessPossible(plan);
  const result = await changeNode(userApis(params.cluster, identity), { name: params.name, action, dryRun: body.dryRun }, { actor: user.name, requestId, activity: { id: body.activityId } });
  return { ...result, plan };
});
