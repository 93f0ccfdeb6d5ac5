// A node action plan as a user who may not list every namespace's pods may read it. The plan is
// made on the whole cluster (a hidden pod still leaves the node, takes room where it lands, and is
// held by its PodDisruptionBudget), so it says the same thing to everyone; only the names of pods,
// deployments and PodDisruptionBudgets in namespaces the user may not list are replaced.

import type { NodeActionPlan, PlanNote, PlanStep, PlannedPod, Refusal } from './node-action-plan';
import { HIDDEN_PDB, hiddenPod } from './verdict-redaction';

export const HIDDEN_DEPLOYMENT = '(hidden deployment)';

const namespaceOf = (key: string) => key.slice(0, key.indexOf('/'));

/** The plan with every `namespace/name` outside `canSee` replaced; the same object when nothing is hidden. */
export function redactPlan(plan: NodeActionPlan, canSee: (namespace: string) => boolean): NodeActionPlan {
  if (plan.pods.every((p) => canSee(namespaceOf(p.pod)))) return plan;
  const names = new Map<string, string>();
  const pod = (key: string) => {
    if (canSee(namespaceOf(key))) return key;
    if (!names.has(key)) names.set(key, hiddenPod(names.size + 1));
    return names.get(key)!;
  };
  const deployment = (key: string) => (canSee(namespaceOf(key)) ? key : HIDDEN_DEPLOYMENT);
  const pdb = (key: string) => (canSee(namespaceOf(key)) ? key : HIDDEN_PDB);
  const podEntry = (p: PlannedPod): PlannedPod => {
    if (canSee(namespaceOf(p.pod))) return p;
    const { workload: _w, emptyDirs: _e, ...rest } = p;
    return { ...rest, pod: pod(p.pod), ...(p.pdb ? { pdb: { ...p.pdb, name: HIDDEN_PDB } } : {}) };
  };
  const step = (s: PlanStep): PlanStep => {
    if (s.step === 'restart' || s.step === 'surge') return { ...s, deployments: s.deployments.map(deployment) };
    if (s.step === 'evict' || s.step === 'delete') return { ...s, pods: s.pods.map(pod) };
    return s;
  };
  const refusal = (r: Refusal): Refusal => {
    if (r.code === 'bare-pods' || r.code === 'emptydir-data') return { ...r, pods: r.pods.map(pod) };
    if (r.code === 'recreate-strategy' || r.code === 'no-surge') return { ...r, deployment: deployment(r.deployment) };
    if (r.code === 'cannot-land') return { ...r, pod: pod(r.pod), ...(r.workload ? { workload: deployment(r.workload) } : {}) };
    if (r.code === 'pdb-never-allows') return { ...r, pod: pod(r.pod), pdb: pdb(r.pdb) };
    return r;
  };
  const note = (n: PlanNote): PlanNote => {
    if (n.code === 'pending-after-evict') return { ...n, pod: pod(n.pod) };
    if (n.code === 'restarts-all-replicas' || n.code === 'surge-patched') return { ...n, deployment: deployment(n.deployment) };
    return n;
  };
  return { ...plan, pods: plan.pods.map(podEntry), restart: plan.restart.map(deployment), surge: plan.surge.map((o) => ({ ...o, deployment: deployment(o.deployment) })), steps: plan.steps.map(step), refusals: plan.refusals.map(refusal), notes: plan.notes.map(note) };
}
