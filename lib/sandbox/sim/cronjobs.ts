// The CronJob controller (batch/v1, also served at 1.20's batch/v1beta1), on the sandbox's
// clock: when the schedule's latest time (read in spec.timeZone when set, else UTC) since the
// last run has come, a Job `<cronjob>-<minutes since epoch>` from the job template (Forbid skips while one runs, Replace deletes the running one first);
// status.active lists the running Jobs and lastScheduleTime the latest start; finished Jobs
// beyond the history limits are deleted.
import { ApiError } from '../errors';
import { equal, type KObject, type Store } from '../store';
import type { RecordEvent } from '../events';
import { admitCreate } from '../kube-api/admission';
import { defaultObject } from '../kube-api/defaults';
import { CronError, lastDue, parseCron, timeZoneError } from '@/lib/domain/cron';
import { hasTrueCondition } from '../conditions';
import { JOBS, jobFinished } from './jobs';
import { controllerRef, isControlledBy } from './owned-pods';

export const CRONJOBS = 'batch/cronjobs';

const jobRef = (j: KObject) => ({ kind: 'Job', namespace: j.metadata.namespace, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion });

export function reconcileCronJobs(store: Store, record: RecordEvent) {
  const now = store.now();
  for (const cj of store.list(CRONJOBS)) {
    if (cj.metadata.deletionTimestamp) continue;
    const ns = cj.metadata.namespace!;
    let jobs = store.list(JOBS, ns).filter((j) => isControlledBy(j, cj));
    for (const j of jobs) {
      const wasActive = (cj.status?.active ?? []).some((r: { uid: string }) => r.uid === j.metadata.uid);
      if (wasActive && jobFinished(j)) record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${hasTrueCondition(j, 'Complete') ? 'Complete' : 'Failed'}`);
    }
    let lastScheduleTime: string | undefined = cj.status?.lastScheduleTime;
    const due = dueTime(cj, now);
    if (due && !cj.spec?.suspend) {
      const running = jobs.filter((j) => !jobFinished(j));
      const deadline = cj.spec?.startingDeadlineSeconds;
      const late = typeof deadline === 'number' && now.getTime() - due.getTime() > deadline * 1000;
      if (late) {
        record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${due.toISOString()}`);
        lastScheduleTime = stamp(due);
      } else if (!(cj.spec?.concurrencyPolicy === 'Forbid' && running.length > 0)) {
        if (cj.spec?.concurrencyPolicy === 'Replace') {
          for (const j of running) {
            deleteJob(store, j);
            record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
          }
          jobs = jobs.filter((j) => !running.includes(j));
        }
        const job = startJob(store, cj, due);
        if (job) {
          jobs.push(job);
          record(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`);
        }
        lastScheduleTime = stamp(due);
      }
    }
    pruneHistory(store, cj, jobs, record);
    const active = store
      .list(JOBS, ns)
      .filter((j) => isControlledBy(j, cj) && !jobFinished(j))
      .map(jobRef);
    const status = { ...(active.length ? { active } : {}), ...(lastScheduleTime ? { lastScheduleTime } : {}) };
    const fresh = store.get(CRONJOBS, ns, cj.metadata.name);
    if (fresh && !equal(status, fresh.status)) store.update(CRONJOBS, { ...fresh, status });
  }
}

const stamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function dueTime(cj: KObject, now: Date): Date | undefined {
  let schedule;
  try {
    schedule = parseCron(String(cj.spec?.schedule ?? ''));
  } catch (err) {
    if (err instanceof CronError) return undefined;
    throw err;
  }
  const since = new Date(Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? now.toISOString()));
  // An unloadable zone was refused on create; one that slipped in (a stale object) starts nothing.
  const timeZone: string | undefined = typeof cj.spec?.timeZone === 'string' ? cj.spec.timeZone : undefined;
  if (timeZone !== undefined && timeZoneError(timeZone)) return undefined;
  return lastDue(schedule, since, now, { timeZone })?.at;
}

function startJob(store: Store, cj: KObject, at: Date): KObject | undefined {
  const template = cj.spec?.jobTemplate ?? {};
  const job: KObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${Math.floor(at.getTime() / 60_000)}`,
      namespace: cj.metadata.namespace,
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(cj)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  try {
    admitCreate(store, JOBS, job);
    return store.create(JOBS, defaultObject(JOBS, job), { uid: job.metadata.uid });
  } catch (err) {
    // Already made for this time (the controller restarted mid-way): nothing to do.
    if (err instanceof ApiError && err.code === 409) return undefined;
    throw err;
  }
}

/** Background deletion of a Job: its pods go with it. */
function deleteJob(store: Store, job: KObject) {
  store.remove(JOBS, job.metadata.namespace, job.metadata.name);
}

function pruneHistory(store: Store, cj: KObject, jobs: KObject[], record: RecordEvent) {
  const finished = (type: string) =>
    jobs
      .filter((j) => hasTrueCondition(j, type) && store.get(JOBS, j.metadata.namespace, j.metadata.name))
      .sort((a, b) => String(a.status?.completionTime ?? a.metadata.creationTimestamp).localeCompare(String(b.status?.completionTime ?? b.metadata.creationTimestamp)));
  for (const [type, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1]] as const) {
    const list = finished(type);
    for (const j of list.slice(0, Math.max(0, list.length - limit))) {
      deleteJob(store, j);
      record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    }
  }
}
