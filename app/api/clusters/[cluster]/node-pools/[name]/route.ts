import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { nodeParams } from '@/lib/server/intents/params';
import { nodePoolApplyIntent, nodePoolEditIntent } from '@/lib/server/intents/node-class';
import { applyNodePoolEdit, planNodePoolEdit } from '@/lib/server/k8s/mutations/node-pools';
import { route } from '@/lib/server/route';
import { userApis } from '@/lib/server/user-apis';
import { visibleTopology } from '@/lib/server/visible-topology';

export const dynamic = 'force-dynamic';

/** The pool as it is (editable fields, resourceVersion, generation): what the edit form starts from. */
export const GET = route({ params: nodeParams }, async ({ params, user, identity }) => {
  const { snapshot } = await visibleTopology(params.cluster, user);
  return planNodePoolEdit(userApis(params.cluster, identity), params.name, {}, snapshot.nodes);
});

/** Plan an edit: the spec diff, the nodes that would drift, the patch and its kubectl form. Changes nothing. */
export const POST = route({ params: nodeParams, body: nodePoolEditIntent, access: 'read' }, async ({ params, body, user, identity }) => {
  // The drifting nodes are named only to users who may see nodes.
  const { snapshot } = await visibleTopology(params.cluster, user);
  return planNodePoolEdit(userApis(params.cluster, identity), params.name, body, snapshot.nodes);
});

/** Apply an edit (dry run first; `dryRun: true` stops there) against the version the user planned. */
export const PATCH = route({ params: nodeParams, body: nodePoolApplyIntent, access: 'write', action: 'nodepool.edit' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodepools/${params.name}`;
  audit.detail = { dryRun: Boolean(body.dryRun), resourceVersion: body.resourceVersion };
  const { snapshot: visible, full } = await visibleTopology(params.cluster, user);
  return applyNodePoolEdit(userApis(params.cluster, identity), params.name, body, visible.nodes, {
    actor: user.name,
    requestId,
    // The cluster's cost before, for the summary, as every action records it.
    activity: { before: startingPoint(full, serverPriceTable()) },
  });
});
