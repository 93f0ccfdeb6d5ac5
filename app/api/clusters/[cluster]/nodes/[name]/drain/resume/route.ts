import { route } from '@/lib/server/route';
import { nodeParams } from '@/lib/server/intents/params';
import { resumeDrainBody } from '@/lib/server/intents/node-actions';
import { userApis } from '@/lib/server/user-apis';
import { resumePausedDrain } from '@/lib/server/k8s/mutations/drain-resume';
import { drainSigner } from '@/lib/server/drain-resumer';

export const dynamic = 'force-dynamic';

/**
 * Resumes a paused drain (its runner died and the server could not act as its user) as the
 * signed-in user, with their own credential: this replica continues it with the options and the
 * deadline it started with. 409 `no_drain_paused` when the node's drain is not paused.
 */
export const POST = route({ params: nodeParams, body: resumeDrainBody, access: 'write', action: 'node.drain-resume' }, async ({ params, body, user, identity, requestId, audit }) => {
  audit.target = `nodes/${params.name}`;
  const sign = drainSigner(identity && { user: identity.user, groups: identity.groups });
  const { done: _done, ...resumed } = await resumePausedDrain(userApis(params.cluster, identity), { name: params.name, dryRun: body.dryRun, sign }, { actor: user.name, requestId });
  return resumed;
});
