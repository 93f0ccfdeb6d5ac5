// Pinning a workload to a pool: the pod template's nodeSelector names the pool's node label and
// its tolerations accept the pool's taints (a dedicated pool is tainted, and only the workloads
// pinned to it tolerate that). Built here, once, for the what-if plan and for the patch.

import { POOL_KEYS } from './lanes';
import type { Taint } from './model';
import type { Toleration } from './requirements';
import { DISRUPTED_TAINT } from './disrupted-taint';

export interface PinTarget {
  /** The pool's node label key, e.g. `eks.amazonaws.com/nodeclass` or `workload`. */
  key: string;
  value: string;
}

export const NODECLASS_KEY = 'eks.amazonaws.com/nodeclass';

/** The classic mistake: Auto Mode labels nodes `eks.amazonaws.com/nodeclass`, never `node-class`. */
export const WRONG_NODECLASS_KEY = 'eks.amazonaws.com/node-class';

/** The pool keys a pin replaces: pinned to one pool means not pinned to another. */
const POOL_LABEL_KEYS = new Set([...POOL_KEYS.map((k) => k.key), NODECLASS_KEY, WRONG_NODECLASS_KEY]);

/** Taints the control plane and Karpenter put on nodes for a while; never part of a pool's identity. */
const TRANSIENT_TAINT_PREFIXES = ['node.kubernetes.io/', 'node.cloudprovider.kubernetes.io/', DISRUPTED_TAINT.key, 'karpenter.sh/unregistered', 'ToBeDeletedByClusterAutoscaler'];

export function isTransientTaint(taint: { key: string }): boolean {
  return TRANSIENT_TAINT_PREFIXES.some((p) => taint.key.startsWith(p));
}

export interface PodPlacement {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

export function tolerationFor(taint: Taint): Toleration {
  return taint.value !== undefined && taint.value !== ''
    ? { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }
    : { key: taint.key, operator: 'Exists', effect: taint.effect };
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return a.key === b.key && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/**
 * The placement after pinning: other pool keys dropped from the nodeSelector, the target set,
 * and a toleration added for each of the pool's taints the template does not tolerate yet.
 */
export function pinnedPlacement(current: PodPlacement, target: PinTarget, poolTaints: readonly Taint[]): Required<PodPlacement> {
  const nodeSelector: Record<string, string> = {};
  for (const [k, v] of Object.entries(current.nodeSelector ?? {})) if (!POOL_LABEL_KEYS.has(k) && k !== target.key) nodeSelector[k] = v;
  nodeSelector[target.key] = target.value;
  const tolerations = [...(current.tolerations ?? [])];
  for (const taint of poolTaints) {
    if (isTransientTaint(taint)) continue;
    const t = tolerationFor(taint);
    if (!tolerations.some((x) => sameToleration(x, t))) tolerations.push(t);
  }
  return { nodeSelector, tolerations };
}

/** The placement after unpinning: every pool key removed from the nodeSelector; tolerations stay (they permit, never require). */
export function unpinnedPlacement(current: PodPlacement): PodPlacement {
  const nodeSelector: Record<string, string> = {};
  for (const [k, v] of Object.entries(current.nodeSelector ?? {})) if (!POOL_LABEL_KEYS.has(k)) nodeSelector[k] = v;
  return { nodeSelector, tolerations: current.tolerations };
}

/**
 * The strategic-merge patch from one placement to another. nodeSelector is a map (removed keys
 * become null); tolerations have no merge key, so the list is sent whole.
 */
export function placementPatch(before: PodPlacement, after: PodPlacement, extra: { resourceVersion?: string; annotations?: Record<string, string> } = {}) {
  const nodeSelector: Record<string, string | null> = {};
  for (const k of Object.keys(before.nodeSelector ?? {})) if (!(k in (after.nodeSelector ?? {}))) nodeSelector[k] = null;
  for (const [k, v] of Object.entries(after.nodeSelector ?? {})) if (before.nodeSelector?.[k] !== v) nodeSelector[k] = v;
  const spec: Record<string, unknown> = {};
  if (Object.keys(nodeSelector).length) spec.nodeSelector = nodeSelector;
  const tolerationsChanged = JSON.stringify(before.tolerations ?? []) !== JSON.stringify(after.tolerations ?? []);
  if (tolerationsChanged) spec.tolerations = after.tolerations ?? [];
  return {
    metadata: {
      ...(extra.resourceVersion ? { resourceVersion: extra.resourceVersion } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: { template: { spec } },
  };
}

/** kubectl's equivalent of the pin, for runbooks and GitOps users. */
export function pinCommand(namespace: string, name: string, before: PodPlacement, after: PodPlacement): string {
  const patch = placementPatch(before, after);
  return `kubectl patch deployment/${name} -n ${namespace} --type=strategic -p '${JSON.stringify({ spec: patch.spec })}'`;
}
