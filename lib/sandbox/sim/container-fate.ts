// The kubelet's part in trouble (what lib/domain/container-fate.ts decides): an image that cannot
// be pulled waits in ErrImagePull, then ImagePullBackOff, and is tried again after each back-off;
// a container that crashes or is OOMKilled is restarted at once the first time and then after a
// CrashLoopBackOff of 10 s, 20 s … 5 min (restartPolicy Never leaves it terminated). The back-off
// lives in the kubelet's memory, as in the real kubelet.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { CRASH_AFTER_SECONDS, containerFate, pullNotFoundError, type Fate } from '@/lib/domain/container-fate';
import { goSeconds, inBackoff, inBackoffSinceUpdate, nextBackoff, type BackoffEntry } from '@/lib/domain/kubelet-backoff';
import { runningStatus, withContainerReadiness, type ContainerStatus } from './container-status';

type Container = { name: string; image: string; [k: string]: unknown };

/** A Job's containers exit as the Job's kubelet part (sim/jobs.ts) says, not by their command here. */
export function fatesOf(p: Readonly<KObject>): Fate[] {
  const job = (p.metadata.ownerReferences ?? []).some((r) => r.controller && r.kind === 'Job');
  return ((p.spec?.containers ?? []) as Container[]).map((c) => {
    const fate = containerFate(c, p.metadata.annotations);
    return job && fate.kind === 'exits' ? { kind: 'runs' } : fate;
  });
}

