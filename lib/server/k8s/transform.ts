// Raw Kubernetes objects → the compact model (lib/domain/model.ts). Input is whatever client-node
// hands over: plain JSON from a watch, or typed objects from a list call (same field names, but
// timestamps as Date). Nothing above lib/server/k8s ever sees a raw object.
//
// Node labels kept (everything else is dropped to keep the model small):
//   - the pool keys of EKS.md (karpenter.sh/nodepool, eks.amazonaws.com/nodegroup, …, agentpool)
//   - placement and pricing: instance type, zone, region, arch, os, capacity type, node class,
//     compute type, Auto Mode instance-category/family/generation/cpu/memory, AKS mode
//   - any label outside the platform's own domains (kubernetes.io, k8s.io, the cloud providers'):
//     those are the team's own keys (`workload=cpu`, `team=ml`) that lanes may be grouped by.
// Pod requests come from lib/domain/pod-requests, the one function the sandbox schedules with.

import type { DeploymentInfo, NodeInfo, PodInfo, PodOwner, PodPhase, Taint } from '@/lib/domain/model';
import { poolOf } from '@/lib/domain/lanes';
import { podRequests } from '@/lib/domain/pod-requests';
import { resourcesOf } from '@/lib/domain/quantities';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are walked defensively */
type Raw = any;

export const NODE_LABEL_KEYS = {
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
  capacityType: ['karpenter.sh/capacity-type', 'eks.amazonaws.com/capacityType', 'kubernetes.azure.com/scalesetpriority', 'cloud.google.com/gke-spot'],
  nodeClass: ['eks.amazonaws.com/nodeclass', 'karpenter.k8s.aws/ec2nodeclass'],
} as const;

const KEPT_EXACT = new Set([
  'karpenter.sh/nodepool',
  'karpenter.sh/capacity-type',
  'eks.amazonaws.com/nodegroup',
  'eks.amazonaws.com/nodeclass',
  'eks.amazonaws.com/capacityType',
  'eks.amazonaws.com/compute-type',
  'eks.amazonaws.com/instance-category',
  'eks.amazonaws.com/instance-family',
  'eks.amazonaws.com/instance-generation',
  'eks.amazonaws.com/instance-cpu',
  'eks.amazonaws.com/instance-memory',
  'karpenter.k8s.aws/ec2nodeclass',
  'alpha.eksctl.io/nodegroup-name',
  'cloud.google.com/gke-nodepool',
  'cloud.google.com/gke-spot',
  'kubernetes.azure.com/agentpool',
  'kubernetes.azure.com/mode',
  'kubernetes.azure.com/scalesetpriority',
  'agentpool',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'kubernetes.io/arch',
  'kubernetes.io/os',
]);

const PLATFORM_DOMAINS = ['kubernetes.io', 'k8s.io', 'karpenter.sh', 'karpenter.k8s.aws', 'amazonaws.com', 'eksctl.io', 'google.com', 'azure.com', 'gke.io'];

/** True for a label worth carrying to the browser (see the header comment). */
export function keepNodeLabel(key: string): boolean {
  if (KEPT_EXACT.has(key)) return true;
  const slash = key.indexOf('/');
  if (slash < 0) return true;
  const domain = key.slice(0, slash);
  return !PLATFORM_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Labels beyond this many are user keys in bulk (e.g. one per feature flag); keep the first ones. */
const MAX_KEPT_LABELS = 48;

function keptLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!labels) return out;
  let n = 0;
  for (const key of Object.keys(labels).sort()) {
    if (!keepNodeLabel(key)) continue;
    if (n++ >= MAX_KEPT_LABELS) break;
    out[key] = String(labels[key]);
  }
  return out;
}

function firstLabel(labels: Record<string, string> | undefined, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = labels?.[key];
    if (value) return value;
  }
  return undefined;
}

/** metav1.Time as a string, whether it came as JSON (string) or from client-node's serializer (Date). */
export function timeOf(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().replace(/\.000Z$/, 'Z');
  if (typeof value === 'string' && value) return value;
  return undefined;
}

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export function transformNode(raw: Raw): NodeInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  const allLabels: Record<string, string> = meta.labels ?? {};
  const taints: Taint[] = (spec.taints ?? [])
    .filter((t: Raw) => t && typeof t.key === 'string' && TAINT_EFFECTS.has(t.effect))
    .map((t: Raw) => (t.value ? { key: t.key, value: String(t.value), effect: t.effect } : { key: t.key, effect: t.effect }));
  const ready = (status.conditions ?? []).some((c: Raw) => c?.type === 'Ready' && c?.status === 'True');
  const capacityType = firstLabel(allLabels, NODE_LABEL_KEYS.capacityType);
  return {
    name: meta.name,
    uid: meta.uid ?? '',
    labels: keptLabels(allLabels),
    pool: poolOf(allLabels),
    nodeClass: firstLabel(allLabels, NODE_LABEL_KEYS.nodeClass),
    instanceType: firstLabel(allLabels, NODE_LABEL_KEYS.instanceType),
    capacityType: capacityType ? normalizeCapacityType(capacityType) : undefined,
    zone: firstLabel(allLabels, NODE_LABEL_KEYS.zone),
    ready,
    unschedulable: spec.unschedulable === true,
    terminating: Boolean(timeOf(meta.deletionTimestamp)) || taints.some((t) => t.key === 'karpenter.sh/disrupted'),
    taints,
    allocatable: resourcesOf(status.allocatable),
    capacity: resourcesOf(status.capacity),
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
}

