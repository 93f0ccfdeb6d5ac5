import type { PodInfo, PodOwner, PodPhase } from '@/lib/domain/model';
import { interPodRulesOf } from '@/lib/domain/pod-placement';
import { podRequests } from '@/lib/domain/pod-requests';
import type { Toleration } from '@/lib/domain/requirements';
import { conditionOf, isTrue, timeOf, type Raw } from './raw';
import { requiredAffinity } from './requirements';

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
  const emptyDirs = (Array.isArray(spec.volumes) ? spec.volumes : []).filter((v: Raw) => v?.emptyDir).map((v: Raw) => String(v.name));
  if (emptyDirs.length) pod.emptyDirs = emptyDirs;
  const trouble = podTrouble(raw);
  if (trouble) pod.trouble = trouble;
  if (typeof spec.priority === 'number' && spec.priority !== 0) pod.priority = spec.priority;
  if (spec.priorityClassName) pod.priorityClassName = String(spec.priorityClassName);
  if (status.nominatedNodeName && !spec.nodeName) pod.nominatedNodeName = String(status.nominatedNodeName);
  addRestarts(pod, status);
  const deleteBy = timeOf(meta.deletionTimestamp);
  if (deleteBy) pod.deleteBy = deleteBy;
  return pod;
}

/** Restart count and the reason a container last stopped, as `kubectl describe pod` shows them. */
function addRestarts(pod: PodInfo, status: Raw) {
  let restarts = 0;
  let last: { reason: string; at: string } | undefined;
  for (const cs of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])] as Raw[]) {
    restarts += Number(cs?.restartCount) || 0;
    const t = cs?.lastState?.terminated;
    if (t?.reason && (!last || String(t.finishedAt ?? '') > last.at)) last = { reason: t.reason, at: String(t.finishedAt ?? '') };
  }
  if (restarts > 0) pod.restarts = restarts;
  if (last) pod.lastTermination = last.reason;
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
