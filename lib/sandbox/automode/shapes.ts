// Raw objects from the sandbox store → the plain shapes lib/domain reasons about (fit,
// provisioning, consolidation). Kept here so the pure functions never see Kubernetes objects.
import type { Resources } from '@/lib/domain/model';
import { cpuToMillis, memoryToBytes, toCount } from '@/lib/domain/quantities';
import type { Requirement, TaintLike, Toleration } from '@/lib/domain/requirements';
import type { FitNode, FitPod } from '@/lib/domain/fit';
import type { KObject } from '../store';
import { hasTrueCondition } from '../conditions';

export const podKey = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;

/** Effective requests, as the scheduler computes them: containers summed, max with each init container. */
export function podRequests(pod: KObject): Resources {
  const sum = { cpuMillis: 0, memoryBytes: 0, pods: 1 };
  for (const c of pod.spec?.containers ?? []) {
    sum.cpuMillis += cpuToMillis(c.resources?.requests?.cpu);
    sum.memoryBytes += memoryToBytes(c.resources?.requests?.memory);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    sum.cpuMillis = Math.max(sum.cpuMillis, cpuToMillis(c.resources?.requests?.cpu));
    sum.memoryBytes = Math.max(sum.memoryBytes, memoryToBytes(c.resources?.requests?.memory));
  }
  return sum;
}

export function affinityTerms(pod: KObject): Requirement[][] | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  return terms.map((t: { matchExpressions?: Requirement[] }) => t.matchExpressions ?? []);
}

export function fitPod(pod: KObject): FitPod {
  return {
    key: podKey(pod),
    requests: podRequests(pod),
    nodeSelector: pod.spec?.nodeSelector,
    affinityTerms: affinityTerms(pod),
    tolerations: pod.spec?.tolerations as Toleration[] | undefined,
  };
}

export function resourcesOf(list: Record<string, unknown> | undefined): Resources {
  return { cpuMillis: cpuToMillis(list?.cpu), memoryBytes: memoryToBytes(list?.memory), pods: toCount(list?.pods) };
}

export function isReady(node: KObject): boolean {
  return hasTrueCondition(node, 'Ready');
}

/** Pods that hold resources on a node: bound, not finished. */
export function isActive(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

export function fitNode(node: KObject, podsOnNode: KObject[]): FitNode {
  const used = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const p of podsOnNode) {
    const r = podRequests(p);
    used.cpuMillis += r.cpuMillis;
    used.memoryBytes += r.memoryBytes;
    used.pods += 1;
  }
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    taints: (node.spec?.taints ?? []) as TaintLike[],
    allocatable: resourcesOf(node.status?.allocatable),
    used,
    schedulable: !node.spec?.unschedulable && isReady(node) && !node.metadata.deletionTimestamp,
  };
}

export function isDaemonSetPod(pod: KObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.controller && o.kind === 'DaemonSet');
}

export function podsByNode(pods: KObject[]): Map<string, KObject[]> {
  const out = new Map<string, KObject[]>();
  for (const p of pods) {
    if (!isActive(p)) continue;
    const list = out.get(p.spec.nodeName) ?? [];
    list.push(p);
    out.set(p.spec.nodeName, list);
  }
  return out;
}
