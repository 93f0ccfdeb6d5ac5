import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { drainBody } from '@/lib/server/intents/node-actions';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';
import { drainNode } from '@/lib/server/k8s/mutations/nodes';
import { nodeActionPlan, refuseUnlessPossible } from '@/lib/server/node-action-plan';

export const dynamic = 'force-dynamic';

/**
 * Drains a node as the signed-in user, as its plan says: the plan first (a dry run answers with
 * it; a real run it says cannot complete is refused with 409 before the cordon), then cordon,
 * (mode `restart`) restart the deployments eviction would take down so their new pods start
 * elsewhere first, then evict what is left through the Eviction API. Answers once the drain has
 * started; the activity view follows the rest.
 */
export const POST = route({ params: nodeParams, body: drainBody, access: 'write', action: 'node.drain' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  const mode = body.mode ?? 'evict';
  audit.detail = { mode };
  const planOptions = { force: body.force, deleteEmptyDirData: body.deleteEmptyDirData, gracePeriodSeconds: body.gracePeriodSeconds, timeoutSeconds: body.timeoutSeconds };
  const plan = await nodeActionPlan(params.cluster, user, params.name, mode === 'restart' ? 'drain-restart' : 'drain', planOptions);
  const snapshot = await getTopology(params.cluster);
  const deployments = plan.restart.map((key) => {
    const [namespace, name] = key.split('/');
    return { namespace, name };
  });
  const apis = userApis(params.cluster, identity);
  const ctx = { actor: user.name, requestId, activity: { id: body.activityId, before: startingPoint(snapshot, serverPriceTable()) } };
  const options = { timeoutMs: body.timeoutSeconds !== undefined ? body.timeoutSeconds * 1000 : undefined, gracePeriodSeconds: body.gracePeriodSeconds };
  // The API server's dry run first: a user it refuses gets its 403, not the plan.
  const { done: _dryDone, ...dry } = await drainNode(apis, { name: params.name, mode, deployments, dryRun: true }, ctx, options);
  if (body.dryRun) return { ...dry, plan };
  refuseUnlessPossible(plan);
  const { done: _done, ...started } = await drainNode(apis, { name: params.name, mode, deployments }, ctx, options);
  return { ...started, plan };
});
