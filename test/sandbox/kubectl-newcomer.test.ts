// The newcomer's acceptance list: what someone new to Kubernetes types first, with the real
// /usr/bin/kubectl against `npm run sandbox`. Most of these `create` commands send protobuf
// bodies (kubectl's typed client), so this is also the sandbox's protobuf decoder end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'newcomer';

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

const rows = (out: string) => out.trim().split('\n').slice(1);

describe('a newcomer with kubectl against npm run sandbox', () => {
  it('kubectl create namespace', async () => {
    expect(await kubectl.ok(['create', 'namespace', NS])).toBe(`namespace/${NS} created\n`);
    const ns = await kubectl.json(['get', 'namespace', NS]);
    expect(ns.status.phase).toBe('Active');
  });

  it('kubectl create deployment --replicas=2, then rollout status', async () => {
    expect(await kubectl.ok(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', '-n', NS])).toBe('deployment.apps/web created\n');
    const d = await kubectl.json(['get', 'deployment', 'web', '-n', NS]);
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(d.spec.template.spec.containers).toMatchObject([{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }]);
    const out = await kubectl.ok(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    expect(out.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
    expect(rows(await kubectl.ok(['get', 'pods', '-n', NS, '-l', 'app=web']))).toHaveLength(2);
  });

  it('kubectl run, then wait --for=condition=Ready', async () => {
    expect(await kubectl.ok(['run', 'probe', '--image=busybox:1.36', '--labels=app=probe', '-n', NS, '--', 'sleep', '3600'])).toBe('pod/probe created\n');
    expect(await kubectl.ok(['wait', '--for=condition=Ready', 'pod/probe', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 })).toBe('pod/probe condition met\n');
    const pod = await kubectl.json(['get', 'pod', 'probe', '-n', NS]);
    expect(pod.spec.containers[0]).toMatchObject({ name: 'probe', image: 'busybox:1.36', args: ['sleep', '3600'] });
    expect(pod.spec.nodeName).toBeTruthy();
  });

  it('kubectl expose deployment', async () => {
    expect(await kubectl.ok(['expose', 'deployment', 'web', '--port=80', '--target-port=8080', '-n', NS])).toBe('service/web exposed\n');
    const svc = await kubectl.json(['get', 'service', 'web', '-n', NS]);
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect(svc.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('kubectl create service clusterip (a protobuf Service with a named target port)', async () => {
    expect(await kubectl.ok(['create', 'service', 'clusterip', 'api', '--tcp=443:https', '-n', NS])).toBe('service/api created\n');
    const svc = await kubectl.json(['get', 'service', 'api', '-n', NS]);
    expect(svc.spec.ports).toMatchObject([{ name: '443-https', port: 443, targetPort: 'https', protocol: 'TCP' }]);
  });

  it('kubectl create configmap --from-literal', async () => {
    expect(await kubectl.ok(['create', 'configmap', 'settings', '--from-literal=greeting=hello world', '--from-literal=level=3', '-n', NS])).toBe('configmap/settings created\n');
    expect(await kubectl.ok(['get', 'configmap', 'settings', '-n', NS, '-o', 'jsonpath={.data.greeting}/{.data.level}'])).toBe('hello world/3');
  });

  it('kubectl create secret generic and serviceaccount', async () => {
    expect(await kubectl.ok(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cr3t', '-n', NS])).toBe('secret/creds created\n');
    const secret = await kubectl.json(['get', 'secret', 'creds', '-n', NS]);
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cr3t');
    expect(await kubectl.ok(['create', 'serviceaccount', 'robot', '-n', NS])).toBe('serviceaccount/robot created\n');
    expect(rows(await kubectl.ok(['get', 'serviceaccount', 'robot', '-n', NS]))).toHaveLength(1);
  });

  it('kubectl create job runs to completion (wait --for=condition=complete)', async () => {
    expect(await kubectl.ok(['create', 'job', 'once', '--image=busybox:1.36', '-n', NS, '--', 'echo', 'hi'])).toBe('job.batch/once created\n');
    expect(await kubectl.ok(['wait', '--for=condition=complete', 'job/once', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 })).toBe('job.batch/once condition met\n');
    const job = await kubectl.json(['get', 'job', 'once', '-n', NS]);
    expect(job.status.succeeded).toBe(1);
    expect(job.spec.template.spec.containers[0]).toMatchObject({ image: 'busybox:1.36', command: ['echo', 'hi'] });
  });

  it('kubectl create cronjob (batch/v1, in protobuf), describe cronjob, and a Job from it with create job --from', async () => {
    expect(await kubectl.ok(['create', 'cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *', '--restart=OnFailure', '-n', NS, '--', 'date'])).toBe('cronjob.batch/nightly created\n');
    const cj = await kubectl.json(['get', 'cronjob', 'nightly', '-n', NS]);
    expect(cj.apiVersion).toBe('batch/v1');
    expect(cj.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({ restartPolicy: 'OnFailure', containers: [{ name: 'nightly', image: 'busybox:1.36', command: ['date'] }] });
    const described = await kubectl.ok(['describe', 'cronjob', 'nightly', '-n', NS]);
    expect(described).toMatch(/^Name:\s+nightly$/m);
    expect(described).toMatch(/^Schedule:\s+0 3 \* \* \*$/m);
    expect(described).toMatch(/^Concurrency Policy:\s+Allow$/m);
    expect(described).toMatch(/^Suspend:\s+False$/m);
    expect(described).toMatch(/Image:\s+busybox:1\.36/);

    // What `kubectl create job --from` makes: the CronJob's template, owned by it, run at once.
    expect(await kubectl.ok(['create', 'job', 'nightly-now', '--from=cronjob/nightly', '-n', NS])).toBe('job.batch/nightly-now created\n');
    const job = await kubectl.json(['get', 'job', 'nightly-now', '-n', NS]);
    expect(job.metadata.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toMatchObject([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cj.metadata.uid, controller: true }]);
    expect(job.spec.template.spec.containers[0]).toMatchObject({ image: 'busybox:1.36', command: ['date'] });
    expect(await kubectl.ok(['wait', '--for=condition=complete', 'job/nightly-now', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 })).toBe('job.batch/nightly-now condition met\n');
    const pods = await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name=nightly-now']);
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].spec.serviceAccountName).toBe('default');
  });

  it('kubectl get all -A shows what the newcomer made beside the rest of the cluster', async () => {
    const out = await kubectl.ok(['get', 'all', '-A']);
    const names = out.split('\n').filter((l) => l.startsWith(`${NS} `)).map((l) => l.split(/\s+/)[1]);
    expect(names).toEqual(expect.arrayContaining(['pod/probe', 'service/web', 'service/api', 'deployment.apps/web', 'job.batch/once', 'cronjob.batch/nightly', 'job.batch/nightly-now']));
    expect(names.some((n) => n.startsWith('replicaset.apps/web-'))).toBe(true);
    expect(names.filter((n) => n.startsWith('pod/web-'))).toHaveLength(2);
    // The seeded workloads are listed too.
    expect(out).toMatch(/^apps\s+deployment\.apps\/frontend\s/m);
  });

  it('kubectl delete namespace takes its objects with it', async () => {
    expect(await kubectl.ok(['delete', 'namespace', NS, '--timeout=60s'], { timeoutMs: 70_000 })).toBe(`namespace "${NS}" deleted\n`);
    const gone = await kubectl.run(['get', 'namespace', NS]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`namespaces "${NS}" not found`);
    await eventually('no objects left in the namespace', async () => {
      const r = await kubectl.run(['get', 'all,configmaps,secrets,serviceaccounts', '-n', NS, '-o', 'name']);
      return r.code === 0 && r.stdout.trim() === '';
    });
  });
});
