// The kinds a newcomer expects beyond Deployments: Services with Endpoints and EndpointSlices,
// ConfigMaps, Secrets, ServiceAccounts, StatefulSets, Jobs, CronJobs, `kubectl get all` and
// namespace deletion, with the real /usr/bin/kubectl against `npm run sandbox`. Everything is
// written with JSON bodies (`apply -f`, `expose`), so this file does not lean on protobuf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'kinds';
const APPS = 'apps';

/** Manifests as kubectl apply -f - reads them (JSON documents are YAML too). */
const manifest = (...objects: object[]) => objects.map((o) => `---\n${JSON.stringify(o)}\n`).join('');
const apply = (...objects: object[]) => kubectl.ok(['apply', '-f', '-'], { input: manifest(...objects) });
const rows = (out: string) => out.trim().split('\n').slice(1);
const header = (out: string) => out.trim().split('\n')[0].split(/\s{2,}/);
const inServiceCidr = (ip: string) => /^10\.100\.\d{1,3}\.\d{1,3}$/.test(ip);

const container = (name: string, image: string) => ({ name, image, resources: { requests: { cpu: '10m', memory: '16Mi' } } });

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await eventually('frontend available', async () => (await kubectl.json(['get', 'deploy', 'frontend', '-n', APPS])).status.availableReplicas === 3);
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

