import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { getTopology } from '@/lib/server/topology-hub';
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
  const plan = await nodeActionPlan(params.cluster, user, params.name, 'cordon');
  const apis = userApis(params.cluster, identity);
  // The API server's dry run first: a user it refuses gets its 403, not the plan.
  // The cluster before, for the record's summary and the first point of its charts.
  const ctx = { actor: user.name, requestId, activity: { id: body.activityId, before: startingPoint(await getTopology(params.cluster), serverPriceTable()) } };
  const dry = await changeNode(apis, { name: params.name, action: 'cordon', dryRun: true }, ctx);
  if (body.dryRun) return { ...dry, plan };
  refuseUnlessPossible(plan);
  return { ...(await changeNode(apis, { name: params.name, action: 'cordon' }, ctx)), plan };
});
