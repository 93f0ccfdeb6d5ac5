import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { drainBody } from '@/lib/server/intents/node-actions';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';
import { drainNode } from '@/lib/server/k8s/mutations/nodes';
import { drainEnded } from '@/lib/server/metrics/registry';
import { nodeActionPlan, refuseUnlessPossible } from '@/lib/server/node-action-plan';
import { drainSigner } from '@/lib/server/drain-resumer';

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
  const planOptions = { force: body.force, deleteEmptyDirData: body.deleteEmptyDirData, gracePeriodSeconds: body.gracePeriodSeconds, timeoutSeconds: body.timeoutSeconds, surge: body.surge };
  const plan = await nodeActionPlan(params.cluster, user, params.name, mode === 'restart' ? 'drain-restart' : 'drain', planOptions);
  // Asked for: the deployments the plan says need a surge get one (dry run first), set back after.
  const surge = body.surge && mode === 'restart' ? plan.surge : [];
  const snapshot = await getTopology(params.cluster);
  const deployments = plan.restart.map((key) => {
    const [namespace, name] = key.split('/');
    return { namespace, name };
  });
  const apis = userApis(params.cluster, identity);
  const ctx = { actor: user.name, requestId, activity: { id: body.activityId, before: startingPoint(snapshot, serverPriceTable()) } };
  const options = { timeoutMs: body.timeoutSeconds !== undefined ? body.timeoutSeconds * 1000 : undefined, gracePeriodSeconds: body.gracePeriodSeconds };
  // The API server's dry run first: a user it refuses gets its 403, not the plan.
  const { done: _dryDone, ...dry } = await drainNode(apis, { name: params.name, mode, deployments, surge, dryRun: true }, ctx, options);
  if (body.dryRun) return { ...dry, plan };
  refuseUnlessPossible(plan);
  // What another replica needs to continue the drain if this one dies, and who it acts as, signed.
  const record = { options: planOptions, sign: drainSigner(identity && { user: identity.user, groups: identity.groups }) };
  const startedAt = performance.now();
  const { done, ...started } = await drainNode(apis, { name: params.name, mode, deployments, surge, ...record }, ctx, options);
  // The run goes on after this answer: it is counted, and timed, where it ends.
  void done.then((end) => drainEnded(params.cluster, end, (performance.now() - startedAt) / 1000));
  return { ...started, plan };
});
