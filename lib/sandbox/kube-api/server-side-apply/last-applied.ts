// kubectl's move from client-side to server-side apply. For the manager `kubectl` alone, the
// apiserver lets an apply take over, without a conflict, the fields its last client-side apply
// set (`kubectl.kubernetes.io/last-applied-configuration`) that still hold those values; and
// after such an apply it rewrites the annotation to the applied object, so a later client-side
// apply computes its three-way patch from what was really applied last.
import { isPlainObject } from '../../patch';
import { difference, type FieldSet } from './field-set';
import { appliedSet, compare } from './walk';
import type { ApplyContext } from './list-types';

type JsonMap = Record<string, unknown>;

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const CLIENT_SIDE_UPGRADER = 'kubectl';

export function lastAppliedOf(o: JsonMap): string | undefined {
  const annotations = (o.metadata as JsonMap | undefined)?.annotations;
  const text = isPlainObject(annotations) ? annotations[LAST_APPLIED] : undefined;
  return typeof text === 'string' && text ? text : undefined;
}

/** The last-applied object, if it parses and is of the version being applied. */
export function parseLastApplied(o: JsonMap, apiVersion: string): JsonMap | undefined {
  const text = lastAppliedOf(o);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isPlainObject(parsed) && parsed.apiVersion === apiVersion ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The fields kubectl may take over: those of the last-applied configuration (reduced to what
 * managers own) whose value the live object still has.
 */
export function takeoverFields(lastApplied: JsonMap, live: JsonMap, ctx: ApplyContext): FieldSet {
  const { changed, removed } = compare(lastApplied, live, ctx);
  return difference(difference(appliedSet(lastApplied, ctx), changed), removed);
}

/** The annotation's new text: the applied object without the annotation, as Go encodes a map (sorted keys), plus a newline. */
export function lastAppliedText(applied: JsonMap): string {
  const copy = structuredClone(applied);
  const annotations = (copy.metadata as JsonMap | undefined)?.annotations;
  if (isPlainObject(annotations)) delete annotations[LAST_APPLIED];
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

/** After an apply by kubectl, an object that carries the annotation gets it rewritten to `applied`. */
export function refreshLastApplied(merged: JsonMap, applied: JsonMap, manager: string): JsonMap {
  if (manager !== CLIENT_SIDE_UPGRADER || !lastAppliedOf(merged)) return merged;
  const metadata = merged.metadata as JsonMap;
  return { ...merged, metadata: { ...metadata, annotations: { ...(metadata.annotations as JsonMap), [LAST_APPLIED]: lastAppliedText(applied) } } };
}
