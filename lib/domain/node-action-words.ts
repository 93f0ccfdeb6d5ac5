// The one place a node action plan becomes words (the plan itself is data: node-action-plan.ts),
// for the confirm dialog, the API's error messages and the activity's Events.

import { describeMisfits } from './fit';
import { formatMonthlyCost } from './format';
import type { Landing, NodeActionPlan, PdbHold, PlanNote, PlannedPod, Refusal, SurgeOffer } from './node-action-plan';
import { listWords } from './verdict-words';

type CannotLand = Extract<Landing, { kind: 'cannot-land' }>;

const RULE_WORDS: Record<string, string> = {
  'pod-anti-affinity': 'its pod anti-affinity forbids every node that could take it',
  'existing-anti-affinity': "other pods' anti-affinity forbids every node that could take it",
  'pod-affinity': 'its pod affinity finds no node with the pods it must run beside',
  spread: 'its topology spread constraint (DoNotSchedule) would be broken on every other node',
  'spread-label': 'its topology spread key is missing on the other nodes',
  selector: 'no other node matches its node selector or affinity',
  taint: 'the other nodes have taints it does not tolerate',
  cpu: 'no other node has the CPU it requests',
  memory: 'no other node has the memory it requests',
  pods: 'the other nodes hold their maximum number of pods',
  unschedulable: 'every other node is cordoned',
  'no-nodes': 'there is no other node',
};

export function cannotLandWords(l: CannotLand): string {
  const rule = l.code === 'nodegroup-max' ? undefined : RULE_WORDS[l.code];
  const scheduler = describeMisfits(l.nodes, l.misfits).replace(/\.$/, '');
  const group = l.nodegroup
    ? l.nodegroup.desiredSize >= l.nodegroup.maxSize
      ? `; node group ${l.nodegroup.name} is at its max size (${l.nodegroup.maxSize})`
      : `; node group ${l.nodegroup.name} could grow to ${l.nodegroup.maxSize} nodes, but nothing here scales it`
    : '';
  if (l.code === 'nodegroup-max') return `no node takes it (${scheduler})${group}`;
  return `${rule} (${scheduler})${group}`;
}

export function refusalWords(r: Refusal): string {
  switch (r.code) {
    case 'node-not-found':
      return `Node ${r.node} does not exist.`;
    case 'node-terminating':
      return `Node ${r.node} is being deleted.`;
    case 'bare-pods':
      return `Cannot delete pods that declare no controller (${listWords(r.pods)}): nothing would recreate them. Drain with force to delete them for good.`;
    case 'emptydir-data':
      return `Cannot delete pods with local storage (emptyDir: ${listWords(r.pods)}): their data would be lost. Drain with "delete emptyDir data" to accept that.`;
    case 'recreate-strategy':
      return `Deployment ${r.deployment} uses the Recreate strategy: a restart stops its pods before new ones start, so it would have no ready pod for a while.`;
    case 'no-surge':
      return `Deployment ${r.deployment} has maxSurge ${r.maxSurge}: a restart stops an old pod before its replacement runs, so it would have no ready pod for a while. Give it a surge (maxSurge: 1) first.`;
    case 'cannot-land':
      return `${r.workload ? `Deployment ${r.workload}'s pod ${r.pod}` : `Pod ${r.pod}`} cannot be replaced elsewhere: ${cannotLandWords(r.landing)}. The node is not cordoned.`;
    case 'pdb-never-allows':
      return `PodDisruptionBudget ${r.pdb} allows no eviction of ${r.pod}, and no pod it covers is on its way to Ready: an eviction drain would wait forever. Drain by restart instead.`;
  }
}

