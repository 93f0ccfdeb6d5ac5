// Node selector terms and requirements as the API writes them (pod node affinity, NodePool and
// NodeClaim requirements), read into the domain's Requirement. This is the one reader of a pod's
// required node affinity: the dashboard's transform, the sandbox's scheduler and the what-if plan
// all call requiredAffinity.
import { NODE_NAME_FIELD, type Operator, type Requirement } from '@/lib/domain/requirements';
import type { Raw } from './raw';

const OPERATORS = new Set<Operator>(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

function requirementOf(r: Raw): Requirement | undefined {
  if (!r || typeof r.key !== 'string' || !OPERATORS.has(r.operator)) return undefined;
  const req: Requirement = { key: r.key, operator: r.operator };
  if (Array.isArray(r.values)) req.values = r.values.map(String);
  if (typeof r.minValues === 'number') req.minValues = r.minValues;
  return req;
}

export function requirementsOf(list: unknown): Requirement[] {
  if (!Array.isArray(list)) return [];
  return list.map(requirementOf).filter((r): r is Requirement => r !== undefined);
}

/** A matchFields entry: Kubernetes supports only metadata.name, with In or NotIn and one value. */
function fieldRequirementOf(r: Raw): Requirement | undefined {
  if (r?.key !== NODE_NAME_FIELD || (r.operator !== 'In' && r.operator !== 'NotIn')) return undefined;
  if (!Array.isArray(r.values) || r.values.length !== 1) return undefined;
  return { key: NODE_NAME_FIELD, operator: r.operator, values: [String(r.values[0])], field: true };
}

/**
 * One nodeSelectorTerm: its matchExpressions and matchFields, all ANDed. A term with an entry the
 * API server would refuse comes back empty, and an empty term selects no node: the scheduler
 * skips a term it cannot parse rather than reading it as "anything goes".
 */
function nodeSelectorTermOf(t: Raw): Requirement[] {
  const expressions: Raw[] = Array.isArray(t?.matchExpressions) ? t.matchExpressions : [];
  const fields: Raw[] = Array.isArray(t?.matchFields) ? t.matchFields : [];
  const term = [...expressions.map(requirementOf), ...fields.map(fieldRequirementOf)];
  return term.every((r): r is Requirement => r !== undefined) ? term : [];
}

/** The pod's required node affinity as ORed terms, or undefined when it has none. */
export function requiredAffinity(affinity: Raw): Requirement[][] | undefined {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  return terms.map(nodeSelectorTermOf);
}
