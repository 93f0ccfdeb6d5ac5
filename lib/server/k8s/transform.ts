// Raw Kubernetes objects → the compact model (lib/domain/model.ts). Input is whatever client-node
// hands over: plain JSON from a watch, or typed objects from a list call (same field names, but
// timestamps as Date). Nothing above lib/server/k8s ever sees a raw object.
//
// Node labels kept (everything else is dropped to keep the model small):
//   - the pool keys (karpenter.sh/nodepool, eks.amazonaws.com/nodegroup, …, agentpool)
//   - placement and pricing: instance type, zone, region, arch, os, capacity type, node class,
//     compute type, Auto Mode instance-category/family/generation/size/cpu/memory, AKS mode,
//     and kubernetes.io/hostname (pods pin to it; what-if placement must see it)
//   - any label outside the platform's own domains (kubernetes.io, k8s.io, the cloud providers'):
//     those are the team's own keys (`workload=cpu`, `team=ml`) that lanes may be grouped by.
// Pod requests come from lib/domain/pod-requests, the one function the sandbox schedules with.

import {
  BUILT_IN_NODE_POOLS,
  type DeploymentInfo,
  type EventInfo,
  type NodeClaimInfo,
  type NodeClaimStage,
  type NodeClassInfo,
  type NodeInfo,
  type NodePoolInfo,
  type PdbInfo,
  type PodInfo,
  type PodOwner,
  type PodPhase,
  type Taint,
} from '@/lib/domain/model';
import type { Budget, DisruptionReason } from '@/lib/domain/disruption-budgets';
import { NOTHING, fromLabelSelectorObject, type LabelSelector } from '@/lib/domain/label-selector';
import { interPodRulesOf } from '@/lib/domain/pod-placement';
import type { Operator, Requirement, Toleration } from '@/lib/domain/requirements';
import { poolOf } from '@/lib/domain/lanes';
import { podRequests } from '@/lib/domain/pod-requests';
import { cpuToMillis, memoryToBytes, resourcesOf, toCount } from '@/lib/domain/quantities';

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
  'eks.amazonaws.com/instance-size',
  // What pods pin themselves with most often, so what-if placement sees it.
  'kubernetes.io/hostname',
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

function taintsOf(list: unknown): Taint[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((t: Raw) => t && typeof t.key === 'string' && TAINT_EFFECTS.has(t.effect))
    .map((t: Raw) => (t.value ? { key: t.key, value: String(t.value), effect: t.effect } : { key: t.key, effect: t.effect }));
}

function conditionOf(raw: Raw, type: string): Raw | undefined {
  const conditions = raw?.status?.conditions;
  return Array.isArray(conditions) ? conditions.find((c: Raw) => c?.type === type) : undefined;
}

const isTrue = (raw: Raw, type: string) => conditionOf(raw, type)?.status === 'True';

export function transformNode(raw: Raw): NodeInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  const allLabels: Record<string, string> = meta.labels ?? {};
  const taints = taintsOf(spec.taints);
  const ready = isTrue(raw, 'Ready');
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
    ...(meta.annotations?.['karpenter.sh/do-not-disrupt'] === 'true' ? { doNotDisrupt: true } : {}),
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
  if (ref.kind === 'Job') return cronJobOf(ref.name, timeOf(meta.creationTimestamp)) ?? { kind: 'Job', name: ref.name };
  if (ref.kind !== 'ReplicaSet') return { kind: ref.kind, name: ref.name };
  const known = lookup?.(meta.namespace ?? '', ref.name);
  if (known) return known;
  if (known === null) return { kind: 'ReplicaSet', name: ref.name };
  const hash = meta.labels?.['pod-template-hash'];
  if (hash && ref.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
  return { kind: 'ReplicaSet', name: ref.name };
}

