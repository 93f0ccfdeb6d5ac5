// Where in the create-node-class intent a field the API server refused comes from. The API server
// names fields of the objects it judged (`spec.disruption.budgets[1].schedule` of the NodePool);
// the form knows fields of the intent (`nodePool.budgets.1.schedule`). A requirement is found by
// its key, since the pool's requirements list only the lists the intent filled.
import { poolRequirements, type NodePoolIntent } from './node-class';

const REQUIREMENT_FIELDS: Record<string, string> = {
  'node.kubernetes.io/instance-type': 'instanceTypes',
  'eks.amazonaws.com/instance-category': 'instanceCategories',
  'eks.amazonaws.com/instance-family': 'instanceFamilies',
  'eks.amazonaws.com/instance-size': 'instanceSizes',
  'eks.amazonaws.com/instance-generation': 'instanceGenerations',
  'kubernetes.io/arch': 'architectures',
  'karpenter.sh/capacity-type': 'capacityTypes',
};

/** `spec.budgets[1].schedule` → ['spec', 'budgets', '1', 'schedule']. */
const segments = (field: string) => field.replace(/\[([^\]]*)\]/g, '.$1').split('.').filter(Boolean);

function nodeClassField(parts: string[]): string | undefined {
  if (parts[0] === 'metadata' && parts[1] === 'name') return 'name';
  if (parts[0] !== 'spec' || parts.length < 2) return undefined;
  // The NodeClass's spec fields carry the intent's own names (role, tags, selector terms, storage).
  return parts.slice(1).join('.');
}

function nodePoolField(parts: string[], pool: NodePoolIntent): string | undefined {
  const [a, b, c, d, e] = parts;
  if (a === 'metadata' && b === 'name') return 'nodePool.name';
  if (a !== 'spec') return undefined;
  if (b === 'template' && c === 'metadata' && d === 'labels') return 'nodePool.labels';
  if (b === 'template' && c === 'spec' && d === 'requirements' && e !== undefined) {
    const key = poolRequirements(pool)[Number(e)]?.key;
    return key && REQUIREMENT_FIELDS[key] ? `nodePool.${REQUIREMENT_FIELDS[key]}` : undefined;
  }
  if (b === 'template' && c === 'spec' && d !== undefined) return ['nodePool', ...parts.slice(3)].join('.');
  if (b === 'disruption' && c !== undefined) return ['nodePool', ...parts.slice(2)].join('.');
  if (b === 'limits' || b === 'weight') return ['nodePool', ...parts.slice(1)].join('.');
  return undefined;
}

/** The intent path of a refused field of the NodeClass or NodePool built from it; undefined when it maps to no field of the form. */
export function intentFieldOfCause(kind: 'NodeClass' | 'NodePool', field: string, pool: NodePoolIntent): string | undefined {
  const parts = segments(field);
  return kind === 'NodeClass' ? nodeClassField(parts) : nodePoolField(parts, pool);
}
