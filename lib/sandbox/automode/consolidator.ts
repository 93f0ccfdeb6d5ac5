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
// as they change (a watch, pod-changes.ts), so a pass costs a walk over compact pods, not a
// reshape of every pod. The steps live beside this file: drain.ts (taint, evict, delete),
// drift-replacement.ts and claim-pod-events.ts (what the NodeClaim's status says of its pods).

import { consolidationVerdicts, type Verdict } from '@/lib/domain/consolidation';
import { isConsolidatable } from '@/lib/domain/consolidate-after';
import { buildCandidates } from '@/lib/domain/consolidation-candidates';
import { hasDisruptedTaint } from '@/lib/domain/disrupted-taint';
import { transformNode, transformNodeClaim, transformNodePool, transformPdb } from '@/lib/domain/transform';
import type { NodeInfo } from '@/lib/domain/model';
import { clone, type KObject, type Store } from '../store';
import type { SimTimer } from '../sim/clock';
import type { RecordEvent } from '../events';
import { NODECLAIMS, NODEPOOLS, TERMINATION_FINALIZER, type Provisioner } from './provisioner';
import { driftMarker } from './drift';
import { disrupt, drain, taintDisrupted, type DrainContext } from './drain';
import { replaceDrifted, type ReplaceContext } from './drift-replacement';
import { claimPodEventsWriter } from './claim-pod-events';
import { watchPodChanges } from './pod-changes';

const TICK_SECONDS = 5;

export interface Consolidator {
  reconcile(): Verdict[];
  /** The verdicts of the last pass (for tests and diagnostics). */
  last(): Verdict[];
  stop(): void;
}

