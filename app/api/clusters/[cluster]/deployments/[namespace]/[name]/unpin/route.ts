import { route } from '@/lib/server/route';
import { deploymentParams } from '@/lib/server/intents/params';
import { unpinIntent } from '@/lib/server/intents/pin';
import { changePlacement } from '@/lib/server/k8s/mutations/pin';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

/** Remove the pool keys from the deployment's nodeSelector (tolerations stay: they permit, never require). */
export const POST = route({ params: deploymentParams, body: unpinIntent, access: 'write', action: 'deployment.unpin' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `deployments/${params.namespace}/${params.name}`;
  return changePlacement(
    userApis(params.cluster, identity),
    { namespace: params.namespace, name: params.name, generation: body.generation, dryRun: body.dryRun },
    { action: 'unpin' },
    { actor: user.name, requestId },
  );
});
