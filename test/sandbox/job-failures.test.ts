// Jobs that fail and finish as kubectl sees them against `npm run sandbox`: a container told to
// fail (`sh -c "...; exit 3"`) fails its pod, replacements back off, and past backoffLimit the Job
// is Failed (BackoffLimitExceeded); ttlSecondsAfterFinished deletes a finished Job and its pods;
// a CronJob's timeZone is checked on create and its schedule read in that zone.
import { describe, expect, it } from 'vitest';
import { kubectlSandbox } from '../support/kubectl-sandbox';
import { eventually } from '../support/kubectl';

const NS = 'batchwork';
const { kubectl } = kubectlSandbox({ timeScale: 10, namespace: NS });

const job = (name: string, spec: string, script: string, restartPolicy = 'Never') => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ${NS}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
        - name: work
          image: busybox:1.36
          command: ["sh", "-c", ${JSON.stringify(script)}]
          resources: { requests: { cpu: 10m, memory: 16Mi } }
`;

type Obj = { metadata: { name: string; creationTimestamp: string }; status?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
const pods = async (jobName: string) => (await kubectl.json<{ items: Obj[] }>(['get', 'pods', '-n', NS, '-l', `job-name=${jobName}`])).items;

describe('failing Jobs, TTL and CronJob time zones', () => {
  it('restartPolicy Never: backoffLimit 1 allows two failed pods, the second after a back-off, then Failed', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: job('flaky', '  backoffLimit: 1', 'echo boom; exit 3') });
    await kubectl.ok(['wait', '--for=condition=failed', 'job/flaky', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    const j = await kubectl.json<Obj>(['get', 'job/flaky', '-n', NS]);
    expect(j.status?.failed).toBe(2);
    const types = (j.status?.conditions ?? []).map((c: { type: string; reason: string; message: string }) => [c.type, c.reason, c.message]);
    expect(types).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    const list = (await pods('flaky')).sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
    expect(list).toHaveLength(2);
    for (const p of list) {
      expect(p.status?.phase).toBe('Failed');
      expect(p.status?.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    }
    // The replacement waited the first back-off (10 simulated seconds) after the failure.
    const firstFailed = Date.parse(list[0].status?.containerStatuses[0].state.terminated.finishedAt);
    expect(Date.parse(list[1].metadata.creationTimestamp) - firstFailed).toBeGreaterThanOrEqual(10_000);
    const events = await kubectl.ok(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.name=flaky']);
    expect(events).toMatch(/BackoffLimitExceeded\s+job\/flaky\s+Job has reached the specified backoff limit/);
  }, 120_000);

  it('restartPolicy OnFailure: restarts count against backoffLimit', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: job('crashy', '  backoffLimit: 2', 'false', 'OnFailure') });
    const restarts = await eventually('a restart', async () => {
      const [p] = await pods('crashy');
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0 && p.status!.containerStatuses[0];
    });
    expect(restarts.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    await kubectl.ok(['wait', '--for=condition=failed', 'job/crashy', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    const j = await kubectl.json<Obj>(['get', 'job/crashy', '-n', NS]);
    expect(j.status?.conditions.at(-1)).toMatchObject({ type: 'Failed', reason: 'BackoffLimitExceeded' });
  }, 120_000);

  it('a Job that succeeds stays Complete; with ttlSecondsAfterFinished it and its pods go afterwards', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: job('fine', '  backoffLimit: 0', 'echo ok') });
    await kubectl.ok(['apply', '-f', '-'], { input: job('brief', '  ttlSecondsAfterFinished: 20', 'echo ok') });
    await kubectl.ok(['wait', '--for=condition=complete', 'job/brief', 'job/fine', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    await eventually('job/brief deleted', async () => (await kubectl.run(['get', 'job/brief', '-n', NS])).stderr.includes('NotFound'), 60_000);
    await eventually('its pods deleted', async () => (await pods('brief')).length === 0);
    expect((await kubectl.json<Obj>(['get', 'job/fine', '-n', NS])).status?.succeeded).toBe(1);
  }, 120_000);

  it('a CronJob with an unknown timeZone is refused as the apiserver refuses it', async () => {
    const r = await kubectl.run(['create', 'cronjob', 'mars', '-n', NS, '--image=busybox:1.36', '--schedule=0 9 * * *', '--dry-run=client', '-o', 'json']);
    const cj = JSON.parse(r.stdout);
    cj.spec.timeZone = 'Mars/Olympus_Mons';
    const refused = await kubectl.run(['create', '-f', '-'], { input: JSON.stringify(cj) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons');
  });

  it("a CronJob's schedule is read in its timeZone", async () => {
    // Every minute of the next two hours on Kathmandu's clock (UTC+5:45): in UTC those hours are
    // never now, so only a zone-aware controller starts a Job.
    const probe = await kubectl.json<Obj>(['create', 'configmap', 'clock', '-n', NS]);
    const simNow = new Date(probe.metadata.creationTimestamp);
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Kathmandu', hour: 'numeric', hourCycle: 'h23' }).format(simNow));
    const schedule = `* ${hour},${(hour + 1) % 24} * * *`;
    for (const [name, zone] of [['nepal', 'Asia/Kathmandu'], ['utc', undefined]] as const) {
      const made = JSON.parse((await kubectl.ok(['create', 'cronjob', name, '-n', NS, '--image=busybox:1.36', `--schedule=${schedule}`, '--dry-run=client', '-o', 'json'])));
      if (zone) made.spec.timeZone = zone;
      await kubectl.ok(['create', '-f', '-'], { input: JSON.stringify(made) });
    }
    await eventually('a job from the zoned CronJob', async () => (await kubectl.json<{ items: Obj[] }>(['get', 'jobs', '-n', NS])).items.some((j) => j.metadata.name.startsWith('nepal-')), 60_000);
    const cj = await kubectl.json<Obj>(['get', 'cronjob/utc', '-n', NS]);
    expect(cj.status?.lastScheduleTime).toBeUndefined();
    expect((await kubectl.json<{ items: Obj[] }>(['get', 'jobs', '-n', NS])).items.some((j) => j.metadata.name.startsWith('utc-'))).toBe(false);
  }, 120_000);
});