export function startConsolidator(store: Store, clock: SimTimer, record: RecordEvent, provisioner?: Pick<Provisioner, 'launchFor'>): Consolidator {
  let stopped = false;
  const markDrift = driftMarker(store, record);
  const ctx: ReplaceContext = { store, record, provisioner, replacing: new Map() };
  const recordPodEvents = claimPodEventsWriter(store);
  const { pods, lastPodChange, stop: unwatch } = watchPodChanges(store, clock);
  let verdicts: Verdict[] = [];
  /** The inputs' latest changes when the verdicts were judged without a candidate. */
  let judgedInputs: string | undefined;

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
    terminateDeleted(ctx);
    const now = clock.now();
    // Nodes are read in place (a pass over thousands of them must not copy each); only a node a
    // verdict acts on is copied, in act().
    const nodes = new Map([...store.peek('nodes')].map((n) => [n.metadata.name, n as KObject]));
    const claimObjects = store.list(NODECLAIMS);
    const claims = new Map(claimObjects.map((c) => [c.status?.nodeName ?? '', c]));
    // A node no NodeClaim names is no candidate (its verdict says so without a look at its
    // pods), and with no candidate no pod is moved anywhere: then the pods, which on a large
    // cluster of such nodes were most of a pass, change no verdict and are left out.
    const anyCandidate = [...claims.keys()].some((name) => nodes.has(name));
    // Without a candidate, every verdict (not managed, or being removed) follows from the nodes,
    // NodeClaims and NodePools alone: while they stay as they were, so do the verdicts.
    const inputs = anyCandidate ? undefined : ['nodes', NODECLAIMS, NODEPOOLS].map((k) => store.lastChange(k)).join();
    if (inputs === undefined || inputs !== judgedInputs) {
      verdicts = judge(nodes, claimObjects, anyCandidate, now);
      judgedInputs = inputs;
    }
    for (const v of verdicts) act(ctx, v, nodes.get(v.node)!, claims.get(v.node));
    for (const name of ctx.replacing.keys()) if (!nodes.has(name)) ctx.replacing.delete(name);
    return verdicts;
  }

  /** This pass's verdicts, with the Events that say when each candidate's pods last changed. */
  function judge(nodes: Map<string, KObject>, claimObjects: KObject[], anyCandidate: boolean, now: Date): Verdict[] {
    const { nodes: candidates, pools } = buildCandidates(
      {
        nodes: [...nodes.values()].map(compactNode),
        pods: anyCandidate ? pods() : [],
        pdbs: anyCandidate ? store.list('policy/poddisruptionbudgets').map(transformPdb) : [],
        nodeClaims: claimObjects.map(transformNodeClaim),
        nodePools: store.list(NODEPOOLS).map(transformNodePool),
      },
      // No Replace verdicts here: the sandbox cannot yet launch a chosen cheaper type and hand the
      // pods over, so such a node stays (DoesNotFit) rather than spend the pass's budget and room
      // on a replacement that never comes. The review still shows what Auto Mode would do.
      { lastPodChange: (node) => lastPodChange.get(node), replacements: false },
    );
    const judged = consolidationVerdicts(candidates, pools, now, { placement: false });
    for (const c of candidates) if (c.nodeClaim && c.pool) recordPodEvents(c.nodeClaim, lastPodChange.get(c.name), isConsolidatable(pools[c.pool]?.consolidateAfter ?? 'Never', c.lastPodChange, now));
    return judged;
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

/**
 * A stored node in the compact model, made once per stored version: a write replaces the stored
 * object rather than changing it, so the object itself says whether the node changed, and a pass
 * reshapes only the nodes written since the last one.
 */
const compactNodes = new WeakMap<Readonly<KObject>, NodeInfo>();
function compactNode(n: Readonly<KObject>): NodeInfo {
  let info = compactNodes.get(n);
  if (!info) compactNodes.set(n, (info = transformNode(n)));
  return info;
}

/** What a verdict asks of the node: remove it, go on draining it, replace it, or say why not. */
function act(ctx: ReplaceContext, v: Verdict, stored: Readonly<KObject>, claim: KObject | undefined) {
  const node = v.state === 'consolidate' || v.state === 'disrupting' || v.state === 'replace' ? clone(stored as KObject) : (stored as KObject);
  if (v.state === 'consolidate') disrupt(ctx, node, claim, v);
  else if (v.state === 'disrupting') drain(ctx, node, claim);
  else if (v.state === 'replace') replaceDrifted(ctx, node, claim, v);
  else if (v.state === 'blocked') ctx.record(claim ?? node, 'Normal', 'DisruptionBlocked', `Cannot disrupt NodeClaim: ${v.message}`);
  else if (v.code === 'DoesNotFit') ctx.record(claim ?? node, 'Normal', 'Unconsolidatable', v.message);
}

/**
 * NodeClaims deleted by someone (kubectl, or the garbage collector after their NodePool went):
 * kept by the termination finalizer, their node is tainted and drained like a consolidated one
 * (the verdicts see it disrupting from then on), and both go once it is empty. One that never
 * got a node goes at once.
 */
function terminateDeleted(ctx: DrainContext) {
  const { store, record } = ctx;
  const claimsByNode = new Map(store.list(NODECLAIMS).map((c) => [c.status?.nodeName ?? '', c]));
  // A node deleted itself (kubectl delete node) is drained the same way, with its NodeClaim.
  for (const stored of [...store.peek('nodes')]) {
    if (!stored.metadata.deletionTimestamp || !stored.metadata.finalizers?.includes(TERMINATION_FINALIZER) || isDisrupted(stored as KObject)) continue;
    const node = clone(stored as KObject);
    const tainted = taintDisrupted(store, node);
    record(tainted, 'Normal', 'Terminating', `Terminating node ${node.metadata.name}: it was deleted; draining it`);
    drain(ctx, tainted, claimsByNode.get(node.metadata.name));
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
    const tainted = taintDisrupted(store, node);
    record(claim, 'Normal', 'Terminating', `Terminating NodeClaim: it was deleted; draining node ${node.metadata.name}`);
    drain(ctx, tainted, claim);
  }
}

const isDisrupted = (node: KObject) => hasDisruptedTaint(node.spec?.taints);
