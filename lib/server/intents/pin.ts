// The pin / plan intents: which pool (a node label key and value) and how. Keys and values are
// checked with the API server's own rules, so a bad one is a 400 with its words, before any call.

import { z } from 'zod';
import { labelValueErrors, qualifiedNameErrors } from '@/lib/domain/label-selector';
import { WRONG_NODECLASS_KEY } from '@/lib/domain/pin';
import { namespaceName, objectName } from './params';

const fromErrors = (errors: (value: string) => string[]) => (value: string, ctx: z.RefinementCtx) => {
  for (const message of errors(value)) ctx.addIssue({ code: 'custom', message });
};

export const labelKey = z
  .string()
  .min(1)
  .max(317)
  .superRefine(fromErrors(qualifiedNameErrors))
  .refine((key) => key !== WRONG_NODECLASS_KEY, {
    message: `nodes are never labelled "${WRONG_NODECLASS_KEY}": EKS Auto Mode uses "eks.amazonaws.com/nodeclass"`,
  });

export const labelValue = z.string().min(1, 'must name a pool').max(63).superRefine(fromErrors(labelValueErrors));

export const pinTarget = z.strictObject({ key: labelKey, value: labelValue });

const generation = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const planIntent = z.strictObject({
  target: pinTarget,
  /** Other deployments moving in the same step (planned together, they share new nodes). */
  alsoMoving: z.array(z.strictObject({ namespace: namespaceName, name: objectName })).max(20).optional(),
});

/** A client-chosen id that groups the actions of one batch into one activity (one live view). */
export const activityId = z.uuid('must be a UUID');

export const pinIntent = z.strictObject({
  target: pinTarget,
  activityId: activityId.optional(),
  /** Every deployment of the batch (`namespace/name`), recorded for the live view. */
  batch: z.array(z.string().max(317).regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'must be namespace/name')).max(20).optional(),
  restart: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  generation: generation.optional(),
});

export const unpinIntent = z.strictObject({
  dryRun: z.boolean().optional(),
  generation: generation.optional(),
});
