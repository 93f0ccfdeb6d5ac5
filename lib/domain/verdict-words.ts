// The one place a consolidation verdict becomes words, from its facts (verdict.ts):
// - verdictMessage: the short sentence on the verdict itself, which the sandbox's Events carry
//   and API clients read as `message`;
// - reviewWords: the review page's and the CSV's longer words, with destinations, countdowns and
//   node group sizes filled in.

import { describeMisfits } from './fit';
import { formatHourlyCost, formatMonthlyCost } from './format';
import type { NodegroupInfo } from './model';
import type { VerdictBlocker, VerdictFacts } from './verdict';

/** "12 s", "4 min 10 s", "2 h 5 min": a countdown in words. */
export function inWords(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** Lists names as people write them: "X", "X and Y", "X, Y and Z". */
export function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const utcClock = (iso: string) => `${iso.slice(11, 16)} UTC`;

const misfitWords = (v: VerdictFacts) => (v.misfit ? `${v.misfit.pod} would not fit elsewhere (${describeMisfits(v.misfit.nodes, v.misfit.reasons)})` : 'its pods would not fit elsewhere');

const budgetWords = (b: VerdictBlocker['budget'], withReasons: boolean) =>
  b ? ` (nodes: ${b.nodes}${b.schedule ? `, schedule "${b.schedule}" for ${b.duration}` : ''}${withReasons && b.reasons?.length ? `, reasons ${b.reasons.join(', ')}` : ''})` : '';

/** The verdict's sentence for Events and API clients. */
export function verdictMessage(v: VerdictFacts): string {
  switch (v.code) {
    case 'Disrupting':
      return 'Being removed: pods are being evicted and the node will terminate.';
    case 'ManagedNodeGroup':
      return `Belongs to managed node group ${v.nodeGroup}: it scales only through the node group (its min size), Auto Mode does not consolidate it.`;
    case 'NotManaged':
      return 'Not launched by a NodePool: Auto Mode does not consolidate it.';
    case 'NoNodePool':
      return `NodePool ${v.pool} no longer exists.`;
    case 'NotReady':
      return 'The node is not Ready: Auto Mode does not disrupt it until it is.';
    case 'Initializing':
      return 'Its NodeClaim has not finished initializing: not a candidate yet.';
    case 'ConsolidateNever':
      return `NodePool ${v.pool} has consolidateAfter: Never.`;
    case 'Receiving':
      return v.receivingLater
        ? `Will receive pods from ${v.receivingFrom}, which is consolidated once its pods have been stable for its pool's consolidateAfter.`
        : `Receives pods from ${v.receivingFrom}, which is being consolidated.`;
    case 'PolicyWhenEmpty':
      return `Has ${v.pods} pod(s) and NodePool ${v.pool} only consolidates empty nodes (WhenEmpty).`;
    case 'DoNotDisrupt':
      return v.blockedBy?.node ? `The node ${v.blockedBy.node} is annotated karpenter.sh/do-not-disrupt: "true".` : `Pod ${v.blockedBy?.pod} has karpenter.sh/do-not-disrupt: "true".`;
    case 'PDB':
      return `Pod ${v.blockedBy?.pod} is protected by PodDisruptionBudget ${v.blockedBy?.pdb}, which allows no disruption now.`;
    case 'DoesNotFit':
      return `Not underutilized enough: ${misfitWords(v)}`;
    case 'Budget':
      return `Disruption budget of NodePool ${v.pool} allows no more ${v.reason} disruptions now${budgetWords(v.blockedBy?.budget, false)}.`;
    case 'Drifted':
      return `Drifted (${v.drift}): Auto Mode launches a replacement, then drains and removes it.`;
    case 'Replace':
      return v.state === 'waiting'
        ? `${replaceWords(v)}; eligible once its pods have been stable for ${v.consolidateAfter}.`
        : `${replaceWords(v)}; Auto Mode launches it, then drains and removes this node.`;
    case 'Empty':
    case 'Underutilized':
      if (v.state === 'waiting') return `${v.code}; eligible for consolidation once its pods have been stable for ${v.consolidateAfter}.`;
      return v.code === 'Empty' ? 'Empty: no workload pods; Auto Mode will remove it.' : `Underutilized: its ${v.pods} pod(s) fit on other nodes; Auto Mode will move them and remove it.`;
  }
}

export interface ReviewWordsContext {
  /** The node group of a ManagedNodeGroup verdict, from the EKS API, for its sizes. */
  nodegroup?: NodegroupInfo;
}

/** The verdict in the review's words, at `now` (the cluster's clock) for its countdowns. */
export function reviewWords(v: VerdictFacts, now: Date, ctx: ReviewWordsContext = {}): string {
  // A drifted node a blocker holds back says both: why it should go, and why it cannot yet.
  const heldBack = v.drift && v.code !== 'Drifted' ? `Drifted (${v.drift}), replacement held back. ` : '';
  return heldBack + codeWords(v, now, ctx);
}

function codeWords(v: VerdictFacts, now: Date, ctx: ReviewWordsContext): string {
  const countdown = (iso: string | undefined) => (iso ? inWords(Date.parse(iso) - now.getTime()) : undefined);
  switch (v.code) {
    case 'Empty':
      return v.state === 'waiting'
        ? `No workload pods; its pods changed recently, so Auto Mode removes it after consolidateAfter (in ${countdown(v.eligibleAt)}).`
        : 'No workload pods; Auto Mode removes it now.';
    case 'Underutilized':
      return v.state === 'waiting'
        ? `Underutilized: ${moveWords(v.destinations)}; its pods changed recently, so it becomes a candidate after consolidateAfter (in ${countdown(v.eligibleAt)}).`
        : `Underutilized: ${moveWords(v.destinations)}; Auto Mode moves them and removes it.`;
    case 'DoNotDisrupt':
      return v.blockedBy?.node
        ? `Blocked: node ${v.blockedBy.node} is annotated karpenter.sh/do-not-disrupt: "true".`
        : `Blocked: pod ${v.blockedBy?.pod} has karpenter.sh/do-not-disrupt: "true".`;
    case 'PDB':
      return `Blocked: PodDisruptionBudget ${v.blockedBy?.pdb} protects pod ${v.blockedBy?.pod} and allows no disruption now.`;
    case 'Budget': {
      const opensAt = v.blockedBy?.opensAt;
      const opens = opensAt ? `; it opens at ${utcClock(opensAt)} (in ${countdown(opensAt)})` : '; it opens when nodes already being disrupted are gone';
      return `Blocked: the disruption budget of NodePool ${v.pool} allows 0 ${v.reason} disruptions now${budgetWords(v.blockedBy?.budget, true)}${opens}.`;
    }
    case 'PolicyWhenEmpty':
      return `Kept: NodePool ${v.pool} only removes empty nodes (consolidationPolicy: WhenEmpty) and this one runs ${v.pods ?? 'some'} pod(s).`;
    case 'ConsolidateNever':
      return `Kept: NodePool ${v.pool} has consolidateAfter: Never.`;
    case 'ManagedNodeGroup': {
      const g = ctx.nodegroup;
      const sizes = g ? `min ${g.scaling.minSize}, desired ${g.scaling.desiredSize}, max ${g.scaling.maxSize}` : 'its min size';
      return `Managed node group ${v.nodeGroup}: scales only through the node group (${sizes}); Auto Mode does not consolidate it.`;
    }
    case 'NotManaged':
      return 'Not launched by a NodePool: Auto Mode does not consolidate it.';
    case 'NoNodePool':
      return `Its NodePool ${v.pool} no longer exists.`;
    case 'Drifted':
      return `Drifted: ${v.drift}; Auto Mode launches a replacement, then drains and removes it.`;
    case 'Replace':
      return v.state === 'waiting'
        ? `${replaceWords(v)}; its pods changed recently, so it becomes a candidate after consolidateAfter (in ${countdown(v.eligibleAt)}).`
        : `${replaceWords(v)}; Auto Mode launches it, then drains and removes this node.`;
    case 'NotReady':
      return 'Not Ready: Auto Mode does not disrupt a node until it is Ready.';
    case 'Initializing':
      return 'Still initializing (its NodeClaim is not Initialized): not a candidate yet.';
    case 'Receiving':
      return v.receivingLater
        ? `Kept: will receive pods from ${v.receivingFrom} once it has waited out consolidateAfter.`
        : `Kept: receives pods from ${v.receivingFrom}, which is being consolidated.`;
    case 'DoesNotFit':
      return `Kept: ${misfitWords(v)}`;
    case 'Disrupting':
      return 'Being removed: its pods are being evicted and the node will terminate.';
  }
}

/** For a node that stays: "If it went now: a → X, b → nowhere (no node that stays has room or allows it)." */
export function placementWords(placement: Readonly<Record<string, string | null>>): string {
  const moves = Object.entries(placement).sort(([a], [b]) => a.localeCompare(b));
  const misses = moves.filter(([, n]) => n === null).length;
  const why = misses ? ` (${misses === moves.length ? 'none fits' : `${misses} of ${moves.length} fit`} on the nodes that stay)` : '';
  return `If it went now: ${moves.map(([p, n]) => `${p} → ${n ?? 'nowhere'}`).join(', ')}${why}.`;
}

/** "Replace: its 2 pod(s) fit on one cheaper t3.large ($0.05/h, $37/mo less)". */
function replaceWords(v: VerdictFacts): string {
  const saved = v.hourlySavings ?? 0;
  return `Replace: its ${v.pods} pod(s) do not fit on the other nodes but fit on one cheaper ${v.replacement?.instanceType} (${formatHourlyCost(saved)}, ${formatMonthlyCost(saved)} less)`;
}

/** "its 2 pod(s) fit on node X (a → X, b → X)". */
function moveWords(destinations: Record<string, string> = {}): string {
  const moves = Object.entries(destinations).sort(([a], [b]) => a.localeCompare(b));
  const targets = [...new Set(moves.map(([, n]) => n))].sort();
  return `its ${moves.length} pod(s) fit on ${targets.length === 1 ? 'node' : 'nodes'} ${listWords(targets)} (${moves.map(([p, n]) => `${p} → ${n}`).join(', ')})`;
}
