// Typos and forbidden changes, with the real /usr/bin/kubectl (1.32) against `npm run sandbox`:
// kubectl sends fieldValidation=Strict by default (Warn with --validate=warn, Ignore with
// --validate=false), and the sandbox answers as kube-apiserver 1.32 does: a strict decoding
// error, a Warning header per unknown field, never a stored typo; and updates that change what
// may not change refused with the apiserver's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'strict';

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await kubectl.ok(['create', 'namespace', NS]);
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

const deployment = (name: string, replicasLine: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}
spec:
  ${replicasLine}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

const STRICT_ERROR = 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"';

describe('fieldValidation with kubectl 1.32', () => {
  it('kubectl apply of a Deployment with `replica:` is refused with "strict decoding error", and nothing is created', async () => {
    const r = await kubectl.run(['apply', '-f', '-'], { input: deployment('typo', 'replica: 3') });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error from server (BadRequest): error when creating "STDIN": ${STRICT_ERROR}\n`);
    const get = await kubectl.run(['get', 'deployment', 'typo', '-n', NS]);
    expect(get.stderr).toContain('deployments.apps "typo" not found');
  });

  it('kubectl create -f and kubectl replace -f refuse it the same way', async () => {
    const created = await kubectl.run(['create', '-f', '-'], { input: deployment('typo', 'replica: 3') });
    expect(created.stderr).toBe(`Error from server (BadRequest): error when creating "STDIN": ${STRICT_ERROR}\n`);
    await kubectl.ok(['create', '-f', '-'], { input: deployment('replaced', 'replicas: 2') });
    const replaced = await kubectl.run(['replace', '-f', '-'], { input: deployment('replaced', 'replica: 3') });
    expect(replaced.stderr).toBe(`Error from server (BadRequest): error when replacing "STDIN": ${STRICT_ERROR}\n`);
  });

  it('--validate=warn creates it with a warning and without the typo (one replica, the default)', async () => {
    const r = await kubectl.run(['apply', '--validate=warn', '-f', '-'], { input: deployment('warned', 'replica: 3') });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: unknown field "spec.replica"\n');
    const d = await kubectl.json(['get', 'deployment', 'warned', '-n', NS]);
    expect(d.spec.replicas).toBe(1);
    expect(d.spec).not.toHaveProperty('replica');
  });

  it('--validate=false drops the typo silently', async () => {
    const r = await kubectl.run(['apply', '--validate=false', '-f', '-'], { input: deployment('ignored', 'replica: 3') });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect((await kubectl.json(['get', 'deployment', 'ignored', '-n', NS])).spec).not.toHaveProperty('replica');
  });

  it('kubectl apply of a typo onto an existing Deployment (a strategic merge patch) is refused as an invalid patch', async () => {
    const r = await kubectl.run(['apply', '-f', '-'], { input: deployment('warned', 'replica: 3') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The request is invalid: patch: Invalid value: "map[spec:map[replica:3]]": strict decoding error: unknown field "spec.replica"');
  });

  it('kubectl patch is not strict: it warns and stores nothing unknown', async () => {
    const r = await kubectl.run(['patch', 'deployment', 'warned', '-n', NS, '--type=merge', '-p', '{"spec":{"replica":2,"replicas":2}}']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: unknown field "spec.replica"\n');
    const d = await kubectl.json(['get', 'deployment', 'warned', '-n', NS]);
    expect(d.spec.replicas).toBe(2);
    expect(d.spec).not.toHaveProperty('replica');
  });

  it('kubectl apply --server-side refuses fields the type does not declare, whatever the directive', async () => {
    const r = await kubectl.run(['apply', '--server-side', '--validate=false', '-f', '-'], { input: deployment('ssa', 'replica: 3') });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error from server: failed to create typed patch object (${NS}/ssa; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema\n`);
  });
});

describe('fieldValidation on raw requests (kubectl create --raw sends JSON as it is)', () => {
  const path = (query: string) => `/apis/apps/v1/namespaces/${NS}/deployments${query}`;
  const body = (name: string) =>
    `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"${name}"},"spec":{"replicas":1,"replicas":2,"replica":3,` +
    `"selector":{"matchLabels":{"app":"${name}"}},"template":{"metadata":{"labels":{"app":"${name}"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}`;

  it('Strict names repeated keys before unknown fields', async () => {
    const r = await kubectl.run(['create', '--raw', path('?fieldValidation=Strict'), '-f', '-'], { input: body('raw-strict') });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.replicas", unknown field "spec.replica"\n');
  });

  it('without the parameter it is Warn: created with the last of the repeated values, one warning each', async () => {
    const r = await kubectl.run(['create', '--raw', path(''), '-f', '-'], { input: body('raw-warn') });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: duplicate field "spec.replicas"\nWarning: unknown field "spec.replica"\n');
    expect(JSON.parse(r.stdout).spec.replicas).toBe(2);
  });

  it('a value other than Ignore, Warn or Strict is refused', async () => {
    const r = await kubectl.run(['create', '--raw', path('?fieldValidation=strict'), '-f', '-'], { input: body('raw-bad') });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('The CreateOptions "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"\n');
  });
});

describe('what an update may not change, with kubectl 1.32', () => {
  it('a pod: resources may not change, the image may', async () => {
    await kubectl.ok(['run', 'fixed', '--image=nginx:1.27', '-n', NS]);
    const r = await kubectl.run(['patch', 'pod', 'fixed', '-n', NS, '-p', '{"spec":{"containers":[{"name":"fixed","resources":{"requests":{"cpu":"200m"}}}]}}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Pod "fixed" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
    );
    expect(await kubectl.ok(['set', 'image', 'pod/fixed', 'fixed=nginx:1.28', '-n', NS])).toBe('pod/fixed image updated\n');
  });

  it('a Service keeps its cluster IP', async () => {
    await kubectl.ok(['create', 'service', 'clusterip', 'kept', '--tcp=80:80', '-n', NS]);
    const r = await kubectl.run(['patch', 'service', 'kept', '-n', NS, '-p', '{"spec":{"clusterIP":"10.100.77.77"}}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('The Service "kept" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.100.77.77"}: may not change once set\n');
  });

  it('a StatefulSet may scale but not change its service name', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      input: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${NS}}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres:16}]}
`,
    });
    const r = await kubectl.run(['patch', 'statefulset', 'db', '-n', NS, '-p', '{"spec":{"serviceName":"other"}}']);
    expect(r.stderr).toBe(
      "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n",
    );
    expect(await kubectl.ok(['scale', 'statefulset', 'db', '-n', NS, '--replicas=2'])).toBe('statefulset.apps/db scaled\n');
  });

  it('a node taint needs a known effect', async () => {
    const node = (await kubectl.ok(['get', 'nodes', '-o', 'name'])).split('\n')[0].replace('node/', '');
    const r = await kubectl.run(['patch', 'node', node, '-p', '{"spec":{"taints":[{"key":"a","effect":"Bogus"}]}}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`The Node "${node}" is invalid: metadata.taints[0].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"\n`);
  });
});
