// The Auto Mode provisioner: pods the scheduler could not place → a provisioning plan over the
// NodePools (lib/domain/provisioning) → NodeClaims that go Launched → Registered → Initialized over
// simulated time, each ending in a Node with the labels, taints and capacity a real Auto Mode node
// has. The scheduler then places the pods on the new nodes by itself. The claim's objects are built
// in nodeclaim-objects.ts, its launch steps run in nodeclaim-launch.ts.

import { planProvisioning, type InstanceOffering, type PendingPod, type PlannedClaim, type ProvisioningPlan, type ProvisionPool } from '@/lib/domain/provisioning';
import { instanceSpec } from '@/lib/domain/instance-types';
import { offeringCatalog, provisionPoolOf } from '@/lib/domain/provision-pools';
import { transformNode, transformNodeClaim, transformNodePool } from '@/lib/domain/transform';
import { podRequests } from '@/lib/domain/pod-requests';
import { misfit, placedPod, PlacementIndex } from '@/lib/domain/fit';
import { hasDisruptedTaint } from '@/lib/domain/disrupted-taint';
import { clone, type KObject, type Store } from '../store';
import type { SimTimer } from '../sim/clock';
import { SUBNETS } from '../eks/cluster';
import type { RecordEvent } from '../events';
import { hasTrueCondition } from '../conditions';
import { isNodeClassReady } from './nodeclasses';
import { daemonShapes, fitNode, fitPod, isDaemonSetPod, podKey, podsByNode } from './shapes';
import { NODECLAIMS, startLaunch, type LaunchContext } from './nodeclaim-launch';
import { claimName, instanceIdOf, newNodeClaim } from './nodeclaim-objects';
import { podWorkFor } from '../sim/pod-work';

export const NODEPOOLS = 'karpenter.sh/nodepools';
export { NODECLAIMS, LAUNCH_DELAY } from './nodeclaim-launch';
export { TERMINATION_FINALIZER } from './nodeclaim-objects';
export const NODECLASSES = 'eks.amazonaws.com/nodeclasses';

/** Karpenter batches pending pods for a short idle window before it plans. */
const BATCH_SECONDS = 2;

const CATALOG: InstanceOffering[] = offeringCatalog([...new Set(Object.values(SUBNETS))]);

export interface Provisioner {
  /** Plans and launches for whatever is pending now (also runs on its own every few seconds). */
  reconcile(): void;
  /**
   * Launches nodes for pods that must move before their node goes (drift replacement: the
   * replacement first, then the drain), planned exactly as if they were pending. Returns the
   * NodeClaims launched; the pods are nominated to them.
   */
  launchFor(pods: KObject[]): string[];
  stop(): void;
}

export function startProvisioner(store: Store, clock: SimTimer, record: RecordEvent): Provisioner {
  let stopped = false;
  let seq = 0;
  const ctx: LaunchContext = { store, clock, record, stopped: () => stopped };
  // Pods already promised to a NodeClaim in flight, so they don't launch a second node.
  const nominated = new Map<string, string>();
  const reported = new Map<string, string>();

  const tick = () => {
    if (stopped) return;
    try {
      reconcile();
    } catch (err) {
      console.error('[sandbox] provisioner failed', err);
    }
    clock.setTimeout(tick, BATCH_SECONDS * 1000);
  };

  function reconcile() {
    const claims = store.list(NODECLAIMS);
    const liveClaims = new Set(claims.filter((c) => !isInitialized(c)).map((c) => c.metadata.name));
    for (const [pod, claim] of nominated) if (!liveClaims.has(claim)) nominated.delete(pod);

    // Read in place first: on a large settled cluster nothing is pending, and copying every pod
    // each pass held the API's event loop (and its watch events) for seconds at 150,000 pods.
    if (!anyUnschedulable(store)) return;
    // Read in place too when some pod is pending: only the pending pods, which a launch writes
    // about, are copied (copying all 150,000 held the loop for seconds each pass while one waited).
    const pods = stored(store, 'pods');
    const pending = stillUnplaceable(
      // Karpenter never launches for a DaemonSet pod: it is pinned to its node and waits for it.
      // A pod the scheduler nominated to a node after preempting others (status.nominatedNodeName)
      // waits for that node, so Karpenter does not provision for it (its IsProvisionable skips
      // pods that are IsPreempting).
      pods.filter((p) => isUnschedulable(p) && !isDaemonSetPod(p) && !nominated.has(podKey(p)) && !p.status?.nominatedNodeName).map(clone),
      stored(store, 'nodes'),
      pods,
    );
    if (pending.length === 0) return;
    launch(pending, claims);
  }

  function launchFor(pods: KObject[]): string[] {
    // Pods still running somewhere are not Pending: no FailedScheduling about them.
    return launch(pods, store.list(NODECLAIMS), false);
  }

  function launch(pending: KObject[], claims: KObject[], report = true): string[] {
    const byNode = podsByNode(stored(store, 'pods'));
    const placed = stored(store, 'nodes').map((n) => fitNode(n, byNode.get(n.metadata.name) ?? []));
    const plan = planProvisioning(pending.map(pendingPod), readyPools(store, record, claims), CATALOG, placed);
    const byKey = new Map(pending.map((p) => [podKey(p), p]));
    const launchedClaims: string[] = [];
    for (const planned of plan.claims) {
      const pods = planned.pods.map((k) => byKey.get(k)!);
      const created = createClaim(ctx, store.get(NODEPOOLS, undefined, planned.pool)!, planned, pods, ++seq);
      launchedClaims.push(created.metadata.name);
      for (const pod of pods) {
        nominated.set(podKey(pod), created.metadata.name);
        record(pod, 'Normal', 'Nominated', `Pod should schedule on: nodeclaim/${created.metadata.name}`);
      }
    }
    if (report) reportUnprovisionable(record, reported, plan.unprovisionable, byKey);
    return launchedClaims;
  }

  tick();
  return {
    reconcile,
    launchFor,
    stop() {
      stopped = true;
    },
  };
}

