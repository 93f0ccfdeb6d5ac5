// What a user tries first on a new cluster, with the real /usr/bin/kubectl and the real `aws` CLI
// against `npm run sandbox`: logs, exec and friends, who am I, a ServiceAccount token, and a
// kubeconfig written by `aws eks update-kubeconfig` into a file of the test's own.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor, type KubectlResult } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
let tmp: string;
let pod: string;
const NS = 'apps';

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'first-tries-'));
  pod = await eventually('a running pod in apps', async () => {
    const pods = await kubectl.json(['get', 'pods', '-n', NS]);
    return pods.items.find((p: { status: { phase: string } }) => p.status.phase === 'Running')?.metadata.name;
  });
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The AWS CLI and kubectl as a user runs them after `. .sandbox/env`, isolated from ~/.aws and ~/.kube. */
function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<KubectlResult> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: process.env.NODE_ENV,
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    ...sandbox.env,
    KUBECONFIG: path.join(tmp, 'none'),
    AWS_CONFIG_FILE: path.join(tmp, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'aws-credentials'),
  };
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: timeoutMs }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

const SIMULATED = 'this sandbox simulates the cluster and runs no containers';

describe('kubectl logs', () => {
  it('prints the container lifecycle as log lines; --tail and --timestamps apply', async () => {
    const out = await kubectl.ok(['logs', '-n', NS, pod]);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^\[sandbox\] container \S+ started \(image \S+\) on node \S+ in pod apps\//);
    expect(out).not.toContain('"kind"');
    const last = await kubectl.ok(['logs', '-n', NS, pod, '--tail=1', '--timestamps']);
    expect(last).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \[sandbox\] /);
    expect(last.trim().split('\n')).toHaveLength(1);
  });

  it('--previous without a restart is the kubelet 400; an unknown subresource is a 404', async () => {
    const r = await kubectl.run(['logs', '-n', NS, pod, '--previous']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Error from server \(BadRequest\): previous terminated container "\S+" in pod "\S+" not found/);
    const raw = await kubectl.run(['get', '--raw', `/api/v1/namespaces/${NS}/pods/${pod}/nonsense`]);
    expect(raw.stderr).toContain('NotFound');
  });

  it('-f follows a Job pod and ends with its exit', async () => {
    await kubectl.ok(['create', 'job', 'first-job', '--image=busybox:1.36', '-n', NS]);
    // Started, not only created: a container still ContainerCreating has no log yet (kubectl
    // logs answers 400 "waiting to start", as a real kubelet does).
    type Status = { state?: { running?: unknown; terminated?: unknown } };
    const jobPod = await eventually('the job pod started', async () => {
      const pods = await kubectl.json(['get', 'pods', '-n', NS, '-l', 'job-name=first-job']);
      return pods.items.find((p: { status: { containerStatuses?: Status[] } }) => p.status.containerStatuses?.some((c) => c.state?.running || c.state?.terminated))?.metadata.name;
    });
    const out = await kubectl.ok(['logs', '-f', '-n', NS, jobPod], { timeoutMs: 30_000 });
    expect(out.trim().split('\n').at(-1)).toBe('[sandbox] container exited with code 0 (Completed)');
  });
});

