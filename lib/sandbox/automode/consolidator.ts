// Auto Mode consolidation: every few simulated seconds, judge every node with the same pure
// function the review page uses (lib/domain/consolidation), then act on the verdicts: taint the
// node `karpenter.sh/disrupted:NoSchedule`, evict its pods (PodDisruptionBudgets were checked by
// the verdict), and delete the NodeClaim and Node once the pods are gone. Blocked and
// unconsolidatable nodes get Events saying why.

import { consolidationVerdicts, type CandidateNode, type CandidatePod, type PoolPolicy, type Verdict } from '@/lib/domain/consolidation';
import { fromLabelSelectorObject, matchesLabelSelector } from '@/lib/domain/label-selector';
import { hourlyPrice } from '@/lib/domain/instance-types';
import type { Budget } from '@/lib/domain/disruption-budgets';
import type { KObject, Store } from '../store';
import type { SimTimer } from '../sim/clock';
import type { RecordEvent } from '../events';
import { NODECLAIMS, NODEPOOLS } from './provisioner';
import { disruptionsAllowed } from '@/lib/domain/pdb';
import { ApiError } from '../errors';
import { hasTrueCondition } from '../conditions';
import { evict as evictThroughApi } from '../kube-api/subresources';
import { findResource } from '../kube-api/registry';
import { fitNode, fitPod, isActive, isDaemonSetPod, podKey, podsByNode } from './shapes';

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

export function startConsolidator(store: Store, clock: SimTimer, record: RecordEvent): Consolidator {
  let stopped = false;
  let verdicts: Verdict[] = [];
  // When pods last arrived on or left each node: consolidateAfter counts from there.
  const lastPodChange = new Map<string, Date>();
  const placement = new Map<string, string>();
  for (const p of store.list('pods')) if (p.spec?.nodeName) placement.set(podKey(p), p.spec.nodeName);
  const unwatch = store.watch('pods', (e) => {
    const key = podKey(e.object);
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
    const now = clock.now();
    const nodes = store.list('nodes');
    const pods = store.list('pods');
    const claims = new Map(store.list(NODECLAIMS).map((c) => [c.status?.nodeName ?? '', c]));
    const pools: Record<string, PoolPolicy> = {};
    for (const np of store.list(NODEPOOLS)) {
      pools[np.metadata.name] = {
        name: np.metadata.name,
        consolidationPolicy: np.spec?.disruption?.consolidationPolicy ?? 'WhenEmptyOrUnderutilized',
        consolidateAfter: String(np.spec?.disruption?.consolidateAfter ?? '0s'),
        budgets: np.spec?.disruption?.budgets as Budget[] | undefined,
      };
    }
    const blockedByPdb = pdbBlockedPods(store, pods);
    const onNode = podsByNode(pods);
    const candidates: CandidateNode[] = nodes.map((node) => {
      const name = node.metadata.name;
      const list = onNode.get(name) ?? [];
      const managed = claims.has(name) ? node.metadata.labels?.['karpenter.sh/nodepool'] : undefined;
      return {
        ...fitNode(node, list),
        pool: managed,
        pods: list.map(
          (p): CandidatePod => ({
            ...fitPod(p),
            daemonSet: isDaemonSetPod(p),
            doNotDisrupt: p.metadata.annotations?.['karpenter.sh/do-not-disrupt'] === 'true',
            pdbBlocked: blockedByPdb.get(podKey(p)),
          }),
        ),
        lastPodChange: lastPodChange.get(name) ?? new Date(node.metadata.creationTimestamp ?? now),
        doNotDisrupt: node.metadata.annotations?.['karpenter.sh/do-not-disrupt'] === 'true',
        disrupting: isDisrupting(node),
        hourlyPrice: hourlyPrice(node.metadata.labels?.['node.kubernetes.io/instance-type'], { autoMode: Boolean(managed) }),
      };
    });
    verdicts = consolidationVerdicts(candidates, pools, now);
    for (const v of verdicts) {
      const node = nodes.find((n) => n.metadata.name === v.node)!;
      const claim = claims.get(v.node);
      if (v.state === 'consolidate') disrupt(node, claim, v);
      else if (v.state === 'disrupting') drain(node, claim);
      else if (v.state === 'blocked') record(claim ?? node, 'Normal', 'DisruptionBlocked', `Cannot disrupt NodeClaim: ${v.message}`);
      else if (v.state === 'keep' && v.pool && /would not fit elsewhere/.test(v.message)) record(claim ?? node, 'Normal', 'Unconsolidatable', v.message);
    }
    return verdicts;
  }

  function disrupt(node: KObject, claim: KObject | undefined, v: Verdict) {
    const tainted = { ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), DISRUPTED_TAINT] } };
    store.update('nodes', tainted);
    const reasonText = v.reason === 'Empty' ? 'Empty' : 'Underutilized';
    const pods = store.list('pods').filter((p) => p.spec?.nodeName === node.metadata.name && isActive(p) && !isDaemonSetPod(p));
    const message = `Disrupting NodeClaim: ${reasonText}/Delete${v.hourlySavings ? `, saving about $${v.hourlySavings.toFixed(4)}/h` : ''}`;
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
      record(node, 'Normal', 'RemovingNode', `Deleting node ${node.metadata.name}: consolidated by Auto Mode`);
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

function isDisrupting(node: KObject): boolean {
  return Boolean(node.metadata.deletionTimestamp) || (node.spec?.taints ?? []).some((t: { key: string }) => t.key === DISRUPTED_TAINT.key);
}

function reasonLine(destination?: string): string {
  return destination ? `consolidation, expected to reschedule on ${destination}` : 'node is being consolidated';
}

/**
 * Pods whose eviction a PodDisruptionBudget forbids right now: healthy pods matching the PDB minus
 * what it must keep is zero or less. Maps pod key → `namespace/pdb`.
 */
export function pdbBlockedPods(store: Store, pods: KObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const pdb of store.list('policy/poddisruptionbudgets')) {
    const ns = pdb.metadata.namespace;
    let selector;
    try {
      selector = fromLabelSelectorObject(pdb.spec?.selector ?? {});
    } catch {
      continue;
    }
    const covered = pods.filter((p) => p.metadata.namespace === ns && matchesLabelSelector(selector, p.metadata.labels ?? {}));
    const healthy = covered.filter(
      (p) => !p.metadata.deletionTimestamp && hasTrueCondition(p, 'Ready'),
    ).length;
    const allowed = disruptionsAllowed(pdb.spec, covered.length, healthy);
    if (allowed > 0) continue;
    for (const p of covered) out.set(podKey(p), `${ns}/${pdb.metadata.name}`);
  }
  return out;
}