/**
 * The NodePools the planner may use, seen exactly as the dashboard's what-if plan sees them
 * (through the compact model), each with the DaemonSet overhead its new nodes carry; a pool whose
 * NodeClass is not ready launches nothing, and says so.
 */
function readyPools(store: Store, record: RecordEvent, claims: KObject[]): ProvisionPool[] {
  const classes = new Map(store.list(NODECLASSES).map((nc) => [nc.metadata.name, nc]));
  const nodeInfos = [...store.peek('nodes')].map(transformNode);
  const claimInfos = claims.map(transformNodeClaim);
  const daemons = daemonShapes(store.list('apps/daemonsets'));
  const pools: ProvisionPool[] = [];
  for (const np of store.list(NODEPOOLS)) {
    const className = np.spec?.template?.spec?.nodeClassRef?.name;
    if (!isNodeClassReady(classes.get(className))) {
      record(np, 'Warning', 'NodeClassNotReady', `NodeClass "${className}" is not ready; no nodes will launch for NodePool ${np.metadata.name}`);
      continue;
    }
    pools.push(provisionPoolOf(transformNodePool(np), nodeInfos, claimInfos, daemons));
  }
  return pools;
}

/** Creates the planned NodeClaim and starts its launch. */
function createClaim(ctx: LaunchContext, np: KObject, planned: PlannedClaim, pods: KObject[], seq: number): KObject {
  const { instanceType, capacityType, zone } = planned;
  const name = claimName(np.metadata.name, seq);
  const claim = ctx.store.create(NODECLAIMS, newNodeClaim(np, { name, instanceType, capacityType, zone }, pods, ctx.store.timestamp()), { generation: true });
  ctx.record(claim, 'Normal', 'Launching', `Launching NodeClaim: ${instanceType} (${capacityType}) in ${zone} for ${pods.length} pod(s)`);
  startLaunch(ctx, name, instanceSpec(instanceType)!.type, zone, instanceIdOf(seq));
  return claim;
}

/** FailedScheduling for pods no pool can take, once per distinct message. */
function reportUnprovisionable(record: RecordEvent, reported: Map<string, string>, unprovisionable: ProvisioningPlan['unprovisionable'], byKey: Map<string, KObject>) {
  for (const { pod, reasons } of unprovisionable) {
    const message = `Failed to schedule pod, ${reasons.map(lowerFirst).join('; ')}`;
    if (reported.get(pod) === message) continue;
    reported.set(pod, message);
    record(byKey.get(pod)!, 'Warning', 'FailedScheduling', message);
  }
}

/** A resource's objects as stored, in list order: only read, never changed (the store replaces, never edits, an object). */
function stored(store: Store, resource: 'pods' | 'nodes'): KObject[] {
  return [...store.scan(resource)] as KObject[];
}

function pendingPod(p: KObject): PendingPod {
  return fitPod(p);
}

/**
 * Pods that would not fit even on existing nodes that are still starting up: like Karpenter, only
 * capacity nothing in the cluster can provide is worth a new node.
 */
function stillUnplaceable(pending: KObject[], nodes: KObject[], pods: KObject[]): KObject[] {
  const byNode = podsByNode(pods);
  const capacity = nodes
    .filter((n) => !n.metadata.deletionTimestamp && !hasDisruptedTaint(n.spec?.taints))
    .map((n) => ({ ...fitNode(n, byNode.get(n.metadata.name) ?? []), schedulable: !n.spec?.unschedulable }));
  const index = new PlacementIndex(capacity);
  const out: KObject[] = [];
  const biggestFirst = [...pending].sort((a, b) => podRequests(b.spec).cpuMillis - podRequests(a.spec).cpuMillis);
  for (const p of biggestFirst) {
    const f = fitPod(p);
    const node = capacity.find((n) => !misfit(f, n, index));
    if (!node) {
      out.push(p);
      continue;
    }
    node.used.cpuMillis += f.requests.cpuMillis;
    node.used.memoryBytes += f.requests.memoryBytes;
    node.used.pods += 1;
    index.add(placedPod(f), node);
  }
  return out;
}

/** Looked for among the pods awaiting scheduling (kept by the store's events), not among every pod. */
function anyUnschedulable(store: Store): boolean {
  for (const p of podWorkFor(store).unbound.values()) if (isUnschedulable(p as KObject)) return true;
  return false;
}

/** Pending, not being deleted, and marked unschedulable by the scheduler. */
export function isUnschedulable(p: KObject): boolean {
  if (p.spec?.nodeName || p.metadata.deletionTimestamp || p.status?.phase !== 'Pending') return false;
  if (p.spec?.schedulerName && p.spec.schedulerName !== 'default-scheduler') return false;
  return (p.status?.conditions ?? []).some(
    (c: { type: string; status: string; reason?: string }) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
}

export function isInitialized(claim: KObject): boolean {
  return hasTrueCondition(claim, 'Initialized');
}

function lowerFirst(s: string): string {
  return s.replace(/^NodePool /, 'incompatible with nodepool ').replace(/^(\w)/, (c) => c.toLowerCase());
}
