// Every node action as a plan before anything changes: which pods leave the node and how
// (evicted, replaced by a rollout restart, ignored as DaemonSet pods, refused as bare pods), in
// what order, where each replacement lands (node-action-landing.ts), which PodDisruptionBudget
// holds it and until when, what Auto Mode would launch, and what cannot happen and why. The routes
// answer a dry run with it and refuse a real run it says cannot complete, before the cordon.
//
// The drain rules are `kubectl drain`'s: DaemonSet pods and mirror (static) pods are left alone;
// pods no controller recreates are refused unless forced (then deleted for good); pods with
// emptyDir volumes are refused unless their data may go. A drain by restart replaces only the
// deployments eviction would take down: one replica, or a PDB that allows no disruption now. Their
// rollout must surge: a Recreate deployment, or maxSurge 0, stops the old pod before the new one
// runs, so it is refused with that reason.

import { matchesLabelSelector } from './label-selector';
import type { DeploymentInfo, NodeInfo, NodegroupInfo, PdbInfo, PodInfo, TopologySnapshot } from './model';
import { holdsResources } from './holds-resources';
import { disruptionsAllowed } from './pdb';
import type { PriceTable } from './pricing';
import type { InstanceOffering } from './provisioning';
import { landings, type CannotLandCode, type Landing, type NewCapacity } from './node-action-landing';

export type NodeActionKind = 'cordon' | 'uncordon' | 'drain' | 'drain-restart' | 'do-not-disrupt' | 'allow-disruption';

export interface NodeActionOptions {
  /** kubectl drain --force: pods no controller recreates are deleted. */
  force?: boolean;
  /** kubectl drain --delete-emptydir-data: pods with emptyDir volumes may go, their data with them. */
  deleteEmptyDirData?: boolean;
  /** kubectl drain --grace-period (seconds; absent: each pod's own). */
  gracePeriodSeconds?: number;
  /** kubectl drain --timeout (seconds; absent: ten minutes). */
  timeoutSeconds?: number;
  /**
   * Drain by restart: a deployment whose rollout would not surge (Recreate, maxSurge 0) gets
   * RollingUpdate maxSurge 1 / maxUnavailable 0 for the drain, set back once its rollout is done.
   */
  surge?: boolean;
}

/** A deployment whose restart needs a surge it does not have: offered as a patch, or patched when asked. */
export interface SurgeOffer {
  deployment: string;
  /** What it has now, to be set back after the rollout. */
  from: { type: 'Recreate' } | { type: 'RollingUpdate'; maxSurge: number | string; maxUnavailable?: number | string };
}

export interface NodeActionInput extends Pick<TopologySnapshot, 'nodes' | 'pods' | 'deployments' | 'pdbs' | 'nodePools' | 'nodeClaims'> {
  node: string;
  action: NodeActionKind;
  options?: NodeActionOptions;
  /** Managed node groups from the EKS API, when it answers: a full group is why pods cannot land. */
  nodegroups?: readonly NodegroupInfo[];
  prices?: PriceTable;
  catalog?: readonly InstanceOffering[];
}

/** How a pod leaves the node (or why it does not). */
export type PodExit = 'evicted' | 'restarted' | 'deleted' | 'ignored-daemonset' | 'ignored-mirror' | 'refused-bare' | 'refused-emptydir' | 'stays';

/**
 * A PDB covering the pod: `allowed` disruptions now; `waits`: the eviction goes through at once
 * (`none`), after a replacement elsewhere is Ready (`replacement-ready`), or never by itself
 * (`never`: every covered pod is healthy and the budget allows none).
 */
export interface PdbHold {
  name: string;
  allowed: number;
  waits: 'none' | 'replacement-ready' | 'never';
}

export interface PlannedPod {
  pod: string;
  workload?: { kind: string; name: string };
  exit: PodExit;
  /** 1: restarted deployments (their rollouts first), 2: evicted or deleted; absent for pods that stay. */
  order?: 1 | 2;
  pdb?: PdbHold;
  landing?: Landing;
  /** emptyDir volumes whose data the drain deletes. */
  emptyDirs?: string[];
}

