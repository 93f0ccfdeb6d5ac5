// Taking a node out as Karpenter does once it has decided to: taint it karpenter.sh/disrupted so
// nothing new lands on it, evict its pods through the Eviction API (a PodDisruptionBudget may
// refuse with 429; the consolidator's next pass tries again), and delete the NodeClaim and Node
// once only DaemonSet pods are left (they go with the node).

import type { Verdict } from '@/lib/domain/consolidation';
import { DISRUPTED_TAINT } from '@/lib/domain/disrupted-taint';
import { rawPodHoldsResources } from '@/lib/domain/holds-resources';
import { clone, type KObject, type Store } from '../store';
import type { RecordEvent } from '../events';
import { ApiError } from '../errors';
import { hasTrueCondition } from '../conditions';
import { evict as evictThroughApi } from '../kube-api/subresources';
import { findResource } from '../kube-api/registry';
import { NODECLAIMS } from './provisioner';
import { isDaemonSetPod, podKey } from './shapes';

const PODS = findResource('', 'v1', 'pods')!;
/** Cap on pod grace periods while draining, so the simulation keeps moving. */
const MAX_GRACE_SECONDS = 10;

export interface DrainContext {
  store: Store;
  record: RecordEvent;
}

/** The pods a drain must move off the node: those holding resources there, DaemonSet pods aside. */
export function workloadPodsOn(store: Store, nodeName: string): KObject[] {
  // Read in place and only the node's own pods copied: copying every pod of the cluster to keep a
  // node's few cost seconds a call at 150,000 pods, and a drain calls this on every pass.
  return podsOn(store, nodeName)
    .filter((p) => rawPodHoldsResources(p) && !isDaemonSetPod(p))
    .map((p) => clone(p as KObject));
}

/** The node's pods as stored (not to be modified), in list order. */
function podsOn(store: Store, nodeName: string): Readonly<KObject>[] {
  const out: Readonly<KObject>[] = [];
  for (const p of store.scan('pods')) if (p.spec?.nodeName === nodeName) out.push(p);
  return out;
}

/** `karpenter.sh/disrupted:NoSchedule` on the node, so nothing new lands on it while it drains. */
export function taintDisrupted(store: Store, node: KObject): KObject {
  return store.update('nodes', { ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), { ...DISRUPTED_TAINT }] } });
}

/** Acts on a verdict to remove the node: taint, say why, evict toward the verdict's destinations. */
export function disrupt(ctx: DrainContext, node: KObject, claim: KObject | undefined, v: Verdict) {
  const tainted = taintDisrupted(ctx.store, node);
  const reasonText = v.reason ?? 'Underutilized';
  const pods = workloadPodsOn(ctx.store, node.metadata.name);
  const message = `Disrupting NodeClaim: ${reasonText}/${v.reason === 'Drifted' && pods.length > 0 ? 'Replace' : 'Delete'}${v.hourlySavings ? `, saving about $${v.hourlySavings.toFixed(4)}/h` : ''}`;
  if (claim) ctx.record(claim, 'Normal', 'DisruptionLaunching', message);
  ctx.record(tainted, 'Normal', 'Disrupting', message);
  for (const pod of pods) evict(ctx, pod, v.destinations?.[podKey(pod)]);
  finishIfDrained(ctx, tainted, claim);
}

/** Evictions a PodDisruptionBudget refused are tried again on later passes. */
export function drain(ctx: DrainContext, node: KObject, claim: KObject | undefined) {
  for (const pod of workloadPodsOn(ctx.store, node.metadata.name)) evict(ctx, pod);
  finishIfDrained(ctx, node, claim);
}

/** Through the Eviction API, as Karpenter does: a PodDisruptionBudget may refuse (429). */
function evict(ctx: DrainContext, pod: KObject, destination?: string) {
  if (pod.metadata.deletionTimestamp) return;
  try {
    const deleteOptions = { gracePeriodSeconds: Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, MAX_GRACE_SECONDS) };
    evictThroughApi(ctx.store, { def: PODS, namespace: pod.metadata.namespace, name: pod.metadata.name }, { deleteOptions }, false);
    ctx.record(pod, 'Normal', 'Evicted', `Evicted pod: ${reasonLine(destination)}`);
  } catch (err) {
    if (err instanceof ApiError && err.code === 429) {
      ctx.record(pod, 'Warning', 'FailedDraining', `Eviction refused, will retry: ${err.details?.causes?.[0]?.message ?? err.message}`);
      return;
    }
    if (err instanceof ApiError && err.code === 404) return;
    throw err;
  }
}

function finishIfDrained(ctx: DrainContext, node: KObject, claim: KObject | undefined) {
  const { store, record } = ctx;
  if (workloadPodsOn(store, node.metadata.name).length > 0) return;
  if (claim && store.get(NODECLAIMS, undefined, claim.metadata.name)) {
    store.remove(NODECLAIMS, undefined, claim.metadata.name);
    record(claim, 'Normal', 'Deleted', `Deleted NodeClaim ${claim.metadata.name} (instance terminated)`);
  }
  // DaemonSet pods go with the node.
  for (const p of podsOn(store, node.metadata.name)) store.remove('pods', p.metadata.namespace, p.metadata.name);
  if (store.get('nodes', undefined, node.metadata.name)) {
    store.remove('nodes', undefined, node.metadata.name);
    const why = claim?.metadata.deletionTimestamp || node.metadata.deletionTimestamp ? 'deleted, drained' : claim && hasTrueCondition(claim, 'Drifted') ? 'drifted, replaced' : 'consolidated';
    record(node, 'Normal', 'RemovingNode', `Deleting node ${node.metadata.name}: ${why} by Auto Mode`);
  }
}

function reasonLine(destination?: string): string {
  return destination ? `consolidation, expected to reschedule on ${destination}` : 'node is being consolidated';
}