const CRON_RUN_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * The CronJob behind a Job's pod. The CronJob controller names each Job `<cronjob>-<scheduled
 * time>`, in minutes since the epoch (seconds up to Kubernetes 1.20), and the pod is made soon
 * after that time: a trailing number that reads as a time within the week before the pod was
 * created marks a CronJob's run; anything else (`backup-20261128`) stays the Job it is.
 */
export function cronJobOf(jobName: string, podCreated: string | undefined): PodOwner | undefined {
  const m = /^(.+)-(\d{7,11})$/.exec(jobName);
  const created = podCreated ? Date.parse(podCreated) : NaN;
  if (!m || !Number.isFinite(created)) return undefined;
  const n = Number(m[2]);
  const near = (ms: number) => ms <= created && created - ms <= CRON_RUN_WINDOW_MS;
  return near(n * 60_000) || near(n * 1000) ? { kind: 'CronJob', name: m[1] } : undefined;
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
  const labels = podLabels(meta.labels);
  if (labels) pod.labels = labels;
  const affinity = requiredAffinity(spec.affinity);
  if (affinity) pod.affinity = affinity;
  const tolerations = podTolerations(spec.tolerations);
  if (tolerations) pod.tolerations = tolerations;
  const podRules = interPodRulesOf(spec);
  if (podRules) pod.podRules = podRules;
  const trouble = podTrouble(raw);
  if (trouble) pod.trouble = trouble;
  return pod;
}

/** Labels controllers stamp on every pod for their own bookkeeping: unique per revision or pod, matched by nothing a team writes. */
const POD_BOOKKEEPING_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
]);
const MAX_POD_LABELS = 32;
/** Label sets seen recently, so the thousands of pods of one workload share one object. */
const internedLabels = new Map<string, Record<string, string>>();
const MAX_INTERNED = 20_000;

function podLabels(raw: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const entries: [string, string][] = [];
  for (const key of Object.keys(raw).sort()) {
    if (POD_BOOKKEEPING_LABELS.has(key)) continue;
    entries.push([key, String(raw[key])]);
    if (entries.length >= MAX_POD_LABELS) break;
  }
  if (entries.length === 0) return undefined;
  const id = JSON.stringify(entries);
  let labels = internedLabels.get(id);
  if (!labels) {
    if (internedLabels.size >= MAX_INTERNED) internedLabels.clear();
    labels = Object.freeze(Object.fromEntries(entries)) as Record<string, string>;
    internedLabels.set(id, labels);
  }
  return labels;
}

function requiredAffinity(affinity: Raw): Requirement[][] | undefined {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  return terms.map((t: Raw) => requirementsOf(t?.matchExpressions));
}

/** The not-ready/unreachable tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
function isDefaultToleration(t: Raw): boolean {
  return (
    (t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable') &&
    t.operator === 'Exists' &&
    t.effect === 'NoExecute' &&
    Number(t.tolerationSeconds) === 300
  );
}

function podTolerations(list: unknown): Toleration[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: Toleration[] = [];
  for (const t of list) {
    if (!t || typeof t !== 'object' || isDefaultToleration(t)) continue;
    const compact: Toleration = {};
    if (t.key) compact.key = String(t.key);
    if (t.operator === 'Exists' || t.operator === 'Equal') compact.operator = t.operator;
    if (t.value) compact.value = String(t.value);
    if (t.effect) compact.effect = String(t.effect);
    out.push(compact);
  }
  return out.length ? out : undefined;
}

/** Container waiting reasons that mean the pod will not get better by itself. */
const TROUBLE_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/**
 * Why a pod needs attention, in kubelet's and the scheduler's words; undefined for a healthy pod
 * or one that is simply starting, finishing or going away.
 */
export function podTrouble(raw: Raw): string | undefined {
  const status = raw?.status ?? {};
  if (timeOf(raw?.metadata?.deletionTimestamp)) return undefined;
  if (status.phase === 'Succeeded') return undefined;
  if (status.phase === 'Failed') return status.reason || 'Failed';
  const statuses: Raw[] = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  for (const cs of statuses) {
    const waiting = cs?.state?.waiting?.reason;
    if (waiting && TROUBLE_WAITING.has(waiting)) return waiting;
  }
  for (const cs of statuses) {
    if (cs?.state?.terminated?.reason === 'OOMKilled' || (!cs?.ready && cs?.lastState?.terminated?.reason === 'OOMKilled')) return 'OOMKilled';
  }
  const scheduled = conditionOf(raw, 'PodScheduled');
  if (status.phase === 'Pending' && scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable') return 'Unschedulable';
  if (status.phase === 'Running' && !isTrue(raw, 'Ready')) return 'NotReady';
  return undefined;
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

// ---------------------------------------------------------------------------------------------
// EKS Auto Mode / Karpenter: NodePools, NodeClasses, NodeClaims

const OPERATORS = new Set<Operator>(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
const REASONS = new Set<DisruptionReason>(['Empty', 'Underutilized', 'Drifted', 'Expired']);

function requirementsOf(list: unknown): Requirement[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((r: Raw) => r && typeof r.key === 'string' && OPERATORS.has(r.operator))
    .map((r: Raw) => {
      const req: Requirement = { key: r.key, operator: r.operator };
      if (Array.isArray(r.values)) req.values = r.values.map(String);
      if (typeof r.minValues === 'number') req.minValues = r.minValues;
      return req;
    });
}

function budgetsOf(list: unknown): Budget[] {
  // Karpenter's default when a NodePool names none: 10% of its nodes at a time.
  if (!Array.isArray(list)) return [{ nodes: '10%' }];
  return list
    .filter((b: Raw) => b && b.nodes !== undefined)
    .map((b: Raw) => {
      const budget: Budget = { nodes: String(b.nodes) };
      if (b.schedule) budget.schedule = String(b.schedule);
      if (b.duration) budget.duration = String(b.duration);
      if (Array.isArray(b.reasons)) budget.reasons = b.reasons.filter((r: unknown): r is DisruptionReason => REASONS.has(r as DisruptionReason));
      return budget;
    });
}

function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) out[k] = String(v);
  return out;
}

export function transformNodePool(raw: Raw): NodePoolInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const template = spec.template ?? {};
  const ref = template.spec?.nodeClassRef ?? {};
  const nodeClassRef = { group: String(ref.group ?? ''), kind: String(ref.kind ?? ''), name: String(ref.name ?? '') };
  const used = raw?.status?.resources ?? {};
  const info: NodePoolInfo = {
    name: meta.name,
    uid: meta.uid ?? '',
    nodeClassRef,
    requirements: requirementsOf(template.spec?.requirements),
    labels: stringMap(template.metadata?.labels),
    taints: taintsOf(template.spec?.taints),
    weight: Number(spec.weight) || 0,
    disruption: {
      consolidationPolicy: spec.disruption?.consolidationPolicy === 'WhenEmpty' ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized',
      consolidateAfter: String(spec.disruption?.consolidateAfter ?? '0s'),
      budgets: budgetsOf(spec.disruption?.budgets),
    },
    resources: { ...resourcesOf(used), nodes: toCount(used.nodes) },
    ready: isTrue(raw, 'Ready'),
    // The name alone is not enough: a self-managed Karpenter may well have a pool called `system`.
    builtIn: BUILT_IN_NODE_POOLS.includes(meta.name) && nodeClassRef.group === 'eks.amazonaws.com',
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  const limits = spec.limits;
  if (limits && (limits.cpu !== undefined || limits.memory !== undefined)) {
    info.limits = {};
    if (limits.cpu !== undefined) info.limits.cpuMillis = cpuToMillis(limits.cpu);
    if (limits.memory !== undefined) info.limits.memoryBytes = memoryToBytes(limits.memory);
  }
  return info;
}

/** The condition that explains why an object is not Ready: Ready itself, else the first that is not True. */
function notReadyCondition(raw: Raw): Raw | undefined {
  const conditions: Raw[] = Array.isArray(raw?.status?.conditions) ? raw.status.conditions : [];
  const ready = conditions.find((c) => c?.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  if (ready?.reason) return ready;
  return conditions.find((c) => c?.type !== 'Ready' && c?.status !== 'True') ?? ready;
}

export function transformNodeClass(raw: Raw): NodeClassInfo {
  const meta = raw?.metadata ?? {};
  const info: NodeClassInfo = {
    name: meta.name,
    uid: meta.uid ?? '',
    ready: isTrue(raw, 'Ready'),
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  if (raw?.spec?.role) info.role = String(raw.spec.role);
  if (!info.ready) {
    const c = notReadyCondition(raw);
    info.notReady = { condition: String(c?.type ?? 'Ready'), reason: String(c?.reason ?? 'Unknown'), message: String(c?.message ?? '') };
  }
  return info;
}

const STAGES: readonly NodeClaimStage[] = ['Initialized', 'Registered', 'Launched'];

export function transformNodeClaim(raw: Raw): NodeClaimInfo {
  const meta = raw?.metadata ?? {};
  const labels: Record<string, string> = meta.labels ?? {};
  const status = raw?.status ?? {};
  const capacityType = firstLabel(labels, NODE_LABEL_KEYS.capacityType);
  const stage = STAGES.find((s) => isTrue(raw, s)) ?? 'Pending';
  const info: NodeClaimInfo = {
    name: meta.name,
    uid: meta.uid ?? '',
    stage,
    drifted: isTrue(raw, 'Drifted'),
    empty: isTrue(raw, 'Empty'),
    // Karpenter v1 calls it Consolidatable; earlier releases and Auto Mode's docs ConsolidationAllowed.
    consolidationAllowed: isTrue(raw, 'Consolidatable') || isTrue(raw, 'ConsolidationAllowed'),
    terminating: Boolean(timeOf(meta.deletionTimestamp)),
    requests: resourcesOf(raw?.spec?.resources?.requests),
    createdAt: timeOf(meta.creationTimestamp) ?? '',
  };
  const nodePool = labels['karpenter.sh/nodepool'];
  if (nodePool) info.nodePool = nodePool;
  const nodeClass = raw?.spec?.nodeClassRef?.name ?? firstLabel(labels, NODE_LABEL_KEYS.nodeClass);
  if (nodeClass) info.nodeClass = String(nodeClass);
  const instanceType =
    firstLabel(labels, NODE_LABEL_KEYS.instanceType) ??
    requirementsOf(raw?.spec?.requirements).find((r) => r.key === 'node.kubernetes.io/instance-type' && r.operator === 'In' && r.values?.length === 1)?.values?.[0];
  if (instanceType) info.instanceType = instanceType;
  if (capacityType) info.capacityType = normalizeCapacityType(capacityType);
  const zone = firstLabel(labels, NODE_LABEL_KEYS.zone);
  if (zone) info.zone = zone;
  if (status.nodeName) info.nodeName = String(status.nodeName);
  const lastPodEventTime = timeOf(status.lastPodEventTime);
  if (lastPodEventTime) info.lastPodEventTime = lastPodEventTime;
  if (info.drifted) {
    const drifted = (status.conditions ?? []).find((c: { type?: string }) => c?.type === 'Drifted');
    const words = drifted?.message || drifted?.reason;
    if (words) info.driftReason = String(words);
  }
  const notReady = notReadyCondition(raw);
  if (notReady && (notReady.reason || notReady.status === 'False')) info.notReadyReason = String(notReady.reason || `${notReady.type}False`);
  return info;
}

// ---------------------------------------------------------------------------------------------
// PodDisruptionBudgets and Events

function intOrPercent(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return /^\d+$/.test(value) ? Number(value) : value;
  return undefined;
}

export function transformPdb(raw: Raw): PdbInfo {
  const meta = raw?.metadata ?? {};
  const spec = raw?.spec ?? {};
  const status = raw?.status ?? {};
  let selector: LabelSelector;
  try {
    selector = fromLabelSelectorObject(spec.selector);
  } catch {
    // The API server validates selectors; one it let through that we cannot read matches nothing.
    selector = NOTHING;
  }
  const info: PdbInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    uid: meta.uid ?? '',
    selector,
    currentHealthy: Number(status.currentHealthy) || 0,
    desiredHealthy: Number(status.desiredHealthy) || 0,
    disruptionsAllowed: Number(status.disruptionsAllowed) || 0,
    expectedPods: Number(status.expectedPods) || 0,
  };
  const minAvailable = intOrPercent(spec.minAvailable);
  if (minAvailable !== undefined) info.minAvailable = minAvailable;
  const maxUnavailable = intOrPercent(spec.maxUnavailable);
  if (maxUnavailable !== undefined) info.maxUnavailable = maxUnavailable;
  return info;
}

/** Events repeat the same long message thousands of times on a bad day; the views need the gist. */
const MAX_EVENT_MESSAGE = 1024;

export function transformEvent(raw: Raw): EventInfo {
  const meta = raw?.metadata ?? {};
  const involved = raw?.involvedObject ?? raw?.regarding ?? {};
  const message = String(raw?.message ?? raw?.note ?? '');
  const info: EventInfo = {
    namespace: meta.namespace ?? '',
    name: meta.name,
    involved: { kind: String(involved.kind ?? ''), name: String(involved.name ?? '') },
    reason: String(raw?.reason ?? ''),
    message: message.length > MAX_EVENT_MESSAGE ? `${message.slice(0, MAX_EVENT_MESSAGE - 1)}…` : message,
    type: raw?.type === 'Warning' ? 'Warning' : 'Normal',
    count: Number(raw?.count ?? raw?.series?.count ?? raw?.deprecatedCount) || 1,
    // Events written through events.k8s.io leave lastTimestamp empty and carry eventTime / series.
    lastTimestamp:
      timeOf(raw?.lastTimestamp) ?? timeOf(raw?.series?.lastObservedTime) ?? timeOf(raw?.eventTime) ?? timeOf(raw?.firstTimestamp) ?? timeOf(meta.creationTimestamp) ?? '',
  };
  if (involved.namespace) info.involved.namespace = String(involved.namespace);
  const source = raw?.source?.component || raw?.reportingComponent || raw?.reportingController;
  if (source) info.source = String(source);
  return info;
}
