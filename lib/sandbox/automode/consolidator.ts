// Auto Mode consolidation: every few simulated seconds, build the candidates from the compact
// model with the same function the review page uses (lib/domain/consolidation-candidates) and
// judge them with the same verdicts (lib/domain/consolidation), then act: taint the node
// `karpenter.sh/disrupted:NoSchedule`, evict its pods (PodDisruptionBudgets were checked by the
// verdict, and the Eviction API checks again), and delete the NodeClaim and Node once the pods
// are gone. Blocked and unconsolidatable nodes get Events saying why.
//
// Drifted NodeClaims (drift.ts marks them) are replaced the way Karpenter does: the replacement
// is launched first (the provisioner plans it as if the node's pods were pending), and only once it
// has initialized is the old node tainted and drained. A drifted node with no workload just goes.
//
// The store's objects reach the builder through the dashboard's own transform: pods are mirrored
// as they change (a watch), so a pass costs a walk over compact pods, not a reshape of every pod.

import { consolidationVerdicts, type Verdict } from '@/lib/domain/consolidation';
import { isConsolidatable } from '@/lib/domain/consolidate-after';
import { buildCandidates } from '@/lib/domain/consolidation-candidates';
import type { PodInfo } from '@/lib/domain/model';
import { transformNode, transformNodeClaim, transformNodePool, transformPdb, transformPod } from '@/lib/domain/transform';
import type { KObject, Store } from '../store';
import type { SimTimer } from '../sim/clock';
import type { RecordEvent } from '../events';
import { NODECLAIMS, NODEPOOLS, TERMINATION_FINALIZER, isInitialized, type Provisioner } from './provisioner';
import { driftMarker } from './drift';
import { ApiError } from '../errors';
import { hasTrueCondition, upsertCondition } from '../conditions';
import { evict as evictThroughApi } from '../kube-api/subresources';
import { findResource } from '../kube-api/registry';
import { isActive, isDaemonSetPod, podKey } from './shapes';