describe('kinds beyond Deployments, with kubectl', () => {
  it('a fresh namespace gets its default ServiceAccount and kube-root-ca.crt; default has the kubernetes Service', async () => {
    const sa = await eventually('default ServiceAccount', async () => (await kubectl.run(['get', 'sa', 'default', '-n', NS])).code === 0);
    expect(sa).toBe(true);
    const cms = await kubectl.ok(['get', 'cm', '-n', NS]);
    expect(header(cms)).toEqual(['NAME', 'DATA', 'AGE']);
    expect(rows(cms)[0]).toMatch(/^kube-root-ca\.crt\s+1\s/);
    const svc = await kubectl.json(['get', 'svc', 'kubernetes', '-n', 'default']);
    expect(svc.spec.clusterIP).toBe('10.100.0.1');
    expect(svc.spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }]);
  });

  it('kubectl expose deployment: a Service with a ClusterIP, and endpoints of its ready pods', async () => {
    expect(await kubectl.ok(['expose', 'deployment', 'frontend', '-n', APPS, '--port=80', '--target-port=8080'])).toBe('service/frontend exposed\n');
    const svc = await kubectl.json(['get', 'svc', 'frontend', '-n', APPS]);
    expect(inServiceCidr(svc.spec.clusterIP)).toBe(true);
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', clusterIPs: [svc.spec.clusterIP], selector: { app: 'frontend' } });
    expect(svc.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
    const out = await kubectl.ok(['get', 'svc', 'frontend', '-n', APPS, '-o', 'wide']);
    expect(header(out)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(rows(out)[0]).toMatch(new RegExp(`^frontend\\s+ClusterIP\\s+${svc.spec.clusterIP.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s+\\S+\\s+app=frontend$`));

    const pods = (await kubectl.json(['get', 'pods', '-n', APPS, '-l', 'app=frontend'])).items as { status: { podIP: string } }[];
    const ips = pods.map((p) => p.status.podIP).sort();
    expect(ips).toHaveLength(3);
    const ep = await eventually('endpoints of frontend', async () => {
      const e = await kubectl.json(['get', 'endpoints', 'frontend', '-n', APPS]);
      return e.subsets?.[0]?.addresses?.length === 3 ? e : undefined;
    });
    expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip).sort()).toEqual(ips);
    expect(ep.subsets[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const epOut = await kubectl.ok(['get', 'ep', 'frontend', '-n', APPS]);
    expect(header(epOut)).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(rows(epOut)[0]).toMatch(/^frontend\s+(10\.\d+\.\d+\.\d+:8080,){2}10\.\d+\.\d+\.\d+:8080\s/);

    const slices = (await kubectl.json(['get', 'endpointslices', '-n', APPS, '-l', 'kubernetes.io/service-name=frontend'])).items;
    expect(slices).toHaveLength(1);
    // discovery.k8s.io/v1 as 1.32 serves it: each endpoint names its node and zone.
    expect(slices[0].apiVersion).toBe('discovery.k8s.io/v1');
    const byIp = new Map(pods.map((p) => [p.status.podIP, p as unknown as { spec: { nodeName: string } }]));
    for (const e of slices[0].endpoints) {
      expect(e.nodeName).toBe(byIp.get(e.addresses[0])!.spec.nodeName);
      expect(e.zone).toMatch(/^us-east-1[a-f]$/);
      expect(e.topology).toBeUndefined();
    }
    // The same slice at 1.20's v1beta1: node and zone in `topology`.
    const beta = await kubectl.json(['get', 'endpointslices.v1beta1.discovery.k8s.io', slices[0].metadata.name, '-n', APPS]);
    expect(beta.apiVersion).toBe('discovery.k8s.io/v1beta1');
    for (const e of beta.endpoints) expect(e.topology).toEqual({ 'kubernetes.io/hostname': e.nodeName, 'topology.kubernetes.io/zone': slices[0].endpoints.find((x: { addresses: string[] }) => x.addresses[0] === e.addresses[0]).zone });
    expect(slices[0].metadata.ownerReferences).toMatchObject([{ kind: 'Service', name: 'frontend', uid: svc.metadata.uid, controller: true }]);
    expect(slices[0].endpoints.map((e: { addresses: string[] }) => e.addresses[0]).sort()).toEqual(ips);
    expect(slices[0].ports).toEqual([{ name: '', protocol: 'TCP', port: 8080 }]);

    // Scaled down, the endpoints follow the pods.
    await kubectl.ok(['scale', 'deployment', 'frontend', '-n', APPS, '--replicas=1']);
    await eventually('one endpoint left', async () => (await kubectl.json(['get', 'endpoints', 'frontend', '-n', APPS])).subsets?.[0]?.addresses?.length === 1);
  });

  it('a NodePort Service gets node ports; a clusterIP outside the range is refused', async () => {
    await apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: NS }, spec: { type: 'NodePort', selector: { app: 'np' }, ports: [{ port: 80, name: 'web' }, { port: 53, name: 'dns', protocol: 'UDP' }] } });
    const svc = await kubectl.json(['get', 'svc', 'np', '-n', NS]);
    expect(svc.spec.externalTrafficPolicy).toBe('Cluster');
    for (const p of svc.spec.ports) expect(p.nodePort).toBeGreaterThanOrEqual(30000);
    expect(rows(await kubectl.ok(['get', 'svc', 'np', '-n', NS]))[0]).toMatch(/^np\s+NodePort\s+10\.100\.\S+\s+<none>\s+80:3\d{4}\/TCP,53:3\d{4}\/UDP\s/);
    const bad = await kubectl.run(['apply', '-f', '-'], { input: manifest({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'bad-ip', namespace: NS }, spec: { clusterIP: '192.168.0.10', ports: [{ port: 80 }] } }) });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.clusterIP: Invalid value: "192.168.0.10": provided IP is not in the valid range. The range of valid IPs is 10.100.0.0/16');
  });

  it('a ConfigMap and a Secret with kubectl apply: stringData lands in data, bad base64 is refused', async () => {
    await apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, data: { 'log.level': 'debug', mode: 'fast' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: NS }, data: { user: Buffer.from('admin').toString('base64') }, stringData: { password: 's3cret' } },
    );
    const secret = await kubectl.json(['get', 'secret', 'db', '-n', NS]);
    expect(secret.type).toBe('Opaque');
    expect(secret.stringData).toBeUndefined();
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
    expect(Buffer.from(secret.data.user, 'base64').toString()).toBe('admin');
    const out = await kubectl.ok(['get', 'secret,cm', '-n', NS]);
    expect(out).toMatch(/secret\/db\s+Opaque\s+2\s/);
    expect(out).toMatch(/configmap\/settings\s+2\s/);

    const bad = await kubectl.run(['apply', '-f', '-'], { input: manifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad', namespace: NS }, data: { key: 'not base64!' } }) });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('illegal base64 data at input byte 3');
    expect((await kubectl.run(['get', 'secret', 'bad', '-n', NS])).code).not.toBe(0);
  });

  it('a Job runs to completion: kubectl wait --for=condition=complete', async () => {
    await apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: NS },
      spec: { completions: 2, parallelism: 1, template: { spec: { restartPolicy: 'Never', containers: [container('pi', 'perl:5.34')] } } },
    });
    const job = await kubectl.json(['get', 'job', 'pi', '-n', NS]);
    expect(job.spec.selector).toEqual({ matchLabels: { 'controller-uid': job.metadata.uid } });
    expect(job.spec.template.metadata.labels).toEqual({ 'controller-uid': job.metadata.uid, 'job-name': 'pi' });
    expect(job.spec.backoffLimit).toBe(6);
    const waited = await kubectl.ok(['wait', '--for=condition=complete', 'job/pi', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    expect(waited).toBe('job.batch/pi condition met\n');
    const done = await kubectl.json(['get', 'job', 'pi', '-n', NS]);
    expect(done.status.succeeded).toBe(2);
    expect(done.status.active).toBeUndefined();
    expect(done.status.completionTime >= done.status.startTime).toBe(true);
    const out = await kubectl.ok(['get', 'job', 'pi', '-n', NS]);
    expect(header(out)).toEqual(['NAME', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(rows(out)[0]).toMatch(/^pi\s+2\/2\s+\d+s\s+\S+$/);
    const pods = await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name=pi']);
    expect(pods.items).toHaveLength(2);
    for (const p of pods.items) {
      expect(p.status.phase).toBe('Succeeded');
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(await kubectl.ok(['get', 'pods', '-n', NS, '-l', 'job-name=pi'])).toMatch(/pi-\w{5}\s+0\/1\s+Completed\s/);
    // Deleting the Job takes its pods (the garbage collector, background propagation).
    await kubectl.ok(['delete', 'job', 'pi', '-n', NS]);
    await eventually('the Job\'s pods gone', async () => (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name=pi'])).items.length === 0);
  });

  it('a Job past its activeDeadlineSeconds fails: kubectl wait --for=condition=failed', async () => {
    await apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'slow', namespace: NS },
      spec: {
        activeDeadlineSeconds: 10,
        template: { metadata: { annotations: { 'sandbox.nodelanes.dev/run-seconds': '600' } }, spec: { restartPolicy: 'Never', containers: [container('slow', 'busybox:1.36')] } },
      },
    });
    const waited = await kubectl.ok(['wait', '--for=condition=failed', 'job/slow', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 });
    expect(waited).toBe('job.batch/slow condition met\n');
    const job = await kubectl.json(['get', 'job', 'slow', '-n', NS]);
    expect(job.status.conditions).toMatchObject([{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }]);
    expect(job.status.succeeded).toBeUndefined();
    await eventually('the stopped pod gone', async () => (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name=slow'])).items.length === 0);
  });

  it('a StatefulSet makes web-0, web-1, web-2 in order: kubectl rollout status statefulset', async () => {
    await apply(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, name: 'web' }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'web', namespace: NS },
        spec: { serviceName: 'web', replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container('nginx', 'nginx:1.27')] } } },
      },
    );
    const out = await kubectl.ok(['rollout', 'status', 'statefulset/web', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    expect(out.trim().split('\n').at(-1)).toBe('partitioned roll out complete: 3 new pods have been updated...');
    const pods = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=web'])).items as { metadata: { name: string; creationTimestamp: string; labels: Record<string, string> }; spec: { hostname: string; subdomain: string }; status: { startTime: string } }[];
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    // Ordered: each pod is made only after the one before it started.
    expect(pods[1].metadata.creationTimestamp >= pods[0].status.startTime).toBe(true);
    expect(pods[2].metadata.creationTimestamp >= pods[1].status.startTime).toBe(true);
    expect(pods[2].spec).toMatchObject({ hostname: 'web-2', subdomain: 'web' });
    expect(pods[0].metadata.labels['statefulset.kubernetes.io/pod-name']).toBe('web-0');
    const sts = await kubectl.json(['get', 'sts', 'web', '-n', NS]);
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
    expect(sts.status.currentRevision).toBe(sts.status.updateRevision);
    expect(pods[0].metadata.labels['controller-revision-hash']).toBe(sts.status.updateRevision);
    expect(rows(await kubectl.ok(['get', 'sts', '-n', NS]))[0]).toMatch(/^web\s+3\/3\s/);
    // The headless Service lists all three.
    await eventually('three endpoints for web', async () => (await kubectl.json(['get', 'ep', 'web', '-n', NS])).subsets?.[0]?.addresses?.length === 3);

    // A template change rolls from the highest ordinal down; rollout status waits for it.
    await kubectl.ok(['set', 'image', 'statefulset/web', '-n', NS, 'nginx=nginx:1.28']);
    await kubectl.ok(['rollout', 'status', 'statefulset/web', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    const updated = await kubectl.json(['get', 'sts', 'web', '-n', NS]);
    expect(updated.status.updateRevision).not.toBe(sts.status.updateRevision);
    expect(updated.status).toMatchObject({ readyReplicas: 3, updatedReplicas: 3, currentRevision: updated.status.updateRevision });
    const images = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=web'])).items.map((p: { spec: { containers: { image: string }[] } }) => p.spec.containers[0].image);
    expect(images).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });

  it('a CronJob starts a Job on schedule, owned by it (sandbox clock at 10x)', async () => {
    await apply({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: NS },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container('tick', 'busybox:1.36')] } } } } },
    });
    const cj = await kubectl.json(['get', 'cronjob', 'tick', '-n', NS]);
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    // A simulated minute is 6 s of wall time.
    const job = await eventually(
      'a Job from the CronJob',
      async () => ((await kubectl.json(['get', 'jobs', '-n', NS])).items as { metadata: { name: string; ownerReferences?: { kind: string; uid: string }[] } }[]).find((j) => j.metadata.name.startsWith('tick-')),
      30_000,
    );
    expect(job.metadata.name).toMatch(/^tick-\d{8}$/);
    expect(job.metadata.ownerReferences).toMatchObject([{ kind: 'CronJob', uid: cj.metadata.uid }]);
    const status = await eventually('lastScheduleTime', async () => (await kubectl.json(['get', 'cronjob', 'tick', '-n', NS])).status?.lastScheduleTime);
    expect(status).toMatch(/:00Z$/);
    expect(header(await kubectl.ok(['get', 'cj', '-n', NS]))).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    // Also served at 1.20's batch/v1beta1, the same object.
    const beta = await kubectl.json(['get', 'cronjobs.v1beta1.batch', 'tick', '-n', NS]);
    expect(beta.apiVersion).toBe('batch/v1beta1');
    expect(beta.metadata.uid).toBe(cj.metadata.uid);
  });

  it('kubectl delete deployment: its ReplicaSet and pods go (background); --cascade=orphan leaves them, unowned', async () => {
    const deploy = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: NS },
      spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [container('app', 'nginx:1.27')] } } },
    });
    await apply(deploy('gc-bg'), deploy('gc-orphan'), deploy('gc-fg'));
    for (const name of ['gc-bg', 'gc-orphan', 'gc-fg']) await kubectl.ok(['rollout', 'status', `deployment/${name}`, '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    const pods = async (app: string) => (await kubectl.json(['get', 'pods', '-n', NS, '-l', `app=${app}`])).items as { metadata: { name: string; ownerReferences?: unknown[]; deletionTimestamp?: string }; spec: { serviceAccountName: string; serviceAccount: string } }[];
    const sets = async (app: string) => (await kubectl.json(['get', 'rs', '-n', NS, '-l', `app=${app}`])).items as { metadata: { name: string; ownerReferences?: unknown[] } }[];
    // The ServiceAccount admission plugin: a pod without one runs as default.
    expect((await pods('gc-bg'))[0].spec).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' });

    expect(await kubectl.ok(['delete', 'deployment', 'gc-bg', '-n', NS])).toBe('deployment.apps "gc-bg" deleted\n');
    await eventually('gc-bg ReplicaSet gone', async () => (await sets('gc-bg')).length === 0);
    await eventually('gc-bg pods gone', async () => (await pods('gc-bg')).length === 0);

    const orphanPods = (await pods('gc-orphan')).map((p) => p.metadata.name).sort();
    expect(await kubectl.ok(['delete', 'deployment', 'gc-orphan', '-n', NS, '--cascade=orphan'])).toBe('deployment.apps "gc-orphan" deleted\n');
    expect((await kubectl.run(['get', 'deployment', 'gc-orphan', '-n', NS])).code).not.toBe(0);
    const left = await eventually('gc-orphan ReplicaSet unowned', async () => ((l) => (l.length === 1 && !l[0].metadata.ownerReferences ? l : undefined))(await sets('gc-orphan')));
    expect(left).toHaveLength(1);
    // The ReplicaSet lives on and keeps its pods.
    const kept = await pods('gc-orphan');
    expect(kept.map((p) => p.metadata.name).sort()).toEqual(orphanPods);
    for (const p of kept) expect(p.metadata.deletionTimestamp).toBeUndefined();

    // Foreground: kubectl waits until the Deployment is gone, which is after its pods are.
    expect(await kubectl.ok(['delete', 'deployment', 'gc-fg', '-n', NS, '--cascade=foreground', '--timeout=90s'], { timeoutMs: 100_000 })).toBe('deployment.apps "gc-fg" deleted\n');
    expect(await pods('gc-fg')).toEqual([]);
    expect(await sets('gc-fg')).toEqual([]);
  });

  it('kubectl get all -A lists pods, services, deployments, replicasets, statefulsets, jobs and cronjobs', async () => {
    const out = await kubectl.ok(['get', 'all', '-A']);
    for (const kind of ['pod/', 'service/', 'deployment.apps/', 'replicaset.apps/', 'statefulset.apps/', 'job.batch/', 'cronjob.batch/']) expect(out).toContain(kind);
    expect(out).toMatch(/default\s+service\/kubernetes\s+ClusterIP\s+10\.100\.0\.1\s/);
    // ConfigMaps, Secrets and ServiceAccounts are not in the `all` category, as on a real cluster.
    for (const kind of ['configmap/', 'secret/', 'serviceaccount/', 'endpoints/']) expect(out).not.toContain(kind);
  });

  it('kubectl delete cronjob takes its Jobs and their pods', async () => {
    await eventually('a Job of tick with a pod', async () => (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name'])).items.some((p: { metadata: { labels: Record<string, string> } }) => p.metadata.labels['job-name'].startsWith('tick-')));
    expect(await kubectl.ok(['delete', 'cronjob', 'tick', '-n', NS])).toBe('cronjob.batch "tick" deleted\n');
    await eventually('the Jobs of tick gone', async () => !(await kubectl.json(['get', 'jobs', '-n', NS])).items.some((j: { metadata: { name: string } }) => j.metadata.name.startsWith('tick-')));
    await eventually('their pods gone', async () => !(await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name'])).items.some((p: { metadata: { labels: Record<string, string> } }) => p.metadata.labels['job-name'].startsWith('tick-')));
  });

  it('kubectl delete namespace: Terminating, its objects go, then the namespace', async () => {
    const gone = 'kinds-gone';
    await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: gone } });
    await apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: gone }, data: { a: '1' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: gone }, spec: { selector: { app: 's' }, ports: [{ port: 80 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: gone },
        spec: { replicas: 2, selector: { matchLabels: { app: 's' } }, template: { metadata: { labels: { app: 's' } }, spec: { containers: [container('app', 'nginx:1.27')] } } },
      },
    );
    await eventually('pods of d running', async () => (await kubectl.json(['get', 'pods', '-n', gone])).items.filter((p: { status: { phase: string } }) => p.status.phase === 'Running').length === 2);
    const deleted = await kubectl.run(['delete', 'namespace', gone, '--timeout=60s'], { timeoutMs: 70_000 });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`namespace "${gone}" deleted\n`);
    const after = await kubectl.run(['get', 'namespace', gone]);
    expect(after.stderr).toContain(`namespaces "${gone}" not found`);
    const left = await kubectl.json(['get', 'pods,services,deployments,replicasets,configmaps,serviceaccounts,endpoints', '-A', '--field-selector', `metadata.namespace=${gone}`]);
    expect(left.items).toEqual([]);
  });
});
