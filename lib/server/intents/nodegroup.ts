// The create-node-group intent, checked the way the EKS API would check it (names, sizes, label
// and taint shapes), so the form shows each error beside its field: EKS has no dry run, and a
// refusal after the call would arrive as one sentence for the whole request.

import { z } from 'zod';
import { labelKey, labelValue } from './node-class';

/** EKS node group names: a letter or digit, then letters, digits, '-' and '_', at most 63. */
const nodegroupName = z
  .string()
  .min(1, 'is required')
  .max(63, 'must be no more than 63 characters')
  .regex(/^[0-9A-Za-z][A-Za-z0-9_-]*$/, "must start with a letter or digit and hold only letters, digits, '-' and '_' (e.g. batch-pool)");

/** A role ARN, or a bare role name taken to be in the cluster's account. */
const nodeRole = z
  .string()
  .min(1, 'is required')
  .max(2048)
  .regex(/^(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+|[\w+=,.@-]{1,64})$/, 'must be an IAM role name or a role ARN (arn:aws:iam::<account>:role/<name>)');

const size = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1000, 'must be at most 1000');

export const nodegroupIntent = z.strictObject({
  name: nodegroupName,
  nodeRole,
  subnets: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id such as subnet-0a1b2c3d')).max(16).optional(),
  instanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be an EC2 instance type such as m6a.xlarge')).min(1, 'pick at least one instance type').max(20),
  scaling: z.strictObject({ minSize: size, maxSize: size.min(1, 'must be at least 1'), desiredSize: size }),
  labels: z.record(labelKey, labelValue).refine((m) => Object.keys(m).length <= 50, 'at most 50 labels').optional(),
  taints: z
    .array(z.strictObject({ key: labelKey.pipe(z.string().max(63, 'must be no more than 63 characters')), value: labelValue.optional(), effect: z.enum(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE']) }))
    .max(50)
    .optional(),
  capacityType: z.enum(['ON_DEMAND', 'SPOT']).optional(),
  dryRun: z.boolean().optional(),
});
