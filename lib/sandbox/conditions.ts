// Status conditions, the way every controller in the sandbox reads and writes them.
import type { KObject } from './store';

interface Condition {
  type: string;
  status?: string;
}

/** Whether `status.conditions` has `type` with status "True" (Ready, PodScheduled, Initialized…). */
export function hasTrueCondition(obj: Readonly<KObject>, type: string): boolean {
  return ((obj.status?.conditions ?? []) as Condition[]).some((c) => c.type === type && c.status === 'True');
}

/** The condition of `type` in `status.conditions`, whatever its status. */
export function conditionOf(obj: Readonly<KObject>, type: string): Condition | undefined {
  return ((obj.status?.conditions ?? []) as Condition[]).find((c) => c.type === type);
}

/** The list with `c` in place of any condition of the same type. */
export function upsertCondition<T extends { type: string }>(list: T[] | undefined, c: T): T[] {
  return [...(list ?? []).filter((x) => x.type !== c.type), c];
}