/** Why an action cannot run as asked, as data (words: refusalWords). */
export type Refusal =
  | { code: 'node-not-found'; node: string }
  | { code: 'node-terminating'; node: string }
  | { code: 'bare-pods'; pods: string[] }
  | { code: 'emptydir-data'; pods: string[] }
  | { code: 'recreate-strategy'; deployment: string }
  | { code: 'no-surge'; deployment: string; maxSurge: number | string }
  | { code: 'cannot-land'; pod: string; workload?: string; landing: Extract<Landing, { kind: 'cannot-land' }> }
  | { code: 'pdb-never-allows'; pod: string; pdb: string };

/** What should be said but does not stop the action. */
export type PlanNote =
  | { code: 'pending-after-evict'; pod: string; landing: Extract<Landing, { kind: 'cannot-land' }> }
  | { code: 'restarts-all-replicas'; deployment: string; replicas: number }
  | { code: 'waits-for-new-nodes'; count: number }
  | { code: 'already-cordoned' }
  | { code: 'not-cordoned' }
  | { code: 'surge-patched'; deployment: string; from: SurgeOffer['from'] };

export type PlanStep =
  | { step: 'cordon' }
  | { step: 'uncordon' }
  | { step: 'annotate'; value: boolean }
  | { step: 'surge'; deployments: string[] }
  | { step: 'restart'; deployments: string[] }
  | { step: 'evict'; pods: string[] }
  | { step: 'delete'; pods: string[] };

export interface NodeActionPlan {
  node: string;
  action: NodeActionKind;
  options: NodeActionOptions;
  steps: PlanStep[];
  pods: PlannedPod[];
  /** Deployments a drain by restart rolls (`namespace/name`). */
  restart: string[];
  /** Restarted deployments that need a surge patch: refused without `options.surge`, patched with it. */
  surge: SurgeOffer[];
  newCapacity: NewCapacity[];
  refusals: Refusal[];
  notes: PlanNote[];
  canProceed: boolean;
}

const keyOf = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
const isDrain = (a: NodeActionKind) => a === 'drain' || a === 'drain-restart';

export function planNodeAction(input: NodeActionInput): NodeActionPlan {
  const options = input.options ?? {};
  const base = { node: input.node, action: input.action, options, steps: [] as PlanStep[], pods: [] as PlannedPod[], restart: [] as string[], surge: [] as SurgeOffer[], newCapacity: [] as NewCapacity[], notes: [] as PlanNote[] };
  const node = input.nodes.find((n) => n.name === input.node);
  if (!node) return { ...base, refusals: [{ code: 'node-not-found', node: input.node }], canProceed: false };
  if (node.terminating && input.action !== 'uncordon') return { ...base, refusals: [{ code: 'node-terminating', node: input.node }], canProceed: false };
  if (!isDrain(input.action)) return simplePlan(input, node, base);
  const plan = drainPlan(input, options);
  return { ...base, ...plan, canProceed: plan.refusals.length === 0 };
}

/** Cordon, uncordon and do-not-disrupt move no pod: the plan lists the pods that stay. */
function simplePlan(input: NodeActionInput, node: NodeInfo, base: Omit<NodeActionPlan, 'refusals' | 'canProceed'>): NodeActionPlan {
  const pods: PlannedPod[] = podsOn(input.pods, node.name).map((p) => ({ pod: keyOf(p), ...(p.owner ? { workload: p.owner } : {}), exit: 'stays' }));
  const notes: PlanNote[] = [];
  let steps: PlanStep[];
  if (input.action === 'cordon') {
    steps = [{ step: 'cordon' }];
    if (node.unschedulable) notes.push({ code: 'already-cordoned' });
  } else if (input.action === 'uncordon') {
    steps = [{ step: 'uncordon' }];
    if (!node.unschedulable) notes.push({ code: 'not-cordoned' });
  } else {
    steps = [{ step: 'annotate', value: input.action === 'do-not-disrupt' }];
  }
  return { ...base, steps, pods, notes, refusals: [], canProceed: true };
}

const podsOn = (pods: readonly PodInfo[], node: string) => pods.filter((p) => holdsResources(p) && p.nodeName === node).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

/** How kubectl drain treats the pod before any PDB or placement is asked. */
function exitOf(p: PodInfo, options: NodeActionOptions): PodExit {
  if (p.owner?.kind === 'DaemonSet') return 'ignored-daemonset';
  if (p.owner?.kind === 'Node') return 'ignored-mirror';
  if (!p.owner) return options.force ? 'deleted' : 'refused-bare';
  if (p.emptyDirs?.length && !options.deleteEmptyDirData) return 'refused-emptydir';
  return 'evicted';
}

