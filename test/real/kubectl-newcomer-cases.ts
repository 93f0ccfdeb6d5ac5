// The newcomer's acceptance list (test/sandbox/kubectl-newcomer.test.ts) with the real kubectl
// against both servers: the same commands must print the same, leave the same objects and end
// the same way. Most `create` commands send protobuf bodies, so both servers read kubectl's own
// bytes. kubectl 1.32 against a 1.20 server: what the skew changes is named where it shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, kubectlFor, type KubectlResult } from '../support/kubectl';
import { diffPaths } from './case';
import { send, type Server } from './http';
import { kubeconfig } from './kubectl-cases';
import { normalizeObject, specAndMeta } from './normalize';
import type { Pair } from './servers';

const NS = 'diff-newcomer';
type Kubectl = ReturnType<typeof kubectlFor>;

/** A schedulable node on each server for the newcomer's pods (Ready by each side's node stand-in). */
const worker = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'diff-newcomer-worker', labels: { 'kubernetes.io/hostname': 'diff-newcomer-worker' } },
  status: { capacity: { cpu: '8', memory: '32Gi', pods: '110' }, allocatable: { cpu: '8', memory: '32Gi', pods: '110' } },
};

/** Pod and ReplicaSet names end in random suffixes; everything before them must match. */
const withoutSuffixes = (name: string) => name.replace(/-[a-z0-9]{5}$/, '-*').replace(/^(pod\/web|replicaset\.apps\/web)-[a-z0-9]{8,10}(-\*)?$/, '$1-*$2');

/** Identities each server allocates itself: the Service's cluster IPs and the Job's controller uid labels. */
function allocated(o: unknown) {
  const n = structuredClone(o) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (n?.spec?.clusterIP) n.spec.clusterIP = '<allocated>';
  if (n?.spec?.clusterIPs) n.spec.clusterIPs = ['<allocated>'];
  for (const labels of [n?.metadata?.labels, n?.spec?.selector?.matchLabels, n?.spec?.template?.metadata?.labels]) {
    if (labels?.['controller-uid']) labels['controller-uid'] = '<uid>';
  }
  return n;
}

