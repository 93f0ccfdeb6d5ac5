// The load model's view of the cluster: which Deployment each pod works for (pod → ReplicaSet →
// Deployment), that Deployment's load annotations (lib/domain/load.ts) and how many of its pods
// run to share a curve's demand. Built once per metrics request or HPA pass.
import type { KObject, Store } from '../store';
import type { PodLoad } from '@/lib/domain/usage';
import { LOAD_ANNOTATION, LOAD_CURVE_ANNOTATION, curveShare, workloadLoad, type WorkloadLoad } from '@/lib/domain/load';

/** A pod metrics-server reports on: Running and bound to a node. */
export const isRunning = (p: KObject) => p.status?.phase === 'Running' && Boolean(p.spec?.nodeName);

const controllerUid = (o: KObject) => o.metadata.ownerReferences?.find((r: { controller?: boolean }) => r.controller)?.uid as string | undefined;

/** Each pod's load, or undefined for pods of workloads without load annotations. */
export function podLoads(store: Store, now: Date): (pod: KObject) => PodLoad | undefined {
  const loads = new Map<string, WorkloadLoad>();
  for (const d of store.peek('apps/deployments')) {
    const a = d.metadata.annotations;
    if (a?.[LOAD_ANNOTATION] === undefined && a?.[LOAD_CURVE_ANNOTATION] === undefined) continue;
    loads.set(d.metadata.uid!, workloadLoad(a, d.metadata.creationTimestamp));
  }
  if (loads.size === 0) return () => undefined;
  const deploymentOfRs = new Map<string, string>();
  for (const rs of store.peek('apps/replicasets')) {
    const owner = controllerUid(rs as KObject);
    if (owner && loads.has(owner)) deploymentOfRs.set(rs.metadata.uid!, owner);
  }
  const deploymentOf = (p: KObject) => deploymentOfRs.get(controllerUid(p) ?? '');
  const running = new Map<string, number>();
  for (const p of store.peek('pods')) {
    const d = deploymentOf(p as KObject);
    if (d && isRunning(p as KObject)) running.set(d, (running.get(d) ?? 0) + 1);
  }
  const at = now.getTime() / 1000;
  return (pod) => {
    const d = deploymentOf(pod);
    const load = d ? loads.get(d) : undefined;
    if (!load || !d) return undefined;
    return { multiplier: load.multiplier, share: curveShare(load, running.get(d) ?? 0, at) };
  };
}
