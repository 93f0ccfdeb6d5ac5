// The scheduler's PostFilter step for a pod no node fits: default preemption (lib/domain/preemption)
// on the store. The chosen node goes into the pod's status.nominatedNodeName and its victims are
// marked DisruptionTarget and deleted gracefully, each with a Preempted Event; the pod binds in a
// later pass once they are gone. Returns the text that follows the filter summary in the
// FailedScheduling message ("preemption: …"), or '' when a node was nominated.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { upsertCondition } from '../conditions';
import { describeReasons, misfitWords, type FitNode, type FitPod, type Misfit } from '@/lib/domain/fit';
import { planPreemption, preemptionReasons, type PdbLike, type PriorityPod } from '@/lib/domain/preemption';
import { fromLabelSelectorObject } from '@/lib/domain/label-selector';
import { fitPod } from '../automode/shapes';
import { deletePod } from './owned-pods';

const priorityOf = (p: KObject): number => Number(p.spec?.priority ?? 0);

export function priorityPod(p: KObject, fit: FitPod = fitPod(p)): PriorityPod {
  const started = Date.parse(p.status?.startTime ?? '');
  return { ...fit, priority: priorityOf(p), ...(Number.isNaN(started) ? {} : { startedAt: started }) };
}

/** Being deleted because the scheduler preempted it (the condition it sets before deleting). */
function terminatingByPreemption(p: KObject): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  return (p.status?.conditions ?? []).some((c: { type: string; reason?: string }) => c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler');
}

function pdbsIn(store: Store): PdbLike[] {
  return [...store.peek('policy/poddisruptionbudgets')].map((o) => ({
    namespace: o.metadata.namespace!,
    // A PDB without a selector selects nothing under policy/v1's preemption check.
    selector: o.spec?.selector ? fromLabelSelectorObject(o.spec.selector) : { requirements: [], matchesNothing: true },
    disruptionsAllowed: Number(o.status?.disruptionsAllowed ?? 0),
    disruptedPods: Object.keys(o.status?.disruptedPods ?? {}),
  }));
}

export interface PreemptionInput {
  store: Store;
  record: RecordEvent;
  pod: KObject;
  fit: FitPod;
  nodes: FitNode[];
  whyNot: ReadonlyMap<string, Misfit>;
  /** The raw pods on each node. */
  byNode: ReadonlyMap<string, KObject[]>;
}

/** Whether the pod may preempt now; the scheduler's reason when it may not. */
function ineligible({ pod, byNode }: PreemptionInput): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated) return undefined;
  const lower = (byNode.get(nominated) ?? []).filter((p) => priorityOf(p) < priorityOf(pod));
  return lower.some(terminatingByPreemption) ? 'not eligible due to a terminating pod on the nominated node.' : undefined;
}

export function preempt(input: PreemptionInput): string {
  const { store, record, pod, fit, nodes, whyNot, byNode } = input;
  const refusal = ineligible(input);
  if (refusal) return `preemption: ${refusal}`;
  const residents = new Map([...byNode].map(([node, pods]) => [node, pods.map((p) => priorityPod(p))]));
  const plan = planPreemption(priorityPod(pod, fit), nodes, whyNot, (n) => residents.get(n) ?? [], pdbsIn(store));
  if (!plan.chosen) {
    // No candidate any more: a nomination from an earlier preemption is cleared, as the scheduler does.
    if (pod.status?.nominatedNodeName) {
      const { nominatedNodeName: _gone, ...status } = pod.status;
      store.update('pods', { ...pod, status });
    }
    return `preemption: ${describeReasons(nodes.length, preemptionReasons(plan.outcomes, misfitWords))}`;
  }
  const node = plan.chosen.node;
  const fresh = store.get('pods', pod.metadata.namespace, pod.metadata.name);
  if (fresh && fresh.status?.nominatedNodeName !== node) store.update('pods', { ...fresh, status: { ...fresh.status, nominatedNodeName: node } });
  const byKey = new Map((byNode.get(node) ?? []).map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  for (const v of plan.chosen.victims) {
    const victim = byKey.get(v.key);
    const current = victim && store.get('pods', victim.metadata.namespace, victim.metadata.name);
    if (!current) continue;
    const conditions = upsertCondition(current.status?.conditions, {
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: store.timestamp(),
      reason: 'PreemptionByScheduler',
      message: `${pod.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
    });
    const marked = store.update('pods', { ...current, status: { ...current.status, conditions } });
    record(marked, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${node}`);
    deletePod(store, marked);
  }
  return '';
}
