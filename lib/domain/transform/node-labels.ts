// Node labels kept in the model (everything else is dropped to keep it small):
//   - the pool keys (karpenter.sh/nodepool, eks.amazonaws.com/nodegroup, …, agentpool)
//   - placement and pricing: instance type, zone, region, arch, os, capacity type, node class,
//     compute type, Auto Mode instance-category/family/generation/size/cpu/memory, AKS mode,
//     and kubernetes.io/hostname (pods pin to it; what-if placement must see it)
//   - any label outside the platform's own domains (kubernetes.io, k8s.io, the cloud providers'):
//     those are the team's own keys (`workload=cpu`, `team=ml`) that lanes may be grouped by.

export const NODE_LABEL_KEYS = {
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
  capacityType: ['karpenter.sh/capacity-type', 'eks.amazonaws.com/capacityType', 'kubernetes.azure.com/scalesetpriority', 'cloud.google.com/gke-spot'],
  nodeClass: ['eks.amazonaws.com/nodeclass', 'karpenter.k8s.aws/ec2nodeclass'],
} as const;

const KEPT_EXACT = new Set([
  'karpenter.sh/nodepool',
  'karpenter.sh/capacity-type',
  'eks.amazonaws.com/nodegroup',
  'eks.amazonaws.com/nodeclass',
  'eks.amazonaws.com/capacityType',
  'eks.amazonaws.com/compute-type',
  'eks.amazonaws.com/instance-category',
  'eks.amazonaws.com/instance-family',
  'eks.amazonaws.com/instance-generation',
  'eks.amazonaws.com/instance-cpu',
  'eks.amazonaws.com/instance-memory',
  'karpenter.k8s.aws/ec2nodeclass',
  'alpha.eksctl.io/nodegroup-name',
  'cloud.google.com/gke-nodepool',
  'cloud.google.com/gke-spot',
  'kubernetes.azure.com/agentpool',
  'kubernetes.azure.com/mode',
  'kubernetes.azure.com/scalesetpriority',
  'agentpool',
  'node.kubernetes.io/instance-type',
  'eks.amazonaws.com/instance-size',
  // What pods pin themselves with most often, so what-if placement sees it.
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'kubernetes.io/arch',
  'kubernetes.io/os',
]);

const PLATFORM_DOMAINS = ['kubernetes.io', 'k8s.io', 'karpenter.sh', 'karpenter.k8s.aws', 'amazonaws.com', 'eksctl.io', 'google.com', 'azure.com', 'gke.io'];

/** True for a label worth carrying to the browser (see the header comment). */
export function keepNodeLabel(key: string): boolean {
  if (KEPT_EXACT.has(key)) return true;
  const slash = key.indexOf('/');
  if (slash < 0) return true;
  const domain = key.slice(0, slash);
  return !PLATFORM_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Labels beyond this many are user keys in bulk (e.g. one per feature flag); keep the first ones. */
const MAX_KEPT_LABELS = 48;

export function keptLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!labels) return out;
  let n = 0;
  for (const key of Object.keys(labels).sort()) {
    if (!keepNodeLabel(key)) continue;
    if (n++ >= MAX_KEPT_LABELS) break;
    out[key] = String(labels[key]);
  }
  return out;
}
