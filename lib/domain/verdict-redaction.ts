// A verdict as a user who may not list every namespace's pods may read it. The verdict is judged
// on the whole cluster (a hidden pod still takes room, pins a node with do-not-disrupt, or is
// held by a PodDisruptionBudget), so the answer says the same thing to everyone; only the names
// of pods and PodDisruptionBudgets in namespaces the user may not list are replaced.

import type { VerdictFacts } from './verdict';

/** What stands for a pod the user may not list; numbered per verdict so destinations stay apart. */
export const hiddenPod = (n: number) => `(hidden pod ${n})`;
export const HIDDEN_PDB = '(hidden PodDisruptionBudget)';

const namespaceOf = (key: string) => key.slice(0, key.indexOf('/'));

/** The verdict with every `namespace/name` outside `canSee` replaced; the same object when nothing is hidden. */
export function redactVerdict<V extends VerdictFacts>(v: V, canSee: (namespace: string) => boolean): V {
  let hidden = 0;
  const names = new Map<string, string>();
  const pod = (key: string) => {
    if (canSee(namespaceOf(key))) return key;
    if (!names.has(key)) names.set(key, hiddenPod(++hidden));
    return names.get(key)!;
  };
  const out: V = { ...v };
  if (v.destinations) out.destinations = Object.fromEntries(Object.entries(v.destinations).map(([key, node]) => [pod(key), node]));
  if (v.placement) out.placement = Object.fromEntries(Object.entries(v.placement).map(([key, node]) => [pod(key), node]));
  if (v.blockedBy) {
    const { pod: blocker, pdb } = v.blockedBy;
    out.blockedBy = { ...v.blockedBy, ...(blocker ? { pod: pod(blocker) } : {}), ...(pdb && !canSee(namespaceOf(pdb)) ? { pdb: HIDDEN_PDB } : {}) };
  }
  if (v.misfit) out.misfit = { ...v.misfit, pod: pod(v.misfit.pod) };
  return hidden || out.blockedBy?.pdb === HIDDEN_PDB ? out : v;
}
