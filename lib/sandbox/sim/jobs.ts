// The Job controller (batch/v1) and the kubelet's side of run-to-completion pods. A Job keeps
// min(parallelism, completions left) pods running; the kubelet stand-in lets a Job's pod exit 0
// after a short simulated run; once enough have succeeded the Job is Complete, with the
// completionTime and condition `kubectl wait --for=condition=complete` reads. A Job still running
// at its activeDeadlineSeconds is stopped and Failed (DeadlineExceeded).
import { equal, type KObject, type Store } from '../store';
import type { RecordEvent } from '../events';
import { hasTrueCondition } from '../conditions';
import { deletePod, isActivePod, podFromTemplate, podsOf, randomSuffix } from './owned-pods';

export const JOBS = 'batch/jobs';
/** How long a Job's container runs before it exits 0 (simulated seconds). */
export const JOB_RUN_SECONDS = 5;
/** A pod template annotation that sets another run time, e.g. "30". */
export const RUN_SECONDS_ANNOTATION = 'sandbox.nodelanes.dev/run-seconds';

export const jobFinished = (job: Readonly<KObject>) => hasTrueCondition(job, 'Complete') || hasTrueCondition(job, 'Failed');

export function reconcileJobs(store: Store, record: RecordEvent, random: () => number) {
  for (const job of store.list(JOBS)) {
    // Being deleted: its pods are the garbage collector's now.
    if (jobFinished(job) || job.metadata.deletionTimestamp) continue;
    const pods = podsOf(store, job);
    const active = pods.filter(isActivePod);
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
    const parallelism = job.spec?.parallelism ?? 1;
    const completions: number | undefined = job.spec?.completions ?? undefined;
    const want = completions !== undefined ? Math.max(0, Math.min(parallelism, completions - succeeded)) : succeeded > 0 ? 0 : parallelism;
    let activeCount = active.length;
    if (!job.spec?.suspend) {
      for (; activeCount < want; activeCount++) {
        const pod = store.create('pods', podFromTemplate(job, job.spec.template, `${job.metadata.name}-${randomSuffix(random)}`));
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
    const started = Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '');
    if (!(now >= started + (Number.isFinite(seconds) ? seconds : JOB_RUN_SECONDS) * 1000)) continue;
    succeed(store, p as KObject);
  }
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
