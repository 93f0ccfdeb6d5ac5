// NodePool status, as Karpenter keeps it: how many nodes and how much capacity the pool holds,
// and whether its NodeClass is ready (the NODES and READY columns of `kubectl get nodepools`
// read status.nodes and the Ready condition).
import { equal, type Store } from '../store';
import { resourcesOf } from '@/lib/domain/quantities';

const NODE_CLASSES = 'eks.amazonaws.com/nodeclasses';
const NODE_POOLS = 'karpenter.sh/nodepools';
/** The inputs' latest changes when a store's pools were last brought up to date. */
const upToDate = new WeakMap<Store, string>();

export function updateNodePoolStatus(store: Store) {
  // The status is a function of nodes, NodePools and NodeClasses alone: while none of them
  // changed, a pass would sum every node to write nothing.
  const inputs = ['nodes', NODE_POOLS, NODE_CLASSES].map((k) => store.lastChange(k)).join();
  if (upToDate.get(store) === inputs) return;
  if (writeNodePoolStatus(store)) upToDate.set(store, inputs);
}

/** Brings every NodePool's status up to date; false when a write failed (the next pass tries again). */
function writeNodePoolStatus(store: Store): boolean {
  let written = true;
  const counts = new Map<string, { nodes: number; cpu: number; memory: number; pods: number }>();
  for (const n of store.peek('nodes')) {
    const pool = n.metadata.labels?.['karpenter.sh/nodepool'];
    if (!pool) continue;
    const c = counts.get(pool) ?? { nodes: 0, cpu: 0, memory: 0, pods: 0 };
    c.nodes += 1;
    const capacity = resourcesOf(n.status?.capacity);
    c.cpu += capacity.cpuMillis;
    c.memory += capacity.memoryBytes;
    c.pods += capacity.pods;
    counts.set(pool, c);
  }
  for (const np of store.list(NODE_POOLS)) {
    const c = counts.get(np.metadata.name) ?? { nodes: 0, cpu: 0, memory: 0, pods: 0 };
    const nc = store.get(NODE_CLASSES, undefined, np.spec?.template?.spec?.nodeClassRef?.name ?? '');
    const classReady = (nc?.status?.conditions ?? []).some((x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True');
    const before = (np.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready');
    const status = classReady ? 'True' : 'False';
    const ready = {
      type: 'Ready',
      status,
      reason: classReady ? 'Ready' : 'NodeClassNotReady',
      message: classReady ? '' : `NodeClass "${np.spec?.template?.spec?.nodeClassRef?.name}" is not ready`,
      lastTransitionTime: before?.status === status ? before.lastTransitionTime : store.timestamp(),
      observedGeneration: np.metadata.generation,
    };
    const next = {
      ...np.status,
      nodes: c.nodes,
      resources: { nodes: String(c.nodes), cpu: `${c.cpu}m`, memory: `${Math.floor(c.memory / 1024)}Ki`, pods: String(c.pods) },
      conditions: [ready],
    };
    if (equal(next, np.status)) continue;
    try {
      store.update(NODE_POOLS, { ...np, status: next });
    } catch {
      // Written concurrently; the next tick catches up.
      written = false;
    }
  }
  return written;
}