export function kubectlNewcomerCases(pair: () => Pair) {
  let dir: string;
  let real: Kubectl;
  let sandbox: Kubectl;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-newcomer-'));
    real = kubectlFor(kubeconfig(dir, pair().real));
    sandbox = kubectlFor(kubeconfig(dir, pair().sandbox));
    for (const server of [pair().real, pair().sandbox]) await send(server, { method: 'POST', path: '/api/v1/nodes', body: worker });
  });
  afterAll(async () => {
    real?.cleanup();
    sandbox?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    for (const server of [pair().real, pair().sandbox]) await send(server, { method: 'DELETE', path: `/api/v1/nodes/${worker.metadata.name}` });
  });

  const onBoth = (args: string[], timeoutMs?: number) => Promise.all([real.run(args, { timeoutMs }), sandbox.run(args, { timeoutMs })]);
  const same = ([a, b]: KubectlResult[]) => {
    expect({ code: b.code, stdout: b.stdout, stderr: b.stderr }).toEqual({ code: a.code, stdout: a.stdout, stderr: a.stderr });
  };
  /** The object as each server stored it, compared path by path. */
  const sameObject = async (args: string[], shape: (o: unknown) => unknown = normalizeObject) => {
    const [a, b] = await Promise.all([real.json(args), sandbox.json(args)]);
    expect(diffPaths(shape(a), shape(b)), 'paths that differ (path: real → sandbox)').toEqual([]);
  };

  it('kubectl create namespace', async () => {
    const out = await onBoth(['create', 'namespace', NS]);
    same(out);
    expect(out[0].stdout).toBe(`namespace/${NS} created\n`);
    await sameObject(['get', 'namespace', NS]);
  });

  it('kubectl create deployment --replicas=2, then rollout status', async () => {
    const out = await onBoth(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', '-n', NS]);
    same(out);
    expect(out[0].stdout).toBe('deployment.apps/web created\n');
    await sameObject(['get', 'deployment', 'web', '-n', NS], specAndMeta);
    const [a, b] = await onBoth(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=90s'], 100_000);
    // The waiting lines in between depend on each controller's pace; the verdict must not.
    expect([b.code, b.stdout.trim().split('\n').at(-1)]).toEqual([a.code, a.stdout.trim().split('\n').at(-1)]);
    expect(a.stdout.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
  });

  it('kubectl run, then wait --for=condition=Ready', async () => {
    same(await onBoth(['run', 'probe', '--image=busybox:1.36', '--labels=app=probe', '-n', NS, '--', 'sleep', '3600']));
    const waited = await onBoth(['wait', '--for=condition=Ready', 'pod/probe', '-n', NS, '--timeout=60s'], 70_000);
    same(waited);
    expect(waited[0].stdout).toBe('pod/probe condition met\n');
    // The node each scheduler picked and the pod's IP are the servers' own.
    await sameObject(['get', 'pod', 'probe', '-n', NS], (o) => {
      const n = normalizeObject(o);
      delete n.spec.nodeName;
      return n;
    });
  });

  it('kubectl expose deployment', async () => {
    const out = await onBoth(['expose', 'deployment', 'web', '--port=80', '--target-port=8080', '-n', NS]);
    same(out);
    expect(out[0].stdout).toBe('service/web exposed\n');
    await sameObject(['get', 'service', 'web', '-n', NS], (o) => allocated(normalizeObject(o)));
  });

  it('kubectl create configmap --from-literal', async () => {
    const out = await onBoth(['create', 'configmap', 'settings', '--from-literal=greeting=hello world', '--from-literal=level=3', '-n', NS]);
    same(out);
    expect(out[0].stdout).toBe('configmap/settings created\n');
    await sameObject(['get', 'configmap', 'settings', '-n', NS]);
  });

  it('kubectl create job runs to completion (wait --for=condition=complete)', async () => {
    const out = await onBoth(['create', 'job', 'once', '--image=busybox:1.36', '-n', NS, '--', 'echo', 'hi']);
    same(out);
    expect(out[0].stdout).toBe('job.batch/once created\n');
    await sameObject(['get', 'job', 'once', '-n', NS], (o) => allocated(specAndMeta(o)));
    // The real tier's node stand-in runs pods but never ends them: exit the job's container the
    // way a kubelet reports it (the sandbox's kubelet stand-in does the same on its own).
    await exitJobPod(pair().real);
    const waited = await onBoth(['wait', '--for=condition=complete', 'job/once', '-n', NS, '--timeout=60s'], 70_000);
    same(waited);
    expect(waited[0].stdout).toBe('job.batch/once condition met\n');
  });

  // A difference on purpose: the sandbox is a 1.32 cluster, which serves batch/v1 CronJobs (GA in
  // 1.21); 1.20 has only batch/v1beta1, so kubectl 1.32's create cronjob fails there.
  it('kubectl create cronjob: refused by 1.20 (no batch/v1 CronJobs), created by the sandbox as by 1.32', async () => {
    const [a, b] = await onBoth(['create', 'cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *', '-n', NS, '--', 'echo', 'hi']);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toContain('the server could not find the requested resource');
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe('cronjob.batch/nightly created\n');
    // Taken away again so that both namespaces hold the same objects for the cases below.
    expect((await sandbox.run(['delete', 'cronjob', 'nightly', '-n', NS])).code).toBe(0);
  });

  it('kubectl get all -A lists the same objects of the namespace under the same columns', async () => {
    const [a, b] = await onBoth(['get', 'all', '-A']);
    expect([a.code, b.code]).toEqual([0, 0]);
    const mine = (out: string) =>
      out
        .split('\n')
        .filter((l) => l.startsWith(`${NS} `))
        .map((l) => withoutSuffixes(l.split(/\s+/)[1]))
        .sort();
    expect(mine(b.stdout)).toEqual(mine(a.stdout));
    expect(mine(a.stdout)).toEqual(expect.arrayContaining(['deployment.apps/web', 'job.batch/once', 'pod/probe', 'service/web']));
    // Each kind's table has the same header on both (the seeded kinds of each server aside).
    const headers = (out: string) => new Set(out.split('\n').filter((l) => l.startsWith('NAMESPACE ')).map((l) => l.split(/\s{2,}/).join(' ')));
    for (const h of headers(a.stdout)) if (/ (READY UP-TO-DATE|TYPE CLUSTER-IP|STATUS COMPLETIONS|READY STATUS RESTARTS)/.test(h)) expect(headers(b.stdout)).toContain(h);
  });

  it('kubectl delete namespace takes its objects with it', async () => {
    const out = await onBoth(['delete', 'namespace', NS, '--timeout=90s'], 100_000);
    same(out);
    expect(out[0].stdout).toBe(`namespace "${NS}" deleted\n`);
    same(await onBoth(['get', 'namespace', NS]));
    for (const k of [real, sandbox]) {
      await eventually('nothing left in the namespace', async () => {
        const r = await k.run(['get', 'all,configmaps', '-n', NS, '-o', 'name']);
        return r.code === 0 && r.stdout.trim() === '';
      });
    }
  });
}

/** Marks the Job's running pod as exited 0, as the kubelet would. */
async function exitJobPod(server: Server) {
  const pods = await eventually('the job pod', async () => {
    const r = await send(server, { path: `/api/v1/namespaces/${NS}/pods?labelSelector=job-name%3Donce` });
    const items = (r.json?.items ?? []) as { metadata: { name: string }; spec: { containers: { name: string; image: string }[] }; status?: { phase?: string } }[];
    return items.length > 0 && items.every((p) => p.status?.phase === 'Running') ? items : undefined;
  });
  for (const p of pods) {
    const finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const c = p.spec.containers[0];
    await send(server, {
      method: 'PATCH',
      path: `/api/v1/namespaces/${NS}/pods/${p.metadata.name}/status`,
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          phase: 'Succeeded',
          conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: finishedAt }],
          containerStatuses: [{ name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: finishedAt, finishedAt } } }],
        },
      },
    });
  }
}
