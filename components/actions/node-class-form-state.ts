// The new-node-class form's fields as the user types them, and the intent (a NodeClass and the
// NodePool that uses it) the server is sent for them.
import type { ConsolidationPolicy } from './pool-policy-fields';
import { parseLabelLines } from '@/lib/domain/label-lines';

export interface NodeClassFormState {
  name: string;
  role: string;
  poolName: string;
  instanceTypes: string[];
  capacityTypes: Array<'on-demand' | 'spot'>;
  dedicated: boolean;
  taintKey: string;
  taintValue: string;
  labels: string;
  limitsCpu: string;
  limitsMemory: string;
  consolidationPolicy: ConsolidationPolicy;
  consolidateAfter: string;
  budgetNodes: string;
  storageSize: string;
}

export const INITIAL_NODE_CLASS_FORM: NodeClassFormState = {
  name: '',
  role: '',
  poolName: '',
  instanceTypes: [],
  capacityTypes: ['on-demand'],
  dedicated: true,
  taintKey: 'workload',
  taintValue: '',
  labels: '',
  limitsCpu: '',
  limitsMemory: '',
  consolidationPolicy: 'WhenEmptyOrUnderutilized',
  consolidateAfter: '30s',
  budgetNodes: '10%',
  storageSize: '',
};

/** The pool's name when the user gives none: the class's, without its `-node-class` ending. */
export const poolNameFor = (className: string) => className.replace(/-node-class$/, '');

export function nodeClassIntentOf(f: NodeClassFormState, defaultRole: string) {
  const poolName = f.poolName || poolNameFor(f.name) || f.name;
  const labels = parseLabelLines(f.labels);
  return {
    name: f.name,
    role: f.role || defaultRole,
    ...(f.storageSize ? { ephemeralStorage: { size: f.storageSize } } : {}),
    nodePool: {
      name: poolName,
      ...(f.instanceTypes.length ? { instanceTypes: f.instanceTypes } : {}),
      capacityTypes: f.capacityTypes,
      ...(f.dedicated ? { taints: [{ key: f.taintKey, value: f.taintValue || poolName, effect: 'NoSchedule' as const }] } : {}),
      ...(labels ? { labels } : {}),
      ...(f.limitsCpu || f.limitsMemory ? { limits: { ...(f.limitsCpu ? { cpu: f.limitsCpu } : {}), ...(f.limitsMemory ? { memory: f.limitsMemory } : {}) } } : {}),
      consolidationPolicy: f.consolidationPolicy,
      consolidateAfter: f.consolidateAfter,
      ...(f.budgetNodes ? { budgets: [{ nodes: f.budgetNodes }] } : {}),
    },
  };
}