describe('exec, attach, port-forward, cp and debug say the cluster runs no containers', () => {
  it.each([
    ['exec', ['exec', '-n', NS, '$POD', '--', 'ls'], 'to exec into'],
    ['attach', ['attach', '-n', NS, '$POD'], 'to attach to'],
    ['port-forward', ['port-forward', '-n', NS, 'pod/$POD', '18080:80'], 'to forward ports to'],
    ['cp', ['cp', `${NS}/$POD:/etc/hosts`, '/dev/null'], 'to exec into'],
    ['debug', ['debug', '-n', NS, '$POD', '--image=busybox:1.36', '--profile=general'], 'an ephemeral container cannot be added'],
  ])('kubectl %s fails at once with the sandbox message', async (_name, args, words) => {
    const started = Date.now();
    const r = await kubectl.run(args.map((a) => a.replace('$POD', pod)), { timeoutMs: 30_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(SIMULATED);
    expect(r.stderr).toContain(words);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('who am I, and ServiceAccount tokens', () => {
  it('kubectl auth whoami names the kubeconfig user, or the impersonated one', async () => {
    expect(await kubectl.ok(['auth', 'whoami'])).toMatch(/Username\s+sandbox-admin\nGroups\s+\[system:masters system:authenticated\]/);
    const alice = await kubectl.ok(['auth', 'whoami', '--as=alice', '--as-group=viewers', '-o', 'json']);
    expect(JSON.parse(alice).status.userInfo).toEqual({ username: 'alice', groups: ['viewers', 'system:authenticated'] });
  });

  it('kubectl create token gives a token the sandbox reads as the account, with its RBAC', async () => {
    const token = (await kubectl.ok(['create', 'token', 'default', '-n', NS, '--duration=20m'])).trim();
    const review = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_EKS}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}',
    });
    expect(review.status).toBe(201);
    expect((await review.json()).status.userInfo).toMatchObject({ username: `system:serviceaccount:${NS}:default`, groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated'] });
    const pods = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_EKS}/api/v1/namespaces/${NS}/pods`, { headers: { authorization: `Bearer ${token}` } });
    expect(pods.status).toBe(403);
    const short = await kubectl.run(['create', 'token', 'default', '-n', NS, '--duration=1m']);
    expect(short.stderr).toContain('spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
  });
});

describe('aws eks update-kubeconfig', () => {
  // The AWS CLI takes seconds to start on a loaded machine.
  it('writes a context to the chosen file that kubectl uses over TLS with the EKS token', { timeout: 180_000 }, async () => {
    const file = path.join(tmp, 'eks-kubeconfig');
    const update = await run('aws', ['eks', 'update-kubeconfig', '--name', 'sandbox', '--kubeconfig', file]);
    expect(update.code, update.stderr).toBe(0);
    const config = fs.readFileSync(file, 'utf8');
    expect(config).toMatch(/server: https:\/\/127\.0\.0\.1:\d+/);
    const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(config)![1], 'base64').toString('utf8');
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\r?\n[\s\S]{100,}-----END CERTIFICATE-----\s*$/);
    // The cluster publishes the same CA to every namespace, as root-ca-cert-publisher does.
    expect((await kubectl.json(['get', 'configmap', 'kube-root-ca.crt', '-n', NS])).data['ca.crt']).toBe(ca);
    const nodes = await run('kubectl', ['--kubeconfig', file, 'get', 'nodes', '-o', 'name']);
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout).toMatch(/^node\//);
    const whoami = await run('kubectl', ['--kubeconfig', file, 'auth', 'whoami', '-o', 'json']);
    expect(JSON.parse(whoami.stdout).status.userInfo).toMatchObject({ username: 'arn:aws:iam::111122223333:user/sandbox', groups: ['system:masters', 'system:authenticated'] });
    // The same TLS endpoint with a ServiceAccount token instead: kubectl sends it, the account's RBAC applies.
    const token = (await kubectl.ok(['create', 'token', 'default', '-n', NS])).trim();
    const asAccount = await run('kubectl', ['--kubeconfig', file, `--token=${token}`, 'get', 'pods', '-n', NS]);
    expect(asAccount.stderr).toContain(`User "system:serviceaccount:${NS}:default" cannot list resource "pods"`);
  });

  it('list-addons, list-updates and list-access-entries answer', { timeout: 180_000 }, async () => {
    const addons = await run('aws', ['eks', 'list-addons', '--cluster-name', 'sandbox']);
    expect(JSON.parse(addons.stdout)).toEqual({ addons: [] });
    const updates = await run('aws', ['eks', 'list-updates', '--name', 'sandbox']);
    expect(JSON.parse(updates.stdout)).toEqual({ updateIds: [] });
    const entries = await run('aws', ['eks', 'list-access-entries', '--cluster-name', 'sandbox']);
    expect(JSON.parse(entries.stdout).accessEntries).toContain('arn:aws:iam::111122223333:user/sandbox');
    const versions = await run('aws', ['eks', 'describe-addon-versions', '--addon-name', 'vpc-cni', '--query', 'addons[0].addonName', '--output', 'text']);
    expect(versions.stdout.trim()).toBe('vpc-cni');
  });
});

describe('list resourceVersion semantics', () => {
  it('Exact at an old version after a change is 410 Expired; at the current one it is served', async () => {
    const list = JSON.parse(await kubectl.ok(['get', '--raw', `/api/v1/namespaces/${NS}/configmaps`]));
    const rv = list.metadata.resourceVersion;
    expect(rv).toMatch(/^\d+$/);
    const same = await kubectl.run(['get', '--raw', `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${rv}&resourceVersionMatch=Exact`]);
    expect(JSON.parse(same.stdout).metadata.resourceVersion).toBe(rv);
    await kubectl.ok(['create', 'configmap', 'rv-probe', '-n', NS, '--from-literal=a=b']);
    const old = await kubectl.run(['get', '--raw', `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${rv}&resourceVersionMatch=Exact`]);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toContain('The resourceVersion for the provided list is too old');
  });
});
