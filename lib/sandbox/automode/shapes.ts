// Raw objects from the sandbox store → the plain shapes lib/domain reasons about (fit,
// provisioning, consolidation). Kept here so the pure functions never see Kubernetes objects;
// requests and resource lists are read with the same lib/domain functions as the dashboard's
// transform, so the sandbox schedules with exactly the numbers the lanes show.
import { addResources, podRequests } from '@/lib/domain/pod-requests';
import { resourcesOf } from '@/lib/domain/quantities';
import { rawPodHoldsResources } from '@/lib/domain/holds-resources';
import type { TaintLike, Toleration } from '@/lib/domain/requirements';
import { requiredAffinity } from '@/lib/domain/transform';
import type { FitNode, FitPod } from '@/lib/domain/fit';
import { interPodRulesOf, type PlacedPod } from '@/lib/domain/pod-placement';
import type { KObject } from '../store';
import { hasTrueCondition } from '../conditions';
import type { DaemonShape } from '@/lib/domain/daemon-overhead';

export const podKey = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;

export function fitPod(pod: KObject): FitPod {
  return {
    key: podKey(pod),
    requests: podRequests(pod.spec),
    nodeSelector: pod.spec?.nodeSelector,
    affinityTerms: requiredAffinity(pod.spec?.affinity),
    tolerations: pod.spec?.tolerations as Toleration[] | undefined,
    namespace: pod.metadata.namespace,
    labels: pod.metadata.labels,
    podRules: interPodRulesOf(pod.spec),
  };
}

/** A pod on a node as the inter-pod rules count it (fit.ts's placedPod reads the same from a FitPod). */
function residentPod(pod: KObject): PlacedPod {
  return { namespace: pod.metadata.namespace, labels: pod.metadata.labels, podRules: interPodRulesOf(pod.spec) };
}

export function isReady(node: KObject): boolean {
  return hasTrueCondition(node, 'Ready');
}

export function fitNode(node: KObject, podsOnNode: KObject[]): FitNode {
  const used = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const p of podsOnNode) addResources(used, podRequests(p.spec));
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    taints: (node.spec?.taints ?? []) as TaintLike[],
    allocatable: resourcesOf(node.status?.allocatable),
    used,
    schedulable: isReady(node) && !node.metadata.deletionTimestamp,
    cordoned: Boolean(node.spec?.unschedulable),
    pods: podsOnNode.map(residentPod),
  };
}

export function isDaemonSetPod(pod: KObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.controller && o.kind === 'DaemonSet');
}

export function podsByNode(pods: KObject[]): Map<string, KObject[]> {
  const out = new Map<string, KObject[]>();
  for (const p of pods) {
    if (!rawPodHoldsResources(p)) continue;
    const list = out.get(p.spec.nodeName) ?? [];
    list.push(p);
    out.set(p.spec.nodeName, list);
  }
  return out;
}

/**
 * The cluster's DaemonSets as the provisioner sizes for them: from each template, so a DaemonSet
 * that runs no pod yet (a GPU plugin before the first GPU node) still counts for the pools it would
 * run on, as Karpenter reads it.
 */
export function daemonShapes(daemonSets: readonly KObject[]): DaemonShape[] {
  return daemonSets
    .filter((ds) => !ds.metadata.deletionTimestamp)
    .map((ds) => {
      const spec = ds.spec?.template?.spec;
      return {
        key: `${ds.metadata.namespace}/${ds.metadata.name}`,
        requests: podRequests(spec),
        nodeSelector: spec?.nodeSelector,
        affinityTerms: requiredAffinity(spec?.affinity),
        tolerations: spec?.tolerations as Toleration[] | undefined,
      };
    });
}