function drainPlan(input: NodeActionInput, options: NodeActionOptions) {
  const onNode = podsOn(input.pods, input.node);
  const holds = pdbHolds(input.pods, input.pdbs, onNode);
  const planned: PlannedPod[] = onNode.map((p) => {
    const entry: PlannedPod = { pod: keyOf(p), exit: exitOf(p, options) };
    if (p.owner) entry.workload = p.owner;
    if (p.emptyDirs?.length) entry.emptyDirs = p.emptyDirs;
    const hold = holds.get(entry.pod);
    if (hold && entry.exit === 'evicted') entry.pdb = hold;
    return entry;
  });
  const refusals: Refusal[] = [];
  const notes: PlanNote[] = [];
  const surge: SurgeOffer[] = [];
  const restart = input.action === 'drain-restart' ? restartSet(input, onNode, holds, { refusals, notes, surge, accept: options.surge === true }) : new Set<string>();
  for (const entry of planned) {
    if (entry.exit !== 'evicted' || entry.workload?.kind !== 'Deployment') continue;
    if (restart.has(`${entry.pod.split('/')[0]}/${entry.workload.name}`)) {
      entry.exit = 'restarted';
      delete entry.pdb;
    }
  }
  for (const entry of planned) if (entry.exit === 'restarted') entry.order = 1;
  for (const entry of planned) if (entry.exit === 'evicted' || entry.exit === 'deleted') entry.order = 2;
  refuseKubectlRules(planned, refusals);
  const newCapacity = placeReplacements(input, onNode, planned, refusals, notes);
  for (const entry of planned) if (entry.pdb?.waits === 'never') refusals.push({ code: 'pdb-never-allows', pod: entry.pod, pdb: entry.pdb.name });
  const surged = options.surge ? surge.map((o) => o.deployment).sort() : [];
  return { pods: planned, restart: [...restart].sort(), surge, newCapacity, refusals, notes, steps: stepsOf(planned, [...restart].sort(), surged) };
}

function refuseKubectlRules(planned: readonly PlannedPod[], refusals: Refusal[]) {
  const bare = planned.filter((p) => p.exit === 'refused-bare').map((p) => p.pod);
  if (bare.length) refusals.push({ code: 'bare-pods', pods: bare });
  const local = planned.filter((p) => p.exit === 'refused-emptydir').map((p) => p.pod);
  if (local.length) refusals.push({ code: 'emptydir-data', pods: local });
}

/**
 * Where the replacements of the pods that leave land. A pod that lands nowhere is refused in a
 * drain by restart (the safe drain promises every workload keeps its pods) and when a PDB holds
 * it (the eviction would wait forever); a plain eviction drain, as kubectl's, notes it Pending.
 */
function placeReplacements(input: NodeActionInput, onNode: readonly PodInfo[], planned: PlannedPod[], refusals: Refusal[], notes: PlanNote[]): NewCapacity[] {
  const byKey = new Map(planned.map((p) => [p.pod, p]));
  const moving = onNode.filter((p) => {
    const exit = byKey.get(keyOf(p))?.exit;
    return exit === 'evicted' || exit === 'restarted';
  });
  const evicted = new Set(moving.filter((p) => byKey.get(keyOf(p))?.exit === 'evicted').map(keyOf));
  const { byPod, newCapacity } = landings(input, input.node, moving, evicted);
  for (const [pod, landing] of byPod) {
    const entry = byKey.get(pod)!;
    entry.landing = landing;
    if (landing.kind !== 'cannot-land') continue;
    const workload = entry.workload ? `${pod.split('/')[0]}/${entry.workload.name}` : undefined;
    if (input.action === 'drain-restart' || entry.pdb) refusals.push({ code: 'cannot-land', pod, ...(workload ? { workload } : {}), landing });
    else notes.push({ code: 'pending-after-evict', pod, landing });
  }
  const launching = newCapacity.reduce((s, c) => s + c.count, 0);
  if (launching) notes.push({ code: 'waits-for-new-nodes', count: launching });
  return newCapacity;
}

