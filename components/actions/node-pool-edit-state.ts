// The NodePool edit form's fields, started from the pool as the API server has it, and the edit
// (only what changed) the server is sent for them.
import type { ConsolidationPolicy } from './pool-policy-fields';
import type { EditableNodePool } from '@/lib/domain/node-pool-edit';

export interface BudgetRow {
  nodes: string;
  schedule: string;
  duration: string;
}

export interface NodePoolFormState {
  restrictTypes: boolean;
  instanceTypes: string[];
  limitsCpu: string;
  limitsMemory: string;
  consolidationPolicy: ConsolidationPolicy;
  consolidateAfter: string;
  budgets: BudgetRow[];
}

export function formOf(current: EditableNodePool): NodePoolFormState {
  return {
    restrictTypes: current.instanceTypes !== undefined,
    instanceTypes: current.instanceTypes ?? [],
    limitsCpu: current.limits.cpu ?? '',
    limitsMemory: current.limits.memory ?? '',
    consolidationPolicy: current.consolidationPolicy,
    consolidateAfter: current.consolidateAfter,
    budgets: current.budgets.map((b) => ({ nodes: b.nodes, schedule: b.schedule ?? '', duration: b.duration ?? '' })),
  };
}

/** Only what the form changed: the server leaves every absent field as it is. */
export function editOf(f: NodePoolFormState, current: EditableNodePool) {
  const edit: Record<string, unknown> = {};
  const types = f.restrictTypes ? f.instanceTypes : [];
  if (JSON.stringify(types) !== JSON.stringify(current.instanceTypes ?? [])) edit.instanceTypes = types;
  const limits: Record<string, string | null> = {};
  if (f.limitsCpu.trim() !== (current.limits.cpu ?? '')) limits.cpu = f.limitsCpu.trim() || null;
  if (f.limitsMemory.trim() !== (current.limits.memory ?? '')) limits.memory = f.limitsMemory.trim() || null;
  if (Object.keys(limits).length) edit.limits = limits;
  if (f.consolidationPolicy !== current.consolidationPolicy) edit.consolidationPolicy = f.consolidationPolicy;
  if (f.consolidateAfter !== current.consolidateAfter) edit.consolidateAfter = f.consolidateAfter;
  const budgets = f.budgets.map((b) => ({ nodes: b.nodes.trim(), ...(b.schedule.trim() ? { schedule: b.schedule.trim() } : {}), ...(b.duration.trim() ? { duration: b.duration.trim() } : {}) }));
  if (JSON.stringify(budgets) !== JSON.stringify(current.budgets.map((b) => ({ nodes: b.nodes, ...(b.schedule ? { schedule: b.schedule } : {}), ...(b.duration ? { duration: b.duration } : {}) })))) {
    // Reasons are kept from the pool for rows that still exist; the form does not edit them.
    edit.budgets = budgets.map((b, i) => (current.budgets[i]?.reasons ? { ...b, reasons: current.budgets[i].reasons } : b));
  }
  return edit;
}
