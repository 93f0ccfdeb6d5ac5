// The Job controller (batch/v1) and the kubelet's side of run-to-completion pods. A Job keeps
// min(parallelism, completions left) pods running; the kubelet stand-in lets a Job's pod exit 0
// after a short simulated run; once enough have succeeded the Job is Complete, with the
// completionTime and condition `kubectl wait --for=condition=complete` reads. A Job still running
// at its activeDeadlineSeconds is stopped and Failed (DeadlineExceeded). A container told to fail
// (`false`, or a script ending in `exit N`) fails its pod (Never) or restarts (OnFailure);
// replacements back off 10s, 20s, …; past backoffLimit the Job gets FailureTarget, its pods are
// stopped, and once they are gone it is Failed (BackoffLimitExceeded). A finished Job with
// ttlSecondsAfterFinished is deleted that long after it finished, its pods with it.
import { equal, type KObject, type Store } from '../store';
import type { RecordEvent } from '../events';
import { hasTrueCondition } from '../conditions';
import { deleteWithPropagation } from '../kube-api/propagation';
import { simulatedExitCode } from '@/lib/domain/container-exit';
import { backoffLimitExceeded, retryDelaySeconds } from '@/lib/domain/job-backoff';
import { deletePod, isActivePod, isFinished, podFromTemplate, podsOf, randomSuffix } from './owned-pods';
import { podAdmissionRefusal } from '../kube-api/priority-admission';

export const JOBS = 'batch/jobs';
/** How long a Job's container runs before it exits 0 (simulated seconds). */
export const JOB_RUN_SECONDS = 5;
/** A pod template annotation that sets another run time, e.g. "30". */
export const RUN_SECONDS_ANNOTATION = 'sandbox.nodelanes.dev/run-seconds';

export const jobFinished = (job: Readonly<KObject>) => hasTrueCondition(job, 'Complete') || hasTrueCondition(job, 'Failed');

export function reconcileJobs(store: Store, record: RecordEvent, random: () => number) {
  for (const job of store.list(JOBS)) {
    // Being deleted: its pods are the garbage collector's now.
    if (job.metadata.deletionTimestamp) continue;
    if (jobFinished(job)) {
      expireFinished(store, job);
      continue;
    }
    const pods = podsOf(store, job);
    const active = pods.filter(isActivePod);
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
    const failed = failedPods.length;
    const restarts = active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m: number, c: { restartCount?: number }) => m + (c.restartCount ?? 0), 0), 0);
    const restartPolicy = job.spec?.template?.spec?.restartPolicy;
    if (hasTrueCondition(job, 'FailureTarget') || backoffLimitExceeded({ restartPolicy, backoffLimit: job.spec?.backoffLimit, failedPods: failed, restarts })) {
      failOnBackoff(store, job, record, { succeeded, failed });
      continue;
    }
    const parallelism = job.spec?.parallelism ?? 1;
    const completions: number | undefined = job.spec?.completions ?? undefined;
    const want = completions !== undefined ? Math.max(0, Math.min(parallelism, completions - succeeded)) : succeeded > 0 ? 0 : parallelism;
    let activeCount = active.length;
    const lastFailure = Math.max(0, ...failedPods.map(finishedAt));
    const retryAt = lastFailure + retryDelaySeconds(failed) * 1000;
    if (!job.spec?.suspend) {
      for (; activeCount < want && store.now().getTime() >= retryAt; activeCount++) {
        const fresh = podFromTemplate(job, job.spec.template, `${job.metadata.name}-${randomSuffix(random)}`);
        // Its create passes the Priority admission plugin like any other (an unknown class is refused).
        const refused = podAdmissionRefusal(store, fresh, job.spec.template?.spec);
        if (refused) {
          record(job, 'Warning', 'FailedCreate', `Error creating: ${refused}`);
          break;
        }
        const pod = store.create('pods', fresh);
        record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }
      for (const p of active.slice(want)) {
        deletePod(store, p);
        activeCount--;
        record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      }
    }
    const now = store.timestamp();
    const deadline = job.spec?.activeDeadlineSeconds;
    const started = Date.parse(job.status?.startTime ?? now);
    if (typeof deadline === 'number' && store.now().getTime() - started >= deadline * 1000) {
      failJob(store, job, active, record, now, { succeeded, failed });
      continue;
    }
    const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && activeCount === 0;
    const status: Record<string, unknown> = {
      ...(job.status?.conditions ? { conditions: job.status.conditions } : {}),
      startTime: job.status?.startTime ?? now,
      ...(activeCount > 0 && !complete ? { active: activeCount } : {}),
      ...(succeeded > 0 ? { succeeded } : {}),
      ...(failed > 0 ? { failed } : {}),
    };
    if (complete) {
      status.conditions = [{ type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now }];
      status.completionTime = now;
    }
    const current = store.get(JOBS, job.metadata.namespace, job.metadata.name);
    if (!current || equal(status, current.status)) continue;
    store.update(JOBS, { ...current, status });
    if (complete) record(job, 'Normal', 'Completed', 'Job completed');
  }
}

