// Whether a DaemonSet wants its pod on a node, by the DaemonSet controller's rule: the pod's
// nodeName (if set), nodeSelector and required node affinity must select the node, and every
// NoSchedule/NoExecute taint of the node must be tolerated — after the tolerations the controller
// adds to every daemon pod. Readiness and cordons do not count: a cordoned node still runs its
// daemon pods (they tolerate the unschedulable taint). One rule for the sandbox's controller and
// the dashboard.
import { affinityAllows, selectorAllows, tolerates, type Requirement, type TaintLike, type Toleration } from './requirements';

/** The taint of a cordoned node: the scheduler lets through spec.unschedulable only pods that tolerate it. */
export const UNSCHEDULABLE_TAINT: TaintLike = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/** The tolerations the DaemonSet controller gives every daemon pod (Kubernetes 1.12 onwards). */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists(UNSCHEDULABLE_TAINT.key, UNSCHEDULABLE_TAINT.effect),
];
/** Only host-network pods can run before the node's network is up. */
const HOST_NETWORK_TOLERATION = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

// Kubernetes' MatchToleration: same key, operator, value and effect (tolerationSeconds aside).
const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

/**
 * The pod's tolerations with the controller's added: one the pod already has in the same form is
 * replaced where it stands (so a tolerationSeconds on it goes), any other is appended.
 */
export function daemonPodTolerations<T extends Toleration>(tolerations: readonly T[] | undefined, hostNetwork: boolean): (T | Toleration)[] {
  const out: (T | Toleration)[] = [...(tolerations ?? [])];
  for (const t of hostNetwork ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS) {
    const at = out.findIndex((o) => sameToleration(o, t));
    if (at >= 0) out[at] = { ...t };
    else out.push({ ...t });
  }
  return out;
}

export interface DaemonPodShape {
  /** spec.nodeName of the template: a DaemonSet that names a node runs only there. */
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  /** The template's required node affinity terms (ORed). */
  affinityTerms?: Requirement[][];
  tolerations?: readonly Toleration[];
  hostNetwork?: boolean;
}

export interface DaemonNode {
  name: string;
  labels: Record<string, string | undefined>;
  taints?: readonly TaintLike[];
}

export interface DaemonPlacement {
  /** A pod should be made for the node if none is there. */
  shouldRun: boolean;
  /** A pod already there may stay (an untolerated NoSchedule taint keeps new pods off, not old ones). */
  shouldContinueRunning: boolean;
}

export function daemonPlacement(pod: DaemonPodShape, node: DaemonNode): DaemonPlacement {
  const selects =
    (!pod.nodeName || pod.nodeName === node.name) && selectorAllows(pod.nodeSelector, node.labels) && affinityAllows(pod.affinityTerms, node);
  if (!selects) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonPodTolerations(pod.tolerations, pod.hostNetwork ?? false);
  const untolerated = (node.taints ?? []).filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
  return { shouldRun: untolerated.length === 0, shouldContinueRunning: untolerated.every((t) => t.effect === 'NoSchedule') };
}
