// The create-node-class intent (a NodeClass and the NodePool that uses it), checked field by
// field with the API server's and Karpenter's own rules, so the form can show each error beside
// its field and nothing reaches the cluster unchecked.

import { z } from 'zod';
import { CronError, parseCron } from '@/lib/domain/cron';
import { labelValueErrors, qualifiedNameErrors } from '@/lib/domain/label-selector';
import { reservedTagKeyError } from '@/lib/domain/node-class-tags';

const fromErrors = (errors: (value: string) => string[]) => (value: string, ctx: z.RefinementCtx) => {
  for (const message of errors(value)) ctx.addIssue({ code: 'custom', message });
};

function cronErrors(schedule: string): string[] {
  try {
    parseCron(schedule);
    return [];
  } catch (err) {
    if (err instanceof CronError) return [`is not a schedule Karpenter can read: ${err.message}`];
    throw err;
  }
}

/** RFC 1123 subdomain-ish names as Kubernetes takes them for cluster-scoped objects, kept to 63 so node labels can carry them. */
export const resourceName = z
  .string()
  .min(1, 'is required')
  .max(63, 'must be no more than 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase RFC 1123 name: a-z, 0-9 and '-', starting and ending with a letter or digit (e.g. ai-ml-node-class)");

/** IAM role names: 1–64 of letters, digits and +=,.@_- (an ARN is not a name). */
const iamRoleName = z
  .string()
  .min(1, 'is required')
  .max(64)
  .regex(/^[\w+=,.@-]+$/, 'must be an IAM role name (letters, digits and +=,.@_-), not an ARN');

export const labelKey = z.string().min(1).max(317).superRefine(fromErrors(qualifiedNameErrors));
export const labelValue = z.string().max(63).superRefine(fromErrors(labelValueErrors));
/** EC2's tag limits: keys of 1–128 characters, values up to 256, at most 50 tags on a resource. */
const tagMap = z.record(z.string().min(1, 'a tag key is required').max(128), z.string().max(256)).refine((m) => Object.keys(m).length <= 50, 'at most 50 tags');

/** Tags the NodeClass puts on its instances: the keys EKS Auto Mode and AWS keep for themselves are refused, as EKS refuses them. */
const nodeClassTags = tagMap.superRefine((tags, ctx) => {
  for (const key of Object.keys(tags)) {
    const error = reservedTagKeyError(key);
    if (error) ctx.addIssue({ code: 'custom', message: error, path: [key] });
  }
});

/** One selector term: an id, or tags the subnet / security group must all carry (a value of `*` matches any) — exactly one of the two. */
const selectorTerm = (idPattern: RegExp, idExample: string) =>
  z
    .strictObject({
      id: z.string().regex(idPattern, `must be an id such as ${idExample}`).optional(),
      tags: tagMap.refine((m) => Object.keys(m).length > 0, 'at least one tag').optional(),
    })
    .refine((t) => (t.id === undefined) !== (t.tags === undefined), 'give either an id or tags, not both and not neither');
const subnetTerm = selectorTerm(/^subnet-[0-9a-f]+$/, 'subnet-0123456789abcdef0');
const securityGroupTerm = selectorTerm(/^sg-[0-9a-f]+$/, 'sg-0123456789abcdef0');

export const quantity = z.string().max(32).regex(/^([0-9]+(\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/, 'must be a Kubernetes quantity such as 64, 500m or 256Gi');

/** Karpenter's pattern for consolidateAfter / expireAfter: a Go duration in s, m, h, or Never. */
export const karpenterDuration = z.string().max(32).regex(/^(([0-9]+(s|m|h))+|Never)$/, 'must be a duration such as 30s, 5m, 1h30m, or Never');

export const budget = z
  .strictObject({
    nodes: z.string().regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, 'must be a node count (e.g. 2) or a percentage (e.g. 10%)'),
    // Karpenter reads the schedule with robfig/cron's standard parser; the CRD's pattern only counts words.
    schedule: z
      .string()
      .max(64)
      .regex(/^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/, 'must be a cron schedule such as "0 9 * * mon-fri"')
      .superRefine(fromErrors(cronErrors))
      .optional(),
    // The NodePool CRD's own pattern: hours and/or minutes, with the trailing 0s Go's durations print.
    duration: z.string().max(16).regex(/^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/, 'must be a duration in hours and minutes such as 8h or 1h30m').optional(),
    reasons: z
      .array(z.enum(['Empty', 'Underutilized', 'Drifted']))
      .max(3)
      .refine((r) => new Set(r).size === r.length, 'each reason at most once')
      .optional(),
  })
  .refine((b) => (b.schedule === undefined) === (b.duration === undefined), { message: 'a schedule and a duration go together', path: ['duration'] });

/** Label keys Karpenter keeps for itself: the NodePool CRD refuses them on a pool's nodes. */
const nodePoolLabelKey = labelKey.superRefine((key, ctx) => {
  const domain = key.includes('/') ? key.slice(0, key.indexOf('/')) : key;
  if (key === 'karpenter.sh/nodepool') ctx.addIssue({ code: 'custom', message: 'label "karpenter.sh/nodepool" is restricted' });
  else if (key === 'kubernetes.io/hostname') ctx.addIssue({ code: 'custom', message: 'label "kubernetes.io/hostname" is restricted' });
  else if (key !== 'karpenter.sh/capacity-type' && domain.endsWith('karpenter.sh')) ctx.addIssue({ code: 'custom', message: 'label domain "karpenter.sh" is restricted' });
});

const taint = z.strictObject({ key: labelKey, value: labelValue.optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) });

/** A node refuses two taints with the same key and effect, so the pool's nodes would never register. */
const taints = z
  .array(taint)
  .max(10)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      const id = `${t.key}:${t.effect}`;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `a second ${t.key}:${t.effect} taint; taints must be unique by key and effect`, path: [i, 'key'] });
      seen.add(id);
    });
  });

