// How a delete propagates to what the object owns, as kube-apiserver decides it: `Orphan` and
// `Foreground` keep the object (deletionTimestamp set) behind the `orphan` / `foregroundDeletion`
// finalizer until the garbage collector (sim/garbage-collector.ts) has dealt with its
// dependents; `Background` removes it at once and the collector deletes the dependents after.
import type { KObject, ResourceKey, Store } from '../store';
import type { ResourceDef } from './registry';

export type Propagation = 'Orphan' | 'Background' | 'Foreground';
export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/**
 * The policy a DELETE asked for (`propagationPolicy`, or the deprecated `orphanDependents`), else
 * the kind's default. batch/v1 Jobs and batch/v1beta1 CronJobs orphan by default, kept from
 * before the garbage collector, which is why `kubectl delete` always sends `Background`.
 */
export function propagationOf(def: Pick<ResourceDef, 'group' | 'version' | 'resource'>, options: { propagationPolicy?: string; orphanDependents?: boolean }): Propagation {
  if (options.propagationPolicy === 'Orphan' || options.propagationPolicy === 'Foreground' || options.propagationPolicy === 'Background') return options.propagationPolicy;
  if (options.orphanDependents === true) return 'Orphan';
  if (options.orphanDependents === false) return 'Background';
  const legacy = def.group === 'batch' && ((def.resource === 'jobs' && def.version === 'v1') || (def.resource === 'cronjobs' && def.version === 'v1beta1'));
  return legacy ? 'Orphan' : 'Background';
}

/** The finalizers after a delete with this policy: the other policy's finalizer is replaced. */
export function finalizersFor(current: readonly string[] | undefined, policy: Propagation): string[] {
  const rest = (current ?? []).filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (policy === 'Orphan') return [...rest, ORPHAN_FINALIZER];
  if (policy === 'Foreground') return [...rest, FOREGROUND_FINALIZER];
  return rest;
}

/**
 * Deletes a stored object (not a pod or namespace: those have their own graceful paths) with a
 * propagation policy. Returns the object kept with its deletionTimestamp, or undefined when it
 * is gone.
 */
export function deleteWithPropagation(store: Store, key: ResourceKey, current: KObject, policy: Propagation, opts: { dryRun?: boolean; uid?: string } = {}): { kept?: KObject; last?: KObject } {
  const finalizers = finalizersFor(current.metadata.finalizers, policy);
  if (finalizers.length === 0) return { last: store.remove(key, current.metadata.namespace, current.metadata.name, opts) };
  const metadata = {
    ...current.metadata,
    deletionTimestamp: current.metadata.deletionTimestamp ?? store.timestamp(),
    deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds ?? 0,
    finalizers,
  };
  return { kept: store.update(key, { ...current, metadata }, { dryRun: opts.dryRun }) };
}

/** Whether the object waits for the collector to delete its dependents first. */
export const isDeletingForeground = (o: Readonly<KObject>) => Boolean(o.metadata.deletionTimestamp && o.metadata.finalizers?.includes(FOREGROUND_FINALIZER));
