// The DaemonSet controller (apps/v1): one pod per node the template wants (daemon-placement.ts),
// made as the node appears and removed with it; a rolling update replaces old pods within
// maxUnavailable (delete, then create) or maxSurge (create beside, then delete), OnDelete waits
// for someone to delete them; the status carries the counts `kubectl rollout status ds` reads.
import { equal, type KObject, type Store } from '../store';
import type { RecordEvent } from '../events';
import { daemonPlacement, type DaemonPlacement } from '@/lib/domain/daemon-placement';
import { templateHash } from './workloads';
import { deletePod, isFinished, isReadyPod, podsOf, randomSuffix } from './owned-pods';
import { daemonPod, daemonPodShape, REVISION_LABEL, targetNode } from './daemon-pod';
import { resolveIntOrPercent } from './rolling';
import { podAdmissionRefusal } from '../kube-api/priority-admission';

export const DAEMONSETS = 'apps/daemonsets';

interface NodeState {
  name: string;
  placement: DaemonPlacement;
  /** The daemon's pods for the node that are not on their way out, oldest first. */
  live: KObject[];
  /** Whether any pod for the node is still terminating (a replacement waits for it to go). */
  terminating: boolean;
}

const created = (p: Readonly<KObject>) => p.metadata.creationTimestamp ?? '';
const oldestFirst = (a: Readonly<KObject>, b: Readonly<KObject>) => created(a).localeCompare(created(b)) || a.metadata.name.localeCompare(b.metadata.name);

export function reconcileDaemonSets(store: Store, record: RecordEvent, random: () => number) {
  const daemonSets = store.list(DAEMONSETS);
  // Large synthetic clusters have thousands of nodes and no DaemonSet: no copy of them per tick.
  if (daemonSets.length === 0) return;
  const nodes = [...store.peek('nodes')];
  const nodeNames = new Set(nodes.map((n) => n.metadata.name));
  const now = store.now().getTime();
  for (const ds of daemonSets) {
    // Being deleted: its pods are the garbage collector's now.
    if (ds.metadata.deletionTimestamp) continue;
    const revision = templateHash(ds.spec?.template);
    const shape = daemonPodShape(ds.spec?.template);
    const minReady: number = ds.spec?.minReadySeconds ?? 0;
    const available = (p: Readonly<KObject>) => p.status?.phase === 'Running' && isReadyPod(p) && readyFor(p, now) >= minReady * 1000;
    const isUpdated = (p: Readonly<KObject>) => p.metadata.labels?.[REVISION_LABEL] === revision;
    // Deleted this pass: the status counts them as gone already.
    const deleted = new Set<string>();
    const remove = (p: Readonly<KObject>, why?: string) => {
      deleted.add(p.metadata.name);
      if (why) record(ds, 'Warning', 'FailedDaemonPod', why);
      deletePod(store, p);
      record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    };
    const create = (node: string) => {
      let name = `${ds.metadata.name}-${randomSuffix(random)}`;
      while (store.get('pods', ds.metadata.namespace, name)) name = `${ds.metadata.name}-${randomSuffix(random)}`;
      const pod = daemonPod(ds, node, name, revision);
      // Its create passes the Priority admission plugin like any other (an unknown class is refused).
      const refused = podAdmissionRefusal(store, pod, ds.spec?.template?.spec);
      if (refused) return record(ds, 'Warning', 'FailedCreate', `Error creating: ${refused}`);
      store.create('pods', pod);
      record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
    };

    const byNode = new Map<string, KObject[]>();
    for (const p of podsOf(store, ds)) {
      const node = targetNode(p);
      if (node && nodeNames.has(node)) byNode.set(node, [...(byNode.get(node) ?? []), p]);
      // Its node is gone: a pending pod is the controller's to delete, a bound one the pod
      // garbage collector's, which force-deletes it (no kubelet is left to finish it).
      else if (!p.metadata.deletionTimestamp || p.spec?.nodeName) store.remove('pods', p.metadata.namespace, p.metadata.name);
    }

    const states: NodeState[] = [];
    for (const n of nodes) {
      const pods = byNode.get(n.metadata.name) ?? [];
      const placement = daemonPlacement(shape, { name: n.metadata.name, labels: n.metadata.labels ?? {}, taints: n.spec?.taints });
      const state: NodeState = { name: n.metadata.name, placement, live: [], terminating: pods.some((p) => p.metadata.deletionTimestamp) };
      for (const p of pods.filter((p) => !p.metadata.deletionTimestamp).sort(oldestFirst)) {
        // A failed daemon pod is deleted and made again, as the controller does.
        if (isFinished(p)) remove(p, `Found failed daemon pod ${ds.metadata.namespace}/${p.metadata.name} on node ${n.metadata.name}, will try to kill it`);
        else state.live.push(p);
      }
      states.push(state);
    }

    const surge = surgeOf(ds, states.filter((s) => s.placement.shouldRun).length);
    for (const s of states) {
      if (!s.placement.shouldContinueRunning) {
        for (const p of s.live) remove(p);
        s.live = [];
        continue;
      }
      if (s.placement.shouldRun && s.live.length === 0 && !s.terminating) {
        create(s.name);
        continue;
      }
      // Duplicates: keep the oldest (with surge, the oldest updated and the oldest old one).
      const keep = surge.maxSurge > 0 ? [s.live.find(isUpdated), s.live.find((p) => !isUpdated(p))].filter((p): p is KObject => !!p) : s.live.slice(0, 1);
      for (const p of s.live) if (!keep.includes(p)) remove(p);
      s.live = keep;
    }

    if (surge.rolling) rollingUpdate(states.filter((s) => s.placement.shouldRun), surge, isUpdated, available, remove, create);
    for (const st of states) st.live = st.live.filter((p) => !deleted.has(p.metadata.name));
    writeStatus(store, ds, states, isUpdated, available);
  }
}

