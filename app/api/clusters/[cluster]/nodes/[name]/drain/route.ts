import { clusterCost } from '@/lib/domain/pricing';
import { serverPriceTable } from '@/lib/server/prices';
import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { drainBody } from '@/lib/server/intents/node-actions';
import { getTopology } from '@/lib/server/topology-hub';
import { userApis } from '@/lib/server/user-apis';
import { drainNode } from '@/lib/server/k8s/mutations/nodes';

export const dynamic = 'force-dynamic';

/**
 * Drains a node as the signed-in user: cordon, then (mode `restart`) restart the deployments that
 * own its pods so their new pods start elsewhere first, then evict what is left through the
 * Eviction API. Answers once the drain has started; the activity view follows the rest.
 */
export const POST = route({ params: nodeParams, body: drainBody, access: 'write', action: 'node.drain' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  const mode = body.mode ?? 'evict';
  audit.detail = { mode };
  const snapshot = await getTopology(params.cluster);
  const owners = new Map<string, { namespace: string; name: string }>();
  for (const p of snapshot.pods) {
    if (p.nodeName !== params.name || p.owner?.kind !== 'Deployment' || p.terminating) continue;
    owners.set(`${p.namespace}/${p.owner.name}`, { namespace: p.namespace, name: p.owner.name });
  }
  const { done: _done, ...started } = await drainNode(
    userApis(params.cluster, identity),
    { name: params.name, mode, deployments: [...owners.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)), dryRun: body.dryRun },
    { actor: user.name, requestId, activity: { id: body.activityId, before: clusterCost(snapshot.nodes, serverPriceTable()) } },
  );
  return started;
});