/** Whether the kubelet has work on a started pod: trouble to play out, or readiness to restore. */
function needsWork(p: Readonly<KObject>): boolean {
  if (p.metadata.deletionTimestamp || !(p.status?.phase === 'Running' || (p.status?.phase === 'Pending' && p.status?.startTime))) return false;
  const statuses = (p.status?.containerStatuses ?? []) as ContainerStatus[];
  // A pod written with a status but no container statuses was not started here: left alone.
  if (statuses.length === 0) return false;
  const ready = (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
  return !ready || statuses.some((s) => !(s.ready && s.state?.running)) || fatesOf(p).some((f) => f.kind !== 'runs');
}

/**
 * What the kubelet remembers: its back-offs, and which started pods need it. The latter is kept
 * from the store's pod events, so a pass costs nothing for the many pods that merely run.
 */
export class KubeletMemory {
  readonly restarts = new Map<string, BackoffEntry>();
  readonly pulls = new Map<string, BackoffEntry>();
  private readonly pending = new Map<string, { namespace?: string; name: string }>();

  constructor(private readonly store: Store) {
    for (const p of store.peek('pods')) this.note(p);
    store.watch('pods', (e) => (e.type === 'DELETED' ? this.forget(e.object) : this.note(e.object)));
  }

  private note(p: Readonly<KObject>) {
    if (needsWork(p) && !this.writtenElsewhere(p)) this.pending.set(p.metadata.uid!, { namespace: p.metadata.namespace, name: p.metadata.name });
    else this.pending.delete(p.metadata.uid!);
  }

  /**
   * A container waiting on trouble this kubelet neither asked for (every container's fate is to
   * run) nor is playing out (no back-off of its own for the pod): someone wrote that status through
   * pods/status, a test or a tool, and it is left as written. Trouble the kubelet played itself
   * (a knob since removed, an image since fixed) has its back-off here, and recovers.
   */
  private writtenElsewhere(p: Readonly<KObject>): boolean {
    const statuses = (p.status?.containerStatuses ?? []) as ContainerStatus[];
    if (!statuses.some((s) => s.state?.waiting?.reason && s.state.waiting.reason !== 'ContainerCreating')) return false;
    if (fatesOf(p).some((f) => f.kind !== 'runs')) return false;
    const prefix = `${p.metadata.uid}/`;
    return ![...this.restarts.keys(), ...this.pulls.keys()].some((k) => k.startsWith(prefix));
  }

  private forget(p: Readonly<KObject>) {
    const uid = p.metadata.uid!;
    this.pending.delete(uid);
    for (const map of [this.restarts, this.pulls]) for (const key of map.keys()) if (key.startsWith(`${uid}/`)) map.delete(key);
  }

  /** The started pods with work for the kubelet, as stored now. */
  podsWithWork(): KObject[] {
    const out: KObject[] = [];
    for (const { namespace, name } of [...this.pending.values()]) {
      const p = this.store.get('pods', namespace, name);
      if (p) out.push(p);
    }
    return out;
  }
}

const memories = new WeakMap<Store, KubeletMemory>();
/** One kubelet memory per store, for callers that do not keep their own. */
export function kubeletMemoryFor(store: Store): KubeletMemory {
  let m = memories.get(store);
  if (!m) memories.set(store, (m = new KubeletMemory(store)));
  return m;
}

const podRef = (p: Readonly<KObject>) => `${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`;

/** A container's status as the kubelet first starts it: running, or waiting on a failed pull. */
export function startContainer(p: Readonly<KObject>, c: Container, fate: Fate, memory: KubeletMemory, record: RecordEvent, t: string): ContainerStatus {
  if (fate.kind === 'pull-fails') return failPull(p, c, memory, record, { name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, started: false, lastState: {} }, t);
  record(p as KObject, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
  record(p as KObject, 'Normal', 'Created', `Created container: ${c.name}`);
  record(p as KObject, 'Normal', 'Started', `Started container ${c.name}`);
  return runningStatus(p, c, t);
}

function failPull(p: Readonly<KObject>, c: Container, memory: KubeletMemory, record: RecordEvent, status: ContainerStatus, t: string): ContainerStatus {
  const key = `${p.metadata.uid}/${c.image}`;
  const now = Date.parse(t);
  memory.pulls.set(key, nextBackoff(memory.pulls.get(key), now, now));
  const error = pullNotFoundError(c.image);
  record(p as KObject, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
  record(p as KObject, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${error}`);
  record(p as KObject, 'Warning', 'Failed', 'Error: ErrImagePull');
  return { ...status, ready: false, started: false, state: { waiting: { reason: 'ErrImagePull', message: error } } };
}

/** The next status of one container, or the same object when nothing happens now. */
function advanceContainer(p: Readonly<KObject>, c: Container, s: ContainerStatus, fate: Fate, memory: KubeletMemory, record: RecordEvent, t: string): ContainerStatus {
  const now = Date.parse(t);
  const waiting = s.state?.waiting?.reason;
  if (waiting === 'ErrImagePull') {
    if (now <= (memory.pulls.get(`${p.metadata.uid}/${c.image}`)?.lastUpdate ?? 0)) return s;
    record(p as KObject, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
    record(p as KObject, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    return { ...s, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } } };
  }
  if (waiting === 'ImagePullBackOff') {
    if (inBackoffSinceUpdate(memory.pulls.get(`${p.metadata.uid}/${c.image}`), now)) return s;
    if (fate.kind === 'pull-fails') return failPull(p, c, memory, record, s, t);
    return startContainer(p, c, fate, memory, record, t);
  }
  if (waiting === 'CrashLoopBackOff') return restartOrWait(p, c, s, memory, record, t);
  const running = s.state?.running;
  if (!running || fate.kind !== 'exits' || now < Date.parse(running.startedAt) + CRASH_AFTER_SECONDS * 1000) return s;
  const terminated = { terminated: { exitCode: fate.exitCode, reason: fate.reason, startedAt: running.startedAt, finishedAt: t, containerID: s.containerID } };
  if (p.spec?.restartPolicy === 'Never') return { ...s, ready: false, started: false, state: terminated };
  return restartOrWait(p, c, { ...s, lastState: terminated }, memory, record, t);
}

/** After a crash: restart now when out of back-off (raising it), or wait in CrashLoopBackOff. */
function restartOrWait(p: Readonly<KObject>, c: Container, s: ContainerStatus, memory: KubeletMemory, record: RecordEvent, t: string): ContainerStatus {
  const key = `${p.metadata.uid}/${c.name}`;
  const now = Date.parse(t);
  const finished = Date.parse(s.lastState?.terminated?.finishedAt ?? t);
  const entry = memory.restarts.get(key);
  if (inBackoff(entry, finished, now)) {
    if (s.state?.waiting) return s;
    record(p as KObject, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef(p)}`);
    const message = `back-off ${goSeconds(entry!.seconds)} restarting failed container=${c.name} pod=${podRef(p)}`;
    return { ...s, ready: false, started: false, state: { waiting: { reason: 'CrashLoopBackOff', message } } };
  }
  memory.restarts.set(key, nextBackoff(entry, finished, now));
  record(p as KObject, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
  record(p as KObject, 'Normal', 'Created', `Created container: ${c.name}`);
  record(p as KObject, 'Normal', 'Started', `Started container ${c.name}`);
  return runningStatus(p, c, t, (s.restartCount ?? 0) + 1, s.lastState);
}

/**
 * One kubelet pass over a started pod's containers: pulls retried, crashes restarted or backed
 * off, and the pod's readiness and phase brought in line.
 */
export function advanceContainers(store: Store, p: Readonly<KObject>, memory: KubeletMemory, record: RecordEvent) {
  if (!needsWork(p)) return;
  const fates = fatesOf(p);
  const statuses = (p.status?.containerStatuses ?? []) as ContainerStatus[];
  const t = store.timestamp();
  const containers = (p.spec?.containers ?? []) as Container[];
  const next = statuses.map((s) => {
    const i = containers.findIndex((c) => c.name === s.name);
    return i < 0 ? s : advanceContainer(p, containers[i], s, fates[i], memory, record, t);
  });
  const conditions = withContainerReadiness(p.status?.conditions, next, t);
  if (next.every((s, i) => s === statuses[i]) && conditions.every((c, i) => c === p.status?.conditions?.[i])) return;
  store.update('pods', { ...(p as KObject), status: { ...p.status, phase: phaseOf(p, next), conditions, containerStatuses: next } });
}

function phaseOf(p: Readonly<KObject>, statuses: readonly ContainerStatus[]): string {
  if (p.spec?.restartPolicy === 'Never' && statuses.length && statuses.every((s) => s.state?.terminated)) {
    return statuses.every((s) => s.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
  }
  return statuses.some((s) => s.state?.running) ? 'Running' : (p.status?.phase ?? 'Pending');
}
