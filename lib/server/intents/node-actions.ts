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
  /** kubectl drain --force: pods no controller recreates are deleted (otherwise the drain is refused). */
  force: z.boolean().optional(),
  /** kubectl drain --delete-emptydir-data: pods with emptyDir volumes may go, their data with them. */
  deleteEmptyDirData: z.boolean().optional(),
  /** kubectl drain --grace-period: seconds each evicted pod gets to stop (absent: its own). */
  gracePeriodSeconds: z.number().int().min(0).max(3600).optional(),
  /** kubectl drain --timeout: seconds before the drain gives up (absent: ten minutes). */
  timeoutSeconds: z.number().int().min(1).max(3600).optional(),
  /**
   * Drain by restart: give a Recreate or maxSurge-0 deployment RollingUpdate maxSurge 1 /
   * maxUnavailable 0 for the drain (set back after its rollout); without it such a drain is refused.
   */
  surge: z.boolean().optional(),
});

export const doNotDisruptBody = nodeActionBody.extend({
  /** true marks the node karpenter.sh/do-not-disrupt, false clears it. */
  enabled: z.boolean().optional(),
});

export const cancelDrainBody = z.strictObject({
  dryRun: z.boolean().optional(),
  /** Make the node schedulable again (kubectl uncordon); otherwise it stays cordoned. */
  uncordon: z.boolean().optional(),
});

export const resumeDrainBody = z.strictObject({
  dryRun: z.boolean().optional(),
});