export function noteWords(n: PlanNote): string {
  switch (n.code) {
    case 'pending-after-evict':
      return `${n.pod} would stay Pending once evicted: ${cannotLandWords(n.landing)}.`;
    case 'restarts-all-replicas':
      return `Restarting ${n.deployment} replaces all ${n.replicas} of its pods, not only the one here.`;
    case 'waits-for-new-nodes':
      return `Auto Mode launches ${n.count} new node${n.count === 1 ? '' : 's'} for pods nothing else takes; the drain waits for them.`;
    case 'already-cordoned':
      return 'The node is already cordoned.';
    case 'not-cordoned':
      return 'The node is not cordoned.';
    case 'surge-patched':
      return `Deployment ${n.deployment} gets RollingUpdate maxSurge 1, maxUnavailable 0 for this drain, so its new pod runs before the old one stops; once its rollout is done it is set back to ${strategyWords(n.from)}.`;
  }
}

export function strategyWords(from: SurgeOffer['from']): string {
  if (from.type === 'Recreate') return 'Recreate';
  return `RollingUpdate maxSurge ${from.maxSurge}${from.maxUnavailable !== undefined ? `, maxUnavailable ${from.maxUnavailable}` : ''}`;
}

/** The offer the confirm dialog makes when a drain by restart is refused for want of a surge. */
export function surgeOfferWords(offers: readonly SurgeOffer[]): string {
  const names = offers.map((o) => `${o.deployment} (${strategyWords(o.from)})`).join(', ');
  return `Patch maxSurge to 1 for this drain: ${names} ${offers.length === 1 ? 'gets' : 'get'} RollingUpdate maxSurge 1, maxUnavailable 0 while restarted, then ${offers.length === 1 ? 'its' : 'their'} strategy is set back. A deployment is often Recreate because two of its pods must not run at once (a ReadWriteOnce volume): the new pod may then wait for the old one.`;
}

export function pdbWords(h: PdbHold): string {
  if (h.waits === 'none') return `PDB ${h.name} allows it (${h.allowed} disruption${h.allowed === 1 ? '' : 's'} allowed)`;
  if (h.waits === 'replacement-ready') return `PDB ${h.name} holds it until a replacement is Ready elsewhere`;
  return `PDB ${h.name} allows no disruption, and nothing will change that`;
}

const EXIT_WORDS: Record<PlannedPod['exit'], string> = {
  evicted: 'evicted',
  restarted: 'replaced by a rollout restart',
  deleted: 'deleted (no controller recreates it)',
  'ignored-daemonset': 'stays (DaemonSet pod)',
  'ignored-mirror': 'stays (static pod)',
  'refused-bare': 'refused: no controller recreates it',
  'refused-emptydir': 'refused: emptyDir data would be lost',
  stays: 'stays',
};

export function landingWords(l: Landing): string {
  if (l.kind === 'lands-on') return `lands on ${l.node}`;
  if (l.kind === 'needs-new-capacity') return `lands on a new ${l.instanceType} node (NodePool ${l.pool})`;
  return `cannot land: ${cannotLandWords(l)}`;
}

/** One line per pod: how it leaves, where it lands, what holds it. */
export function podLineWords(p: PlannedPod): string {
  const parts = [EXIT_WORDS[p.exit]];
  if (p.landing) parts.push(landingWords(p.landing));
  if (p.pdb) parts.push(pdbWords(p.pdb));
  if (p.emptyDirs?.length && (p.exit === 'evicted' || p.exit === 'restarted' || p.exit === 'deleted')) parts.push(`emptyDir data deleted: ${p.emptyDirs.join(', ')}`);
  return `${p.pod}: ${parts.join('; ')}`;
}

/** The plan's headline, for the dialog and the 409 body. */
export function planSummary(plan: NodeActionPlan): string {
  if (!plan.canProceed) return `Cannot ${plan.action.replace('-', ' ')} ${plan.node}: ${plan.refusals.map(refusalWords).join(' ')}`;
  const leaving = plan.pods.filter((p) => p.order !== undefined).length;
  const hourly = plan.newCapacity.reduce((s, c) => s + c.hourly, 0);
  const capacity = plan.newCapacity.length ? `; new capacity ${plan.newCapacity.map((c) => `${c.count} × ${c.instanceType}`).join(', ')} (${formatMonthlyCost(hourly)})` : '';
  return `${leaving} pod${leaving === 1 ? '' : 's'} leave${leaving === 1 ? 's' : ''} ${plan.node}${capacity}.`;
}