export const DISRUPTED_TAINT = { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' };
const PODS = findResource('', 'v1', 'pods')!;
const TICK_SECONDS = 5;
/** Cap on pod grace periods while draining, so the simulation keeps moving. */
const MAX_GRACE_SECONDS = 10;

export interface Consolidator {
  reconcile(): Verdict[];
  /** The verdicts of the last pass (for tests and diagnostics). */
  last(): Verdict[];
  stop(): void;
}

export function startConsolidator(store: Store, clock: SimTimer, record: RecordEvent, provisioner?: Pick<Provisioner, 'launchFor'>): Consolidator {
  let stopped = false;
  const markDrift = driftMarker(store, record);
  // Drifted nodes whose replacement is launching: node name → the replacement NodeClaims.
  const replacing = new Map<string, string[]>();
  let verdicts: Verdict[] = [];
  // When pods last arrived on or left each node: consolidateAfter counts from there.
  const lastPodChange = new Map<string, Date>();
  const placement = new Map<string, string>();
  const pods = new Map<string, PodInfo>();
  for (const p of store.peek('pods')) {
    pods.set(podKey(p as KObject), transformPod(p));
    if (p.spec?.nodeName) placement.set(podKey(p as KObject), p.spec.nodeName);
  }
  const unwatch = store.watch('pods', (e) => {
    const key = podKey(e.object);
    if (e.type === 'DELETED') pods.delete(key);
    else pods.set(key, transformPod(e.object));
    const before = placement.get(key);
    const now = e.type === 'DELETED' ? undefined : e.object.spec?.nodeName;
    if (before === now) return;
    const at = clock.now();
    if (before) lastPodChange.set(before, at);
    if (now) lastPodChange.set(now, at);
    if (now) placement.set(key, now);
    else placement.delete(key);
  });

  const tick = () => {
    if (stopped) return;
    try {
      reconcile();
    } catch (err) {
      console.error('[sandbox] consolidation failed', err);
    }
    clock.setTimeout(tick, TICK_SECONDS * 1000);
  };

  function reconcile(): Verdict[] {
    markDrift();
    terminateDeleted();
    const now = clock.now();
    const nodes = new Map(store.list('nodes').map((n) => [n.metadata.name, n]));
    const claimObjects = store.list(NODECLAIMS);
    const claims = new Map(claimObjects.map((c) => [c.status?.nodeName ?? '', c]));
    const { nodes: candidates, pools } = buildCandidates(
      {
        nodes: [...nodes.values()].map(transformNode),
        pods: [...pods.values()],
        pdbs: store.list('policy/poddisruptionbudgets').map(transformPdb),
        nodeClaims: claimObjects.map(transformNodeClaim),
        nodePools: store.list(NODEPOOLS).map(transformNodePool),
      },
      { lastPodChange: (node) => lastPodChange.get(node) },
    );
    verdicts = consolidationVerdicts(candidates, pools, now);
    for (const c of candidates) if (c.nodeClaim && c.pool) recordPodEvents(c.nodeClaim, lastPodChange.get(c.name), isConsolidatable(pools[c.pool]?.consolidateAfter ?? 'Never', c.lastPodChange, now));
    for (const v of verdicts) {
      const node = nodes.get(v.node)!;
      const claim = claims.get(v.node);
      if (v.state === 'consolidate') disrupt(node, claim, v);
      else if (v.state === 'disrupting') drain(node, claim);
      else if (v.state === 'replace') replace(node, claim, v);
      else if (v.state === 'blocked') record(claim ?? node, 'Normal', 'DisruptionBlocked', `Cannot disrupt NodeClaim: ${v.message}`);
      else if (v.code === 'DoesNotFit') record(claim ?? node, 'Normal', 'Unconsolidatable', v.message);
    }
    for (const name of replacing.keys()) if (!nodes.has(name)) replacing.delete(name);
    return verdicts;
  }

  /**
   * NodeClaims deleted by someone (kubectl, or the garbage collector after their NodePool went):
   * kept by the termination finalizer, their node is tainted and drained like a consolidated one
   * (the verdicts see it disrupting from then on), and both go once it is empty. One that never
   * got a node goes at once.
   */
  function terminateDeleted() {
    const claimsByNode = new Map(store.list(NODECLAIMS).map((c) => [c.status?.nodeName ?? '', c]));
    // A node deleted itself (kubectl delete node) is drained the same way, with its NodeClaim.
    for (const node of store.list('nodes')) {
      if (!node.metadata.deletionTimestamp || !node.metadata.finalizers?.includes(TERMINATION_FINALIZER) || isDisrupted(node)) continue;
      const tainted = taintDisrupted(node);
      record(tainted, 'Normal', 'Terminating', `Terminating node ${node.metadata.name}: it was deleted; draining it`);
      drain(tainted, claimsByNode.get(node.metadata.name));
    }
    for (const claim of store.list(NODECLAIMS)) {
      if (!claim.metadata.deletionTimestamp) continue;
      const node = claim.status?.nodeName ? store.get('nodes', undefined, claim.status.nodeName) : undefined;
      if (!node) {
        store.remove(NODECLAIMS, undefined, claim.metadata.name);
        record(claim, 'Normal', 'Deleted', `Deleted NodeClaim ${claim.metadata.name} (instance terminated)`);
        continue;
      }
      if (isDisrupted(node)) continue;
      const tainted = taintDisrupted(node);
      record(claim, 'Normal', 'Terminating', `Terminating NodeClaim: it was deleted; draining node ${node.metadata.name}`);
      drain(tainted, claim);
    }
  }

  /** Launch the replacement, wait for it to initialize, then disrupt as for consolidation. */
  function replace(node: KObject, claim: KObject | undefined, v: Verdict) {
    const pods = store.list('pods').filter((p) => p.spec?.nodeName === node.metadata.name && isActive(p) && !isDaemonSetPod(p));
    if (pods.length === 0 || !provisioner) {
      disrupt(node, claim, v);
      return;
    }
    const launched = replacing.get(node.metadata.name);
    if (!launched) {
      const claims = provisioner.launchFor(pods);
      if (claims.length === 0) {
        record(claim ?? node, 'Normal', 'DisruptionBlocked', `Cannot disrupt NodeClaim: Drifted, but no replacement can be launched for its ${pods.length} pod(s)`);
        return;
      }
      replacing.set(node.metadata.name, claims);
      record(claim ?? node, 'Normal', 'DisruptionLaunching', `Launching ${claims.length} replacement NodeClaim(s) for Drifted/Replace: ${claims.join(', ')}`);
      return;
    }
    const ready = launched.every((name) => {
      const c = store.get(NODECLAIMS, undefined, name);
      return !c || isInitialized(c);
    });
    if (!ready) return;
    replacing.delete(node.metadata.name);
    disrupt(node, claim, v);
  }

  /**
   * What Karpenter keeps on the NodeClaim for everyone else to see: status.lastPodEventTime, and
   * the Consolidatable condition once its pods have been stable for consolidateAfter (cleared
   * again when they change). Written only when something changed.
   */
  function recordPodEvents(name: string, lastChange: Date | undefined, isConsolidatable: boolean) {
    const claim = store.get(NODECLAIMS, undefined, name);
    if (!claim || claim.metadata.deletionTimestamp) return;
    const lastPodEventTime = lastChange ? lastChange.toISOString().replace(/\.\d{3}Z$/, 'Z') : claim.status?.lastPodEventTime;
    const conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] = claim.status?.conditions ?? [];
    const has = conditions.some((c) => c.type === 'Consolidatable' && c.status === 'True');
    if (lastPodEventTime === claim.status?.lastPodEventTime && has === isConsolidatable) return;
    const next = isConsolidatable
      ? has
        ? conditions
        : upsertCondition(conditions, { type: 'Consolidatable', status: 'True', reason: 'Consolidatable', message: '', lastTransitionTime: store.timestamp() })
      : conditions.filter((c) => c.type !== 'Consolidatable');
    try {
      store.update(NODECLAIMS, { ...claim, status: { ...claim.status, ...(lastPodEventTime ? { lastPodEventTime } : {}), conditions: next } });
    } catch (err) {
      // Written concurrently (the provisioner moving it along); the next pass catches up.
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }

  /** `karpenter.sh/disrupted:NoSchedule` on the node, so nothing new lands on it while it drains. */
  function taintDisrupted(node: KObject): KObject {
    return store.update('nodes', { ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), DISRUPTED_TAINT] } });
  }

  function disrupt(node: KObject, claim: KObject | undefined, v: Verdict) {
    const tainted = taintDisrupted(node);
    const reasonText = v.reason ?? 'Underutilized';
    const pods = store.list('pods').filter((p) => p.spec?.nodeName === node.metadata.name && isActive(p) && !isDaemonSetPod(p));
    const message = `Disrupting NodeClaim: ${reasonText}/${v.reason === 'Drifted' && pods.length > 0 ? 'Replace' : 'Delete'}${v.hourlySavings ? `, saving about $${v.hourlySavings.toFixed(4)}/h` : ''}`;
    if (claim) record(claim, 'Normal', 'DisruptionLaunching', message);
    record(tainted, 'Normal', 'Disrupting', message);
    for (const pod of pods) evict(pod, v.destinations?.[podKey(pod)]);
    finishIfDrained(tainted, claim);
  }

  /** Evictions a PodDisruptionBudget refused are tried again on later passes. */
  function drain(node: KObject, claim: KObject | undefined) {
    for (const pod of store.list('pods')) {
      if (pod.spec?.nodeName === node.metadata.name && isActive(pod) && !isDaemonSetPod(pod)) evict(pod);
    }
    finishIfDrained(node, claim);
  }

  /** Through the Eviction API, as Karpenter does: a PodDisruptionBudget may refuse (429). */
  function evict(pod: KObject, destination?: string) {
    if (pod.metadata.deletionTimestamp) return;
    try {
      evictThroughApi(store, { def: PODS, namespace: pod.metadata.namespace, name: pod.metadata.name }, { deleteOptions: { gracePeriodSeconds: Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, MAX_GRACE_SECONDS) } }, false);
      record(pod, 'Normal', 'Evicted', `Evicted pod: ${reasonLine(destination)}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 429) {
        record(pod, 'Warning', 'FailedDraining', `Eviction refused, will retry: ${err.details?.causes?.[0]?.message ?? err.message}`);
        return;
      }
      if (err instanceof ApiError && err.code === 404) return;
      throw err;
    }
  }

  function finishIfDrained(node: KObject, claim: KObject | undefined) {
    const left = store.list('pods').filter((p) => p.spec?.nodeName === node.metadata.name && isActive(p) && !isDaemonSetPod(p));
    if (left.length > 0) return;
    if (claim && store.get(NODECLAIMS, undefined, claim.metadata.name)) {
      store.remove(NODECLAIMS, undefined, claim.metadata.name);
      record(claim, 'Normal', 'Deleted', `Deleted NodeClaim ${claim.metadata.name} (instance terminated)`);
    }
    // DaemonSet pods go with the node.
    for (const p of store.list('pods')) if (p.spec?.nodeName === node.metadata.name) store.remove('pods', p.metadata.namespace, p.metadata.name);
    if (store.get('nodes', undefined, node.metadata.name)) {
      store.remove('nodes', undefined, node.metadata.name);
      const why = claim?.metadata.deletionTimestamp || node.metadata.deletionTimestamp ? 'deleted, drained' : claim && hasTrueCondition(claim, 'Drifted') ? 'drifted, replaced' : 'consolidated';
      record(node, 'Normal', 'RemovingNode', `Deleting node ${node.metadata.name}: ${why} by Auto Mode`);
    }
  }

  clock.setTimeout(tick, TICK_SECONDS * 1000);
  return {
    reconcile,
    last: () => verdicts,
    stop() {
      stopped = true;
      unwatch();
    },
  };
}

const isDisrupted = (node: KObject) => (node.spec?.taints ?? []).some((t: { key: string }) => t.key === DISRUPTED_TAINT.key);

function reasonLine(destination?: string): string {
  return destination ? `consolidation, expected to reschedule on ${destination}` : 'node is being consolidated';
}
