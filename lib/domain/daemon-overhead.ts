// The room DaemonSet pods take on every new node of a NodePool, as Karpenter reserves it when it
// sizes a launch: a DaemonSet counts for a pool when its pod tolerates the pool's taints and its
// node selector and required node affinity (any one term) are compatible with the pool's
// requirements — well-known labels the pool leaves open count as compatible. Its requests (and one
// pod each) are added to those of the pending pods before an instance type is chosen, so a new
// node still has room for its log agent once the workload lands.
import type { PodInfo, Resources } from './model';
import { daemonPodTolerations } from './daemon-placement';
import { podPoolIncompatibilities, type PodShape, type PoolShape } from './requirements';

/** One DaemonSet's pod as the sizing reads it: where it may run and what it requests. */
export interface DaemonShape extends PodShape {
  /** namespace/name of the DaemonSet (to tell them apart). */
  key: string;
  requests: Resources;
}

const ZERO = { cpuMillis: 0, memoryBytes: 0, pods: 0 };

/** What the DaemonSets that would run on a new node of the pool request together. */
export function daemonOverhead(pool: PoolShape, daemons: readonly DaemonShape[]): Resources {
  const total = { ...ZERO };
  for (const d of daemons) {
    // The controller's own tolerations (unschedulable, pressure…) are on every daemon pod.
    const shape = { ...d, tolerations: daemonPodTolerations(d.tolerations, false) };
    if (podPoolIncompatibilities(shape, pool).length > 0) continue;
    total.cpuMillis += d.requests.cpuMillis;
    total.memoryBytes += d.requests.memoryBytes;
    total.pods += 1;
  }
  return total;
}

/**
 * The DaemonSets of a cluster as its daemon pods show them, one per DaemonSet (Karpenter reads a
 * DaemonSet's pod the same way). The node pin the controller gives each pod (a `metadata.name`
 * field requirement) is left out: it is the placement of that one pod, not the DaemonSet's rule.
 * A DaemonSet with no pod anywhere is not seen.
 */
export function daemonsFromPods(pods: readonly PodInfo[]): DaemonShape[] {
  const out = new Map<string, DaemonShape>();
  for (const p of pods) {
    if (p.owner?.kind !== 'DaemonSet') continue;
    const key = `${p.namespace}/${p.owner.name}`;
    if (out.has(key)) continue;
    const terms = p.affinity?.map((term) => term.filter((r) => !r.field)).filter((term) => term.length > 0);
    out.set(key, { key, requests: p.requests, nodeSelector: p.nodeSelector, tolerations: p.tolerations, ...(terms?.length ? { affinityTerms: terms } : {}) });
  }
  return [...out.values()];
}
