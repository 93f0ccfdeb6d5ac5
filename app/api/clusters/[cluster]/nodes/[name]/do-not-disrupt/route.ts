import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { getTopology } from '@/lib/server/topology-hub';
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
  const plan = await nodeActionPlan(params.cluster, user, params.name, action);
  const apis = userApis(params.cluster, identity);
  const ctx = { actor: user.name, requestId, activity: { id: body.activityId, before: startingPoint(await getTopology(params.cluster), serverPriceTable()) } };
  // The API server's dry run first: a user it refuses gets its 403, not the plan.
  const dry = await changeNode(apis, { name: params.name, action, dryRun: true }, ctx);
  if (body.dryRun) return { ...dry, plan };
  refuseUnlessPossible(plan);
  return { ...(await changeNode(apis, { name: params.name, action }, ctx)), plan };
});
