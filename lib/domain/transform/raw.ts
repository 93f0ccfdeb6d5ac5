// Small readers shared by the transforms: raw objects arrive as plain JSON from a watch or as
// client-node's typed objects from a list (same field names, but timestamps as Date).
import type { Taint } from '@/lib/domain/model';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are walked defensively */
export type Raw = any;

export function firstLabel(labels: Record<string, string> | undefined, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = labels?.[key];
    if (value) return value;
  }
  return undefined;
}

/** metav1.Time as a string, whether it came as JSON (string) or from client-node's serializer (Date). */
export function timeOf(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().replace(/\.000Z$/, 'Z');
  if (typeof value === 'string' && value) return value;
  return undefined;
}

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export function taintsOf(list: unknown): Taint[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((t: Raw) => t && typeof t.key === 'string' && TAINT_EFFECTS.has(t.effect))
    .map((t: Raw) => (t.value ? { key: t.key, value: String(t.value), effect: t.effect } : { key: t.key, effect: t.effect }));
}

export function conditionOf(raw: Raw, type: string): Raw | undefined {
  const conditions = raw?.status?.conditions;
  return Array.isArray(conditions) ? conditions.find((c: Raw) => c?.type === type) : undefined;
}

export const isTrue = (raw: Raw, type: string) => conditionOf(raw, type)?.status === 'True';

export function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) out[k] = String(v);
  return out;
}

/** The condition that explains why an object is not Ready: Ready itself, else the first that is not True. */
export function notReadyCondition(raw: Raw): Raw | undefined {
  const conditions: Raw[] = Array.isArray(raw?.status?.conditions) ? raw.status.conditions : [];
  const ready = conditions.find((c) => c?.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  if (ready?.reason) return ready;
  return conditions.find((c) => c?.type !== 'Ready' && c?.status !== 'True') ?? ready;
}
