// Intents of the node action routes: what a user may ask for, nothing more (the patches are
// built on the server).
import { z } from 'zod';
import { activityId } from './pin';

export const nodeActionBody = z.strictObject({
  dryRun: z.boolean().optional(),
  activityId: activityId.optional(),
});

export const drainBody = nodeActionBody.extend({
  /** `evict`: the Eviction API, as kubectl drain. `restart`: restart the owning deployments first. */
  mode: z.enum(['evict', 'restart']).optional(),
});

export const doNotDisruptBody = nodeActionBody.extend({
  /** true marks the node karpenter.sh/do-not-disrupt, false clears it. */
  enabled: z.boolean().optional(),
});
