import { route } from '@/lib/server/route';
import { deploymentParams } from '@/lib/server/intents/params';
import { planIntent } from '@/lib/server/intents/pin';
import { planForDeployments } from '@/lib/server/plan';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

/** What pinning this deployment (and others moving with it) to a pool would do. Changes nothing. */
export const POST = route({ params: deploymentParams, body: planIntent, access: 'read' }, async ({ params, body, identity, user }) => {
  const refs = [{ namespace: params.namespace, name: params.name }, ...(body.alsoMoving ?? [])];
  const unique = refs.filter((r, i) => refs.findIndex((x) => x.namespace === r.namespace && x.name === r.name) === i);
  return planForDeployments(params.cluster, userApis(params.cluster, identity), unique, body.target, user);
});
