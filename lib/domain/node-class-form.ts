// The new-node-class form's fields as the user types them, the intent (a NodeClass and the NodePool
// that uses it) the server is sent for them, and where in that intent each row of the form lands,
// so a refusal the server names by path (`nodePool.budgets.2.schedule`) shows beside its row.
// Rows are sent as they are, blank ones too: the server says what is missing, beside the row,
// rather than the form silently dropping what the user started.
import type { Budget, NodeClassIntent, SelectorTerm } from './node-class';
import { parseLabelLines } from './label-lines';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
export type BudgetReason = 'Empty' | 'Underutilized' | 'Drifted';

export interface TaintRow {
  key: string;
  /** Empty: the pool's name, so `workload=<pool>` dedicates the pool without typing it. */
  value: string;
  effect: TaintEffect;
}

/** A subnet or security group selector term: an id, or `key=value` tags separated by commas. */
export interface SelectorTermRow {
  by: 'tags' | 'id';
  text: string;
}

/** A budget that applies only while its cron schedule's window (`duration` long) is open. */
export interface ScheduledBudgetRow {
  nodes: string;
  schedule: string;
  duration: string;
  reasons: BudgetReason[];
}

export interface NodeClassFormState {
  name: string;
  role: string;
  poolName: string;
  instanceTypes: string[];
  instanceCategories: string[];
  instanceFamilies: string[];
  instanceSizes: string[];
  instanceGenerations: string[];
  capacityTypes: Array<'on-demand' | 'spot'>;
  taints: TaintRow[];
  labels: string;
  /** Empty: the cluster's `default` NodeClass's terms are copied. */
  subnetTerms: SelectorTermRow[];
  securityGroupTerms: SelectorTermRow[];
  /** EC2 tags for the instances, `key=value` one per line. */
  tags: string;
  limitsCpu: string;
  limitsMemory: string;
  consolidationPolicy: 'WhenEmptyOrUnderutilized' | 'WhenEmpty';
  consolidateAfter: string;
  /** The budget that always applies; empty for none. */
  budgetNodes: string;
  scheduledBudgets: ScheduledBudgetRow[];
  storageSize: string;
}

export const INITIAL_NODE_CLASS_FORM: NodeClassFormState = {
  name: '',
  role: '',
  poolName: '',
  instanceTypes: [],
  instanceCategories: [],
  instanceFamilies: [],
  instanceSizes: [],
  instanceGenerations: [],
  capacityTypes: ['on-demand'],
  taints: [{ key: 'workload', value: '', effect: 'NoSchedule' }],
  labels: '',
  subnetTerms: [],
  securityGroupTerms: [],
  tags: '',
  limitsCpu: '',
  limitsMemory: '',
  consolidationPolicy: 'WhenEmptyOrUnderutilized',
  consolidateAfter: '30s',
  budgetNodes: '10%',
  scheduledBudgets: [],
  storageSize: '',
};

export const NEW_TAINT: TaintRow = { key: '', value: '', effect: 'NoSchedule' };
export const NEW_SCHEDULED_BUDGET: ScheduledBudgetRow = { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: [] };
export const NEW_SELECTOR_TERM: SelectorTermRow = { by: 'tags', text: '' };

/** The pool's name when the user gives none: the class's, without its `-node-class` ending. */
export const poolNameFor = (className: string) => className.replace(/-node-class$/, '');

/** `Name=private-*, tier=app` → tags; a pair without `=` is a key with an empty value, for the server to judge. */
export function parseTagPairs(text: string): Record<string, string> {
  return parseLabelLines(text.split(',').join('\n')) ?? {};
}

export function selectorTermOf(row: SelectorTermRow): SelectorTerm {
  return row.by === 'id' ? { id: row.text.trim() } : { tags: parseTagPairs(row.text) };
}

function budgetsOf(f: NodeClassFormState): Budget[] {
  const scheduled = f.scheduledBudgets.map((b) => ({ nodes: b.nodes.trim(), schedule: b.schedule.trim(), duration: b.duration.trim(), ...(b.reasons.length ? { reasons: b.reasons } : {}) }));
  return [...(f.budgetNodes ? [{ nodes: f.budgetNodes }] : []), ...scheduled];
}

/** Where scheduled budget `row` sits in the intent's `nodePool.budgets` (after the always-on one, when there is one). */
export const scheduledBudgetPath = (f: NodeClassFormState, row: number) => `nodePool.budgets.${row + (f.budgetNodes ? 1 : 0)}`;

export function nodeClassIntentOf(f: NodeClassFormState, defaultRole: string): NodeClassIntent {
  const poolName = f.poolName || poolNameFor(f.name) || f.name;
  const labels = parseLabelLines(f.labels);
  const tags = parseLabelLines(f.tags);
  const budgets = budgetsOf(f);
  const list = <K extends string, T>(key: K, values: T[]) => (values.length ? ({ [key]: values } as Record<K, T[]>) : {});
  return {
    name: f.name,
    role: f.role || defaultRole,
    ...list('subnetSelectorTerms', f.subnetTerms.map(selectorTermOf)),
    ...list('securityGroupSelectorTerms', f.securityGroupTerms.map(selectorTermOf)),
    ...(f.storageSize ? { ephemeralStorage: { size: f.storageSize } } : {}),
    ...(tags ? { tags } : {}),
    nodePool: {
      name: poolName,
      ...list('instanceTypes', f.instanceTypes),
      ...list('instanceCategories', f.instanceCategories),
      ...list('instanceFamilies', f.instanceFamilies),
      ...list('instanceSizes', f.instanceSizes),
      ...list('instanceGenerations', f.instanceGenerations),
      capacityTypes: f.capacityTypes,
      ...list(
        'taints',
        f.taints.map((t) => ({ key: t.key.trim(), value: t.value.trim() || poolName, effect: t.effect })),
      ),
      ...(labels ? { labels } : {}),
      ...(f.limitsCpu || f.limitsMemory ? { limits: { ...(f.limitsCpu ? { cpu: f.limitsCpu } : {}), ...(f.limitsMemory ? { memory: f.limitsMemory } : {}) } } : {}),
      consolidationPolicy: f.consolidationPolicy,
      consolidateAfter: f.consolidateAfter,
      ...list('budgets', budgets),
    },
  };
}
