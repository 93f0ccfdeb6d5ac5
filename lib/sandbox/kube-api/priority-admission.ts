// The Priority admission plugin on the sandbox's store: pods get spec.priority and
// spec.preemptionPolicy from their PriorityClass on create (an unknown class, or a priority of
// their own, is refused with 403 as kube-apiserver refuses it); a second globalDefault class is
// refused; the system classes exist from the start and may not be deleted.
import { ApiError } from '../errors';
import type { KObject, Store } from '../store';
import { defaultObject } from './defaults';
import { admitPodPriority, isSystemPriorityClass, secondDefaultRefusal, SYSTEM_PRIORITY_CLASSES, type PriorityClassLike } from '@/lib/domain/priority';

export const PRIORITY_CLASSES = 'scheduling.k8s.io/priorityclasses';

const forbidden = (resource: string, name: string, why: string, group = '') =>
  new ApiError(403, 'Forbidden', `${group ? `${resource}.${group}` : resource} "${name}" is forbidden: ${why}`, { name, ...(group ? { group } : {}), kind: resource });

export function classOf(o: KObject): PriorityClassLike {
  return { name: o.metadata.name, value: Number(o.value ?? 0), globalDefault: o.globalDefault === true, preemptionPolicy: o.preemptionPolicy, description: o.description };
}

export const priorityClassesIn = (store: Store): PriorityClassLike[] => [...store.peek(PRIORITY_CLASSES)].map((o) => classOf(o as KObject));

/** Resolves the pod's priority in place, or throws the plugin's 403. */
export function admitPod(store: Store, pod: KObject): void {
  const spec = (pod.spec ??= {});
  const verdict = admitPodPriority(spec, priorityClassesIn(store));
  if (!verdict.ok) throw forbidden('pods', pod.metadata.name ?? '', verdict.forbidden);
  if (verdict.priorityClassName) spec.priorityClassName = verdict.priorityClassName;
  spec.priority = verdict.priority;
  if (verdict.preemptionPolicy) spec.preemptionPolicy = verdict.preemptionPolicy;
}

/**
 * For a controller creating a pod from a template: resolves the priority into the pod, or returns
 * the refusal's message. The pod is judged by its template's fields (the pod's own priority
 * fields were already defaulted). The apiserver names a refused pod by its name when the
 * controller sent one (StatefulSet: `web-0`), else by its generateName (ReplicaSet, DaemonSet,
 * Job send only that); the sandbox's controllers name every pod, so `named` says which was sent.
 */
export function podAdmissionRefusal(store: Store, pod: KObject, template: KObject['spec'], named: 'generateName' | 'name' = 'generateName'): string | undefined {
  const shown = named === 'name' ? pod.metadata.name : (pod.metadata.generateName ?? pod.metadata.name);
  const judged = { ...pod, metadata: { ...pod.metadata, name: shown }, spec: { priorityClassName: template?.priorityClassName, priority: template?.priority, preemptionPolicy: template?.preemptionPolicy } };
  try {
    admitPod(store, judged);
  } catch (err) {
    if (err instanceof ApiError) return err.message;
    throw err;
  }
  pod.spec = { ...pod.spec, ...judged.spec };
  if (!judged.spec.priorityClassName) delete pod.spec.priorityClassName;
  if (!judged.spec.preemptionPolicy) pod.spec.preemptionPolicy = pod.spec.preemptionPolicy ?? 'PreemptLowerPriority';
  return undefined;
}

/** After validation, as the plugin's Validate runs: only one class may be the global default. */
export function admitPriorityClass(store: Store, pc: KObject): void {
  const why = secondDefaultRefusal(classOf(pc), priorityClassesIn(store));
  if (why) throw forbidden('priorityclasses', pc.metadata.name, why, 'scheduling.k8s.io');
}

export function refuseSystemClassDelete(name: string): void {
  if (isSystemPriorityClass(name)) throw forbidden('priorityclasses', name, 'this is a system priority class and cannot be deleted', 'scheduling.k8s.io');
}

/** The classes kube-apiserver creates at start-up on every cluster. */
export function seedPriorityClasses(store: Store): void {
  for (const c of SYSTEM_PRIORITY_CLASSES) {
    if (store.get(PRIORITY_CLASSES, undefined, c.name)) continue;
    store.create(
      PRIORITY_CLASSES,
      defaultObject(PRIORITY_CLASSES, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: c.name }, value: c.value, description: c.description }),
      { generation: true },
    );
  }
}
