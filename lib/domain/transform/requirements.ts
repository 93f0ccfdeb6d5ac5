// Node selector terms and requirements as the API writes them (pod node affinity, NodePool and
// NodeClaim requirements), read into the domain's Requirement.
import type { Operator, Requirement } from '@/lib/domain/requirements';
import type { Raw } from './raw';

const OPERATORS = new Set<Operator>(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

export function requirementsOf(list: unknown): Requirement[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((r: Raw) => r && typeof r.key === 'string' && OPERATORS.has(r.operator))
    .map((r: Raw) => {
      const req: Requirement = { key: r.key, operator: r.operator };
      if (Array.isArray(r.values)) req.values = r.values.map(String);
      if (typeof r.minValues === 'number') req.minValues = r.minValues;
      return req;
    });
}

export function requiredAffinity(affinity: Raw): Requirement[][] | undefined {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  return terms.map((t: Raw) => requirementsOf(t?.matchExpressions));
}
