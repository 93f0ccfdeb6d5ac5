// The clusters file (NODELANES_CLUSTERS_FILE): the clusters one server shows, each reached through
// a kubeconfig context or the pod's own service account, and the EKS API that manages it.
//
//   clusters:
//     - id: prod-eu                      # in URLs: letters, digits, . _ - (at most 63)
//       name: Production (eu-west-1)     # shown in the picker; default: the id
//       context: arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu
//       kubeconfig: /etc/nodelanes/kubeconfig   # default: KUBECONFIG, else ~/.kube/config
//       eks: { region: eu-west-1, clusterName: prod-eu }
//     - id: here
//       inCluster: true
//       eks: { region: us-east-1, clusterName: tools }
//
// Parsed with js-yaml and checked with zod; every problem is reported at once, naming the entry
// (its position and id) and the field, so a bad file stops the server with a message to act on.

import yaml from 'js-yaml';
import { z } from 'zod';

const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const eksSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'not an AWS region (e.g. eu-west-1)'),
  // EKS's own rule for cluster names.
  clusterName: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, 'not an EKS cluster name'),
});

const entrySchema = z
  .strictObject({
    id: z.string().regex(CLUSTER_ID, 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63'),
    name: z.string().min(1).max(100).optional(),
    context: z.string().min(1).optional(),
    kubeconfig: z.string().min(1).optional(),
    inCluster: z.literal(true).optional(),
    eks: eksSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.context === undefined && !entry.inCluster) {
      ctx.addIssue({ code: 'custom', path: ['context'], message: 'give a kubeconfig context, or inCluster: true' });
    }
    if (entry.context !== undefined && entry.inCluster) {
      ctx.addIssue({ code: 'custom', path: ['inCluster'], message: 'a cluster is reached through a context or in-cluster, not both' });
    }
    if (entry.kubeconfig !== undefined && entry.inCluster) {
      ctx.addIssue({ code: 'custom', path: ['kubeconfig'], message: 'an in-cluster entry uses the service account, not a kubeconfig' });
    }
  });

const fileSchema = z.strictObject({
  clusters: z.array(entrySchema).min(1, 'list at least one cluster'),
});

export type ClusterEntry = z.infer<typeof entrySchema>;

export class ClustersFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid clusters file ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ClustersFileError';
  }
}

/** The entries of a clusters file's text; throws ClustersFileError listing every problem. */
export function parseClustersFile(text: string, file: string): ClusterEntry[] {
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    throw new ClustersFileError(file, [`not YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`]);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new ClustersFileError(
      file,
      parsed.error.issues.map((issue) => `${where(data, issue.path)}: ${issue.message}`),
    );
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  parsed.data.clusters.forEach((entry, i) => {
    const first = seen.get(entry.id);
    if (first !== undefined) problems.push(`clusters[${i}] (id "${entry.id}"): id: the same as clusters[${first}]`);
    else seen.set(entry.id, i);
  });
  if (problems.length > 0) throw new ClustersFileError(file, problems);
  return parsed.data.clusters;
}

/** `clusters[2] (id "prod").eks.region`, so the reader finds the entry by what they wrote. */
function where(data: unknown, path: PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  if (path[0] !== 'clusters' || typeof path[1] !== 'number') return path.map(String).join('.');
  const raw = (data as { clusters?: unknown[] }).clusters?.[path[1]];
  const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? ` (id "${(raw as { id: string }).id}")` : '';
  const rest = path.slice(2).map(String);
  return `clusters[${path[1]}]${id}${rest.length ? `.${rest.join('.')}` : ''}`;
}
