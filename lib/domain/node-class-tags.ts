// Tag keys a NodeClass may not put on its instances. EKS documents these as restricted on an Auto
// Mode NodeClass (kubernetes.io/cluster/*, karpenter.sh/provisioner-name, karpenter.sh/nodepool,
// karpenter.sh/nodeclaim, karpenter.sh/managed-by, eks.amazonaws.com/nodeclass): Auto Mode writes
// them itself to find and own its instances. Two prefixes are kept by AWS too: `aws:` for every
// AWS tag, and `eks:`, under which Auto Mode tags each instance with its cluster, node class and
// node pool (eks:eks-cluster-name, eks:kubernetes-node-class-name, eks:kubernetes-node-pool-name)
// and which its IAM policies match on.

const RESERVED_KEYS = new Set(['karpenter.sh/provisioner-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.sh/managed-by', 'eks.amazonaws.com/nodeclass']);
const RESERVED_PREFIXES = ['kubernetes.io/cluster/', 'aws:', 'eks:'];

/** Why `key` cannot be a NodeClass tag, or undefined when it can. Prefixes are matched without regard to case, as AWS reserves `aws:` in any case. */
export function reservedTagKeyError(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (RESERVED_KEYS.has(lower)) return `tag "${key}" is restricted: EKS Auto Mode sets it itself`;
  const prefix = RESERVED_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix) return `tag "${key}" is restricted: keys starting with "${prefix}" belong to ${prefix === 'aws:' ? 'AWS' : 'EKS Auto Mode'}`;
  return undefined;
}