/** One spelling for the same idea across providers: `on-demand` or `spot`. */
function normalizeCapacityType(value: string): string {
  const v = value.toLowerCase();
  if (v === 'spot' || v === 'true') return 'spot';
  if (v === 'on_demand' || v === 'on-demand' || v === 'regular') return 'on-demand';
  return v;
}

// ---------------------------------------------------------------------------------------------
// Pods

const PHASES = new Set<PodPhase>(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);

/** kubectl's STATUS column (printPod in kubectl's printers), in the same order of precedence. */
export function podStatusText(raw: Raw): string {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  let reason: string = status.reason || status.phase || 'Pending';

  let initializing = false;
  const initSpecs: Raw[] = spec.initContainers ?? [];
  const initStatuses: Raw[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const terminated = cs?.state?.terminated;
    const waiting = cs?.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    const isSidecar = initSpecs.find((c) => c?.name === cs?.name)?.restartPolicy === 'Always';
    if (isSidecar && cs?.started) continue;
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length || initStatuses.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing) {
    let hasRunning = false;
    const statuses: Raw[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const waiting = cs?.state?.waiting;
      const terminated = cs?.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (cs?.ready && cs?.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c: Raw) => c?.type === 'Ready' && c?.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (timeOf(meta.deletionTimestamp)) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** Looks up the owner of a ReplicaSet (`namespace/name`): its Deployment, or null when it has none. */
export type ReplicaSetOwnerLookup = (namespace: string, replicaSet: string) => PodOwner | null | undefined;

/**
 * The workload behind a pod: a ReplicaSet's owner (normally a Deployment) from the ReplicaSet
 * index; when the ReplicaSet is not known (yet), the Deployment name is the ReplicaSet's name
 * minus `-<pod-template-hash>`, which the deployment controller always builds it from.
 */
export function resolvePodOwner(raw: Raw, lookup?: ReplicaSetOwnerLookup): PodOwner | undefined {
  const meta = raw?.metadata ?? {};
  const refs: Raw[] = meta.ownerReferences ?? [];
  const ref = refs.find((r) => r?.controller) ?? refs[0];
  if (!ref?.kind || !ref?.name) return undefined;
  if (ref.kind !== 'ReplicaSet') return { kind: ref.kind, name: ref.name };
  const known = lookup?.(meta.namespace ?? '', ref.name);
  if (known) return known;
  if (known === null) return { kind: 'ReplicaSet', name: ref.name };
  const hash = meta.labels?.['pod-template-hash'];
  if (hash && ref.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
  return { kind: 'ReplicaSet', name: ref.name };
}

export function transformPod(raw: Raw, lookup?: ReplicaSetOwnerLookup): PodInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  const phase: PodPhase = PHASES.has(status.phase) ? status.phase : 'Pending';
  const nodeSelector = spec.nodeSelector && Object.keys(spec.nodeSelector).length ? { ...spec.nodeSelector } : undefined;
  const pod: PodInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    uid: meta.uid ?? '',
    phase,
    ready: (status.conditions ?? []).some((c: Raw) => c?.type === 'Ready' && c?.status === 'True'),
    terminating: Boolean(timeOf(meta.deletionTimestamp)),
    status: podStatusText(raw),
    requests: podRequests(spec),
    doNotDisrupt: meta.annotations?.['karpenter.sh/do-not-disrupt'] === 'true',
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  if (spec.nodeName) pod.nodeName = spec.nodeName;
  const owner = resolvePodOwner(raw, lookup);
  if (owner) pod.owner = owner;
  if (nodeSelector) pod.nodeSelector = nodeSelector;
  return pod;
}

// ---------------------------------------------------------------------------------------------
// Workloads

export function transformDeployment(raw: Raw): DeploymentInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  const podSpec = spec.template?.spec ?? {};
  const nodeSelector = podSpec.nodeSelector && Object.keys(podSpec.nodeSelector).length ? { ...podSpec.nodeSelector } : undefined;
  const info: DeploymentInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    uid: meta.uid ?? '',
    // An absent spec.replicas means 1 (the API server defaults it).
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
    requests: podRequests(podSpec),
    generation: meta.generation ?? 0,
    observedGeneration: status.observedGeneration ?? 0,
  };
  if (nodeSelector) info.nodeSelector = nodeSelector;
  return info;
}

/** A ReplicaSet reduced to the one thing the topology needs from it: who owns it (null: nobody). */
export function replicaSetOwner(raw: Raw): PodOwner | null {
  const refs: Raw[] = raw?.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r?.controller) ?? refs[0];
  return ref?.kind && ref?.name ? { kind: ref.kind, name: ref.name } : null;
}