function readyFor(p: Readonly<KObject>, now: number): number {
  const ready = (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  return ready?.lastTransitionTime ? now - Date.parse(ready.lastTransitionTime) : 0;
}

function surgeOf(ds: KObject, desired: number) {
  const strategy = ds.spec?.updateStrategy;
  const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  // Both scale against the number of nodes that should run the pod, rounding up.
  const maxSurge = resolveIntOrPercent(strategy?.rollingUpdate?.maxSurge, desired, true, '0');
  let maxUnavailable = resolveIntOrPercent(strategy?.rollingUpdate?.maxUnavailable, desired, true, '1');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { rolling, maxSurge, maxUnavailable };
}

/** One step of the rolling update over the nodes that should run the pod. */
function rollingUpdate(
  states: NodeState[],
  { maxSurge, maxUnavailable }: { maxSurge: number; maxUnavailable: number },
  isUpdated: (p: Readonly<KObject>) => boolean,
  available: (p: Readonly<KObject>) => boolean,
  remove: (p: Readonly<KObject>) => void,
  create: (node: string) => void,
) {
  if (maxSurge === 0) {
    // Delete, then create: old pods go while fewer than maxUnavailable nodes lack an available pod.
    let unavailable = 0;
    const candidates: KObject[] = [];
    for (const s of states) {
      const pod = s.live[0];
      if (!pod) unavailable++;
      else if (isUpdated(pod)) unavailable += available(pod) ? 0 : 1;
      else if (!available(pod)) {
        // An old pod that is not available holds no availability: replace it at once.
        unavailable++;
        remove(pod);
      } else candidates.push(pod);
    }
    for (const pod of candidates.slice(0, Math.max(0, maxUnavailable - unavailable))) remove(pod);
    return;
  }
  // Create beside, then delete: a new pod starts next to the old one within maxSurge, and the old
  // one goes once the new one is available.
  let surging = 0;
  const waiting: string[] = [];
  for (const s of states) {
    const fresh = s.live.find(isUpdated);
    const old = s.live.find((p) => !isUpdated(p));
    if (!old) continue;
    if (fresh) {
      if (available(fresh)) remove(old);
      else surging++;
    } else if (!available(old)) create(s.name);
    else waiting.push(s.name);
  }
  for (const node of waiting.slice(0, Math.max(0, maxSurge - surging))) create(node);
}

function writeStatus(store: Store, ds: KObject, states: NodeState[], isUpdated: (p: Readonly<KObject>) => boolean, available: (p: Readonly<KObject>) => boolean) {
  let desired = 0;
  let current = 0;
  let ready = 0;
  let availableCount = 0;
  let updated = 0;
  let misscheduled = 0;
  for (const s of states) {
    // The pod the node is counted by: a running one before a pending one, then the oldest.
    const pods = [...s.live].sort((a, b) => Number(b.status?.phase === 'Running') - Number(a.status?.phase === 'Running') || oldestFirst(a, b));
    if (!s.placement.shouldRun) {
      if (pods.length) misscheduled++;
      continue;
    }
    desired++;
    const pod = pods[0];
    if (!pod) continue;
    current++;
    if (isReadyPod(pod)) ready++;
    if (available(pod)) availableCount++;
    if (isUpdated(pod)) updated++;
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
    ...(updated ? { updatedNumberScheduled: updated } : {}),
    ...(availableCount ? { numberAvailable: availableCount } : {}),
    ...(desired - availableCount ? { numberUnavailable: desired - availableCount } : {}),
  };
  const fresh = store.get(DAEMONSETS, ds.metadata.namespace, ds.metadata.name);
  if (!fresh || equal(status, fresh.status)) return;
  store.update(DAEMONSETS, { ...fresh, status });
}