/** When a finished pod's last container stopped. */
function finishedAt(p: Readonly<KObject>): number {
  const times = (p.status?.containerStatuses ?? []).map((c: KObject['spec']) => Date.parse(c.state?.terminated?.finishedAt ?? ''));
  return Math.max(0, ...times.filter(Number.isFinite));
}

/**
 * Past backoffLimit: FailureTarget at once and the running pods stopped; Failed once none is left
 * running, as the Job controller waits for its pods to terminate before the terminal condition.
 */
function failOnBackoff(store: Store, job: KObject, record: RecordEvent, counts: { succeeded: number; failed: number }) {
  const reason = 'BackoffLimitExceeded';
  const message = 'Job has reached the specified backoff limit';
  const first = !hasTrueCondition(job, 'FailureTarget');
  let stopped = 0;
  for (const p of podsOf(store, job)) {
    if (!isActivePod(p)) continue;
    deletePod(store, p);
    stopped++;
  }
  const now = store.timestamp();
  const current = store.get(JOBS, job.metadata.namespace, job.metadata.name);
  if (!current) return;
  const remaining = podsOf(store, job).filter((p) => !isFinished(p)).length;
  const conditions: KObject['spec'][] = [...(current.status?.conditions ?? [])];
  if (first) conditions.push({ type: 'FailureTarget', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message });
  const failedNow = remaining === 0;
  if (failedNow) conditions.push({ type: 'Failed', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message });
  const failed = Math.max(current.status?.failed ?? 0, counts.failed + stopped);
  const status = {
    conditions,
    startTime: current.status?.startTime ?? now,
    ...(counts.succeeded ? { succeeded: counts.succeeded } : {}),
    ...(failed ? { failed } : {}),
  };
  if (equal(status, current.status)) return;
  store.update(JOBS, { ...current, status });
  if (failedNow) record(job, 'Warning', reason, message);
}

