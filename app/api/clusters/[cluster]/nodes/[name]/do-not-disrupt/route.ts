import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { doNotDisruptBody } from '@/lib/server/intents/node-actions';
import { userApis } from '@/lib/server/user-apis';
import { changeNode } from '@/lib/server/k8s/mutations/nodes';

export const dynamic = 'force-dynamic';

/** Marks (or, with `enabled: false`, unmarks) a node karpenter.sh/do-not-disrupt: Auto Mode then leaves it alone. */
export const POST = route({ params: nodeParams, body: doNotDisruptBody, access: 'write', action: 'node.do-not-disrupt' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  const action = body.enabled === false ? 'allow-disruption' : 'do-not-disrupt';
  return changeNode(userApis(params.cluster, identity), { name: params.name, action, dryRun: body.dryRun }, { actor: user.name, requestId, activity: { id: body.activityId } });
});