function stepsOf(planned: readonly PlannedPod[], restart: string[], surged: string[]): PlanStep[] {
  const steps: PlanStep[] = [{ step: 'cordon' }];
  if (surged.length) steps.push({ step: 'surge', deployments: surged });
  if (restart.length) steps.push({ step: 'restart', deployments: restart });
  const evict = planned.filter((p) => p.exit === 'evicted').map((p) => p.pod);
  if (evict.length) steps.push({ step: 'evict', pods: evict });
  const del = planned.filter((p) => p.exit === 'deleted').map((p) => p.pod);
  if (del.length) steps.push({ step: 'delete', pods: del });
  return steps;
}

/**
 * The deployments a drain by restart rolls: those eviction would take down (one replica) or a
 * PDB would hold for good. Each must surge, or it is refused.
 */
function restartSet(
  input: NodeActionInput,
  onNode: readonly PodInfo[],
  holds: Map<string, PdbHold>,
  sink: { refusals: Refusal[]; notes: PlanNote[]; surge: SurgeOffer[]; accept: boolean },
): Set<string> {
  const { refusals, notes } = sink;
  const out = new Set<string>();
  for (const p of onNode) {
    if (p.owner?.kind !== 'Deployment') continue;
    const name = `${p.namespace}/${p.owner.name}`;
    if (out.has(name)) continue;
    const d = input.deployments.find((x) => x.namespace === p.namespace && x.name === p.owner!.name);
    const replicas = d?.replicas ?? 1;
    const hold = holds.get(keyOf(p));
    if (replicas > 1 && hold?.waits !== 'never') continue;
    out.add(name);
    const refusal = surgeRefusal(name, d);
    if (refusal) {
      const from: SurgeOffer['from'] =
        refusal.code === 'recreate-strategy' ? { type: 'Recreate' } : { type: 'RollingUpdate', maxSurge: d?.strategy?.maxSurge ?? 0, ...(d?.strategy?.maxUnavailable !== undefined ? { maxUnavailable: d.strategy.maxUnavailable } : {}) };
      sink.surge.push({ deployment: name, from });
      if (sink.accept) notes.push({ code: 'surge-patched', deployment: name, from });
      else refusals.push(refusal);
    }
    if (replicas > 1) notes.push({ code: 'restarts-all-replicas', deployment: name, replicas });
  }
  return out;
}

/** A rollout that stops the old pod before the new one runs: Recreate, or a surge of 0. */
export function surgeRefusal(name: string, d: Pick<DeploymentInfo, 'replicas' | 'strategy'> | undefined): Refusal | undefined {
  const strategy = d?.strategy;
  if (strategy?.type === 'Recreate') return { code: 'recreate-strategy', deployment: name };
  const maxSurge = strategy?.maxSurge ?? '25%';
  if (intOrPercent(maxSurge, d?.replicas ?? 1, true) === 0) return { code: 'no-surge', deployment: name, maxSurge };
  return undefined;
}

/** An int-or-percent of `total`, as the deployment controller resolves it (surge rounds up, unavailable down). */
function intOrPercent(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const pct = /^(\d+)%$/.exec(v);
  if (!pct) return Number(v) || 0;
  const exact = (Number(pct[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * Per pod on the node, the PDB that covers it and how long it holds the eviction. Budgets are
 * spent in pod order: with one disruption allowed, the second pod waits for the first's
 * replacement to be Ready elsewhere.
 */
function pdbHolds(all: readonly PodInfo[], pdbs: readonly PdbInfo[], onNode: readonly PodInfo[]): Map<string, PdbHold> {
  const out = new Map<string, PdbHold>();
  for (const pdb of pdbs) {
    const covered = all.filter((p) => p.namespace === pdb.namespace && p.phase !== 'Succeeded' && p.phase !== 'Failed' && matchesLabelSelector(pdb.selector, p.labels));
    const healthy = covered.filter((p) => p.ready && !p.terminating).length;
    const allowed = disruptionsAllowed(pdb, covered.length, healthy);
    const recovering = covered.length > healthy;
    let left = allowed;
    for (const p of onNode) {
      if (!covered.includes(p) || p.owner?.kind === 'DaemonSet') continue;
      const waits: PdbHold['waits'] = left > 0 ? 'none' : allowed > 0 || recovering ? 'replacement-ready' : 'never';
      if (left > 0) left--;
      out.set(keyOf(p), { name: `${pdb.namespace}/${pdb.name}`, allowed, waits });
    }
  }
  return out;
}

export type { CannotLandCode, Landing, NewCapacity };