/** ttlSecondsAfterFinished: the Job goes that long after it finished, its pods (foreground) first. */
function expireFinished(store: Store, job: KObject) {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (typeof ttl !== 'number') return;
  const done = (job.status?.conditions ?? []).find((c: { type: string; status: string }) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const finished = Date.parse(job.status?.completionTime ?? done?.lastTransitionTime ?? '');
  if (!Number.isFinite(finished) || store.now().getTime() < finished + ttl * 1000) return;
  const current = store.get(JOBS, job.metadata.namespace, job.metadata.name);
  if (current && !current.metadata.deletionTimestamp) deleteWithPropagation(store, JOBS, current, 'Foreground');
}

/** Past activeDeadlineSeconds: the running pods are stopped and the Job has Failed. */
function failJob(store: Store, job: KObject, active: KObject[], record: RecordEvent, now: string, counts: { succeeded: number; failed: number }) {
  for (const p of active) deletePod(store, p);
  const current = store.get(JOBS, job.metadata.namespace, job.metadata.name);
  if (!current) return;
  const message = 'Job was active longer than specified deadline';
  store.update(JOBS, {
    ...current,
    status: {
      conditions: [{ type: 'Failed', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'DeadlineExceeded', message }],
      startTime: current.status?.startTime ?? now,
      ...(counts.succeeded ? { succeeded: counts.succeeded } : {}),
      ...(counts.failed + active.length ? { failed: counts.failed + active.length } : {}),
    },
  });
  record(job, 'Warning', 'DeadlineExceeded', message);
}

/** The kubelet's part: a Running pod of a Job exits 0 once its run time has passed. */
export function finishJobPods(store: Store, jobs: ReadonlyMap<string, Readonly<KObject>> = jobsByUid(store)) {
  if (jobs.size === 0) return;
  const now = store.now().getTime();
  for (const p of [...store.peek('pods')]) {
    if (p.status?.phase !== 'Running' || p.metadata.deletionTimestamp) continue;
    const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Job');
    if (!ref || !jobs.has(ref.uid)) continue;
    const seconds = Number(p.metadata.annotations?.[RUN_SECONDS_ANNOTATION] ?? JOB_RUN_SECONDS);
    // A restarted container (OnFailure) runs again from its own start.
    const runningSince = (p.status?.containerStatuses ?? []).map((c: KObject['spec']) => Date.parse(c.state?.running?.startedAt ?? '')).filter(Number.isFinite);
    const started = runningSince.length ? Math.max(...runningSince) : Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '');
    if (!(now >= started + (Number.isFinite(seconds) ? seconds : JOB_RUN_SECONDS) * 1000)) continue;
    const codes = new Map<string, number>((p.spec?.containers ?? []).map((c: KObject['spec']) => [c.name, simulatedExitCode(c)]));
    if ([...codes.values()].every((c) => c === 0)) succeed(store, p as KObject);
    else if (p.spec?.restartPolicy === 'OnFailure') restartFailed(store, p as KObject, codes);
    else fail(store, p as KObject, codes);
  }
}

const terminated = (c: KObject['spec'], code: number, t: string) => ({
  terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', startedAt: c.state?.running?.startedAt ?? t, finishedAt: t, containerID: c.containerID },
});

/** restartPolicy Never: a container exited non-zero, so the pod has Failed. */
function fail(store: Store, p: KObject, codes: Map<string, number>) {
  const t = store.timestamp();
  const notReady = (type: string) => ({ type, status: 'False', lastProbeTime: null, lastTransitionTime: t, reason: 'PodFailed' });
  const conditions = (p.status?.conditions ?? []).map((c: { type: string }) => (c.type === 'Ready' || c.type === 'ContainersReady' ? notReady(c.type) : c));
  store.update('pods', {
    ...p,
    status: {
      ...p.status,
      phase: 'Failed',
      conditions,
      containerStatuses: (p.status?.containerStatuses ?? []).map((c: KObject['spec']) => ({ ...c, ready: false, started: false, state: terminated(c, codes.get(c.name) ?? 0, t) })),
    },
  });
}

/** restartPolicy OnFailure: the kubelet runs the failed container again, counting the restart. */
function restartFailed(store: Store, p: KObject, codes: Map<string, number>) {
  const t = store.timestamp();
  store.update('pods', {
    ...p,
    status: {
      ...p.status,
      containerStatuses: (p.status?.containerStatuses ?? []).map((c: KObject['spec']) =>
        (codes.get(c.name) ?? 0) === 0
          ? c
          : { ...c, restartCount: (c.restartCount ?? 0) + 1, lastState: terminated(c, codes.get(c.name)!, t), state: { running: { startedAt: t } } },
      ),
    },
  });
}

function jobsByUid(store: Store): Map<string, Readonly<KObject>> {
  const out = new Map<string, Readonly<KObject>>();
  for (const j of store.peek(JOBS)) out.set(j.metadata.uid!, j);
  return out;
}

function succeed(store: Store, p: KObject) {
  const t = store.timestamp();
  const done = (type: string) => ({ type, status: 'False', lastProbeTime: null, lastTransitionTime: t, reason: 'PodCompleted' });
  const conditions = (p.status?.conditions ?? []).map((c: { type: string }) => (c.type === 'Ready' || c.type === 'ContainersReady' ? done(c.type) : c));
  store.update('pods', {
    ...p,
    status: {
      ...p.status,
      phase: 'Succeeded',
      conditions,
      containerStatuses: (p.status?.containerStatuses ?? []).map((c: KObject['spec']) => ({
        ...c,
        ready: false,
        started: false,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: c.state?.running?.startedAt ?? t, finishedAt: t, containerID: c.containerID } },
      })),
    },
  });
}
