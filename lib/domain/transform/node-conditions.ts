import type { NodeCondition } from '@/lib/domain/model';
import { timeOf, type Raw } from './raw';

/** A condition's message is a sentence; a node problem detector's can be a log excerpt. */
const MAX_CONDITION_MESSAGE = 512;

const STATUSES = new Set(['True', 'False', 'Unknown']);

/**
 * The node's status.conditions, every type it reports, in its order: what `kubectl describe node`
 * lists under Conditions. A condition without a type is dropped; an unknown status reads Unknown.
 */
export function nodeConditionsOf(raw: Raw): NodeCondition[] | undefined {
  const list = raw?.status?.conditions;
  if (!Array.isArray(list)) return undefined;
  const conditions: NodeCondition[] = [];
  for (const c of list) {
    if (!c || typeof c.type !== 'string' || !c.type) continue;
    const condition: NodeCondition = { type: c.type, status: STATUSES.has(c.status) ? c.status : 'Unknown' };
    if (c.reason) condition.reason = String(c.reason);
    if (c.message) {
      const message = String(c.message);
      condition.message = message.length > MAX_CONDITION_MESSAGE ? `${message.slice(0, MAX_CONDITION_MESSAGE - 1)}…` : message;
    }
    const since = timeOf(c.lastTransitionTime);
    if (since) condition.lastTransitionTime = since;
    conditions.push(condition);
  }
  return conditions.length ? conditions : undefined;
}
