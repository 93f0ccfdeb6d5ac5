import { startingPoint } from '@/lib/domain/activity-timeline';
import { serverPriceTable } from '@/lib/server/prices';
import { clusterParam, route } from '@/lib/server/route';
import { nodeClassIntent } from '@/lib/server/intents/node-class';
import { createNodeClassAndPool } from '@/lib/server/k8s/mutations/node-classes';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';
import { visibleTopology } from '@/lib/server/visible-topology';

export const dynamic = 'force-dynamic';

/** The cluster's NodeClasses, each with the NodePools that use it. */
export const GET = route({ params: clusterParam }, async ({ params, user }) => {
  const { snapshot } = await visibleTopology(params.cluster, user);
  return {
    nodeClasses: snapshot.nodeClasses.map((nc) => ({ ...nc, nodePools: snapshot.nodePools.filter((p) => p.nodeClassRef.name === nc.name).map((p) => p.name) })),
  };
});

/** A NodeClass and the NodePool that uses it: preflight, dry run of both, then create (or only the dry run). */
export const POST = route({ params: clusterParam, body: nodeClassIntent, access: 'write', action: 'nodeclass.create' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodeclasses/${body.name}`;
  audit.detail = { nodePool: body.nodePool.name, dryRun: Boolean(body.dryRun) };
  const snapshot = await getTopology(params.cluster);
  return createNodeClassAndPool(
    userApis(params.cluster, identity),
    body,
    { nodeClasses: snapshot.nodeClasses, nodePools: snapshot.nodePools, pods: snapshot.pods },
    { actor: user.name, requestId, activity: { before: startingPoint(snapshot, serverPriceTable()) } },
  );
});
