import { clusterCost } from '@/lib/domain/pricing';
import { nodeParams } from '@/lib/server/intents/params';
import { nodePoolApplyIntent, nodePoolEditIntent } from '@/lib/server/intents/node-class';
import { applyNodePoolEdit, planNodePoolEdit } from '@/lib/server/k8s/mutations/node-pools';
import { route } from '@/lib/server/route';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

/** The pool as it is (editable fields, resourceVersion, generation): what the edit form starts from. */
export const GET = route({ params: nodeParams }, async ({ params, identity }) => {
  const snapshot = await getTopology(params.cluster);
  return planNodePoolEdit(userApis(params.cluster, identity), params.name, {}, snapshot.nodes);
});

/** Plan an edit: the spec diff, the nodes that would drift, the patch and its kubectl form. Changes nothing. */
export const POST = route({ params: nodeParams, body: nodePoolEditIntent, access: 'read' }, async ({ params, body, identity }) => {
  const snapshot = await getTopology(params.cluster);
  return planNodePoolEdit(userApis(params.cluster, identity), params.name, body, snapshot.nodes);
});

/** Apply an edit (dry run first; `dryRun: true` stops there) against the version the user planned. */
export const PATCH = route({ params: nodeParams, body: nodePoolApplyIntent, access: 'write', action: 'nodepool.edit' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodepools/${params.name}`;
  audit.detail = { dryRun: Boolean(body.dryRun), resourceVersion: body.resourceVersion };
  const snapshot = await getTopology(params.cluster);
  return applyNodePoolEdit(userApis(params.cluster, identity), params.name, body, snapshot.nodes, {
    actor: user.name,
    requestId,
    activity: { before: clusterCost(snapshot.nodes) },
  });
});
