// Pod priority as the kube-apiserver's Priority admission plugin and scheduling.k8s.io
// validation decide it: a pod's priorityClassName resolves to spec.priority and
// spec.preemptionPolicy on create; a pod without one takes the globalDefault class (or 0); a
// pod may not set a priority of its own that differs from its class's.

export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';

export interface PriorityClassLike {
  name: string;
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: PreemptionPolicy;
  description?: string;
}

/** Class values above this are reserved for the `system-` classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';

/** The classes every cluster has from its first start (and that may not be deleted). */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClassLike[] = [
  { name: 'system-node-critical', value: 2_000_001_000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2_000_000_000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

export const isSystemPriorityClass = (name: string) => SYSTEM_PRIORITY_CLASSES.some((c) => c.name === name);

export interface PodPrioritySpec {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

export type PriorityAdmission =
  | { ok: true; priorityClassName?: string; priority: number; preemptionPolicy?: PreemptionPolicy }
  /** The text after `pods "x" is forbidden: `. */
  | { ok: false; forbidden: string };

/**
 * The global default class: with several marked (possible only by racing creates), the one of
 * smallest value, as the admission plugin picks.
 */
export function globalDefaultClass(classes: readonly PriorityClassLike[]): PriorityClassLike | undefined {
  return classes.filter((c) => c.globalDefault).sort((a, b) => a.value - b.value)[0];
}

/** What a pod is admitted with on create. */
export function admitPodPriority(spec: PodPrioritySpec, classes: readonly PriorityClassLike[]): PriorityAdmission {
  let className: string | undefined;
  let priority = 0;
  let policy: PreemptionPolicy | undefined;
  if (!spec.priorityClassName) {
    const fallback = globalDefaultClass(classes);
    if (fallback) ({ name: className, value: priority, preemptionPolicy: policy } = fallback);
  } else {
    const found = classes.find((c) => c.name === spec.priorityClassName);
    if (!found) return { ok: false, forbidden: `no PriorityClass with name ${spec.priorityClassName} was found` };
    ({ name: className, value: priority, preemptionPolicy: policy } = found);
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    return {
      ok: false,
      forbidden: `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    };
  }
  if (policy && spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
    return {
      ok: false,
      forbidden: `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    };
  }
  return { ok: true, priorityClassName: className, priority, preemptionPolicy: policy ?? (spec.preemptionPolicy as PreemptionPolicy | undefined) };
}

export interface ClassProblem {
  field: 'metadata.name' | 'value';
  /** The Forbidden detail, as validation words it. */
  detail: string;
}

/** scheduling.k8s.io validation of a class's name and value (empty when fine). */
export function priorityClassProblems(pc: PriorityClassLike): ClassProblem[] {
  if (pc.name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === pc.name);
    const why = !known
      ? `${pc.name} is not a known system priority class`
      : known.value !== pc.value
        ? `value of ${pc.name} PriorityClass must be ${known.value}`
        : pc.globalDefault
          ? `globalDefault of ${pc.name} PriorityClass must be false`
          : undefined;
    return why ? [{ field: 'metadata.name', detail: `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}` }] : [];
  }
  if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    return [{ field: 'value', detail: `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}` }];
  }
  return [];
}

/** Admission's refusal of a second default class (undefined when the class may be default). */
export function secondDefaultRefusal(pc: PriorityClassLike, classes: readonly PriorityClassLike[]): string | undefined {
  if (!pc.globalDefault) return undefined;
  const other = classes.find((c) => c.globalDefault && c.name !== pc.name);
  return other ? `PriorityClass ${other.name} is already marked as default. Only one default can exist` : undefined;
}