const listOf = <T extends z.ZodType>(item: T, max = 50) => z.array(item).min(1).max(max).optional();

export const nodePoolIntent = z.strictObject({
  name: resourceName,
  instanceTypes: listOf(z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be an EC2 instance type such as m6a.xlarge')),
  instanceCategories: listOf(z.string().regex(/^[a-z]+$/, 'must be a category such as c, m or r')),
  instanceFamilies: listOf(z.string().regex(/^[a-z0-9-]+$/, 'must be a family such as m6a')),
  instanceSizes: listOf(z.string().regex(/^[a-z0-9-]+$/, 'must be a size such as large or xlarge')),
  instanceGenerations: listOf(z.string().regex(/^[1-9][0-9]?$/, 'must be a generation number such as 6')),
  capacityTypes: listOf(z.enum(['on-demand', 'spot']), 2),
  architectures: listOf(z.enum(['amd64', 'arm64']), 2),
  labels: z.record(nodePoolLabelKey, labelValue).refine((m) => Object.keys(m).length <= 20, 'at most 20 labels').optional(),
  taints: taints.optional(),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  weight: z.number().int().min(1).max(100).optional(),
  consolidationPolicy: z.enum(['WhenEmpty', 'WhenEmptyOrUnderutilized']).optional(),
  consolidateAfter: karpenterDuration.optional(),
  budgets: z.array(budget).max(10).optional(),
  expireAfter: karpenterDuration.optional(),
});

export const nodeClassIntent = z.strictObject({
  name: resourceName,
  role: iamRoleName,
  subnetSelectorTerms: z.array(subnetTerm).min(1).max(30).optional(),
  securityGroupSelectorTerms: z.array(securityGroupTerm).min(1).max(30).optional(),
  ephemeralStorage: z
    .strictObject({
      size: quantity.optional(),
      iops: z.number().int().min(3000).max(16000).optional(),
      throughput: z.number().int().min(125).max(1000).optional(),
    })
    .optional(),
  tags: nodeClassTags.optional(),
  nodePool: nodePoolIntent,
  dryRun: z.boolean().optional(),
});

/**
 * Editing an existing NodePool: present fields are set, absent ones left alone; `[]` or `null`
 * removes (Karpenter's default applies). `resourceVersion` (and `generation` when known) are what
 * the user planned against: a change by someone else since then is a 409, never overwritten.
 */
export const nodePoolEditIntent = z.strictObject({
  instanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be an EC2 instance type such as m6a.xlarge')).max(50).optional(),
  limits: z.strictObject({ cpu: quantity.nullable().optional(), memory: quantity.nullable().optional() }).optional(),
  consolidationPolicy: z.enum(['WhenEmpty', 'WhenEmptyOrUnderutilized']).optional(),
  consolidateAfter: karpenterDuration.optional(),
  budgets: z.array(budget).max(10).optional(),
});

export const nodePoolApplyIntent = nodePoolEditIntent.extend({
  resourceVersion: z.string().min(1, 'is required: plan first').max(64).regex(/^[0-9A-Za-z._-]+$/, 'not a resourceVersion'),
  generation: z.number().int().min(1).optional(),
  dryRun: z.boolean().optional(),
});
