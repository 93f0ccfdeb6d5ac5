// `kubectl explain` and the OpenAPI documents, with the real /usr/bin/kubectl (1.32) against
// `npm run sandbox`: kubectl 1.32 explains from /openapi/v3 (the group version's document, the
// schema tagged with the kind's group, version and kind), built-in kinds from the definitions
// generated from k8s.io/api, custom resources from their CRD files. /openapi/v2 answers
// Swagger 2.0 JSON.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubectlSandbox } from '../support/kubectl-sandbox';

const NS = 'explain';
const { kubectl, sandbox } = kubectlSandbox({ timeScale: 10, namespace: NS });

/** The FIELDS section's top-level lines (`  name\t<type>`), as "name <type>". */
const fieldLines = (out: string) =>
  out
    .slice(out.indexOf('FIELDS:'))
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => l.trim().replace(/\s+/g, ' '));

describe('kubectl explain on built-in kinds', () => {
  it('deployment.spec prints the field docs: DESCRIPTION and FIELDS with replicas <integer>', async () => {
    const out = await kubectl.ok(['explain', 'deployment.spec']);
    expect(out).toContain('GROUP:      apps');
    expect(out).toContain('KIND:       Deployment');
    expect(out).toContain('FIELD: spec <DeploymentSpec>');
    // The field's description, then its type's, as kube-apiserver's documents make kubectl print.
    expect(out).toContain('DESCRIPTION:\n    Specification of the desired behavior of the Deployment.\n    DeploymentSpec is the specification of the desired behavior of the\n    Deployment.');
    expect(fieldLines(out)).toEqual(
      expect.arrayContaining(['replicas <integer>', 'selector <LabelSelector> -required-', 'template <PodTemplateSpec> -required-', 'strategy <DeploymentStrategy>']),
    );
    expect(out).toContain('Number of desired pods. This is a pointer to distinguish between explicit');
  }, 60_000);

  it('pod.spec.containers.resources goes through arrays and maps of quantities', async () => {
    const out = await kubectl.ok(['explain', 'pod.spec.containers.resources']);
    expect(out).toContain('KIND:       Pod');
    expect(out).toContain('FIELD: resources <ResourceRequirements>');
    expect(fieldLines(out)).toEqual(expect.arrayContaining(['limits <map[string]Quantity>', 'requests <map[string]Quantity>', 'claims <[]ResourceClaim>']));
  }, 60_000);

  it('deployment.spec.strategy.rollingUpdate names IntOrString', async () => {
    const out = await kubectl.ok(['explain', 'deployment.spec.strategy.rollingUpdate']);
    expect(fieldLines(out)).toEqual(['maxSurge <IntOrString>', 'maxUnavailable <IntOrString>']);
  }, 60_000);

  it('node.spec.taints --recursive lists the nested fields and marks the required ones', async () => {
    const out = await kubectl.ok(['explain', 'node.spec.taints', '--recursive']);
    expect(out).toContain('FIELD: taints <[]Taint>');
    expect(out).toMatch(/effect\s+<string> -required-/);
    expect(out).toMatch(/key\s+<string> -required-/);
    expect(out).toMatch(/timeAdded\s+<string>/);
    expect(out).toMatch(/value\s+<string>/);
  }, 60_000);

  it('a kind of a group with several versions, and a field that does not exist', async () => {
    const out = await kubectl.ok(['explain', 'cronjob.spec.jobTemplate', '--api-version=batch/v1beta1']);
    expect(out).toContain('VERSION:    v1beta1');
    const missing = await kubectl.run(['explain', 'deployment.spec.replica']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('field "replica" does not exist');
  }, 60_000);
});

describe('kubectl explain on the kinds beyond k8s.io/api', () => {
  it('crd (apiextensions-apiserver) and metrics (k8s.io/metrics)', async () => {
    const crd = await kubectl.ok(['explain', 'crd.spec.names']);
    expect(crd).toContain('KIND:       CustomResourceDefinition');
    expect(fieldLines(crd)).toEqual(expect.arrayContaining(['kind <string> -required-', 'plural <string> -required-', 'shortNames <[]string>']));
    const metrics = await kubectl.ok(['explain', 'nodes', '--api-version=metrics.k8s.io/v1beta1']);
    expect(metrics).toContain('KIND:       NodeMetrics');
    expect(fieldLines(metrics)).toEqual(expect.arrayContaining(['usage <map[string]Quantity> -required-', 'timestamp <string> -required-']));
  }, 60_000);
});

describe('kubectl explain on custom resources', () => {
  it('nodepool.spec.disruption.budgets prints the CRD schema docs', async () => {
    const out = await kubectl.ok(['explain', 'nodepool.spec.disruption.budgets']);
    expect(out).toContain('GROUP:      karpenter.sh');
    expect(out).toContain('FIELD: budgets <[]Object>');
    expect(fieldLines(out)).toEqual(expect.arrayContaining(['nodes <string> -required-', 'reasons <[]string>', 'schedule <string>', 'duration <string>']));
  }, 60_000);
});

describe('the OpenAPI documents', () => {
  it('kubectl get --raw /openapi/v2 returns Swagger 2.0 with the built-in and custom definitions', async () => {
    const doc = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v2']));
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(doc.definitions['sh.karpenter.v1.NodePool']['x-kubernetes-group-version-kind']).toEqual([{ group: 'karpenter.sh', kind: 'NodePool', version: 'v1' }]);
  }, 60_000);

  it('/openapi/v2 negotiates as kube-openapi: JSON for JSON or a wildcard, protobuf for protobuf, 406 otherwise', async () => {
    const server = /server: (\S+)/.exec(fs.readFileSync(sandbox.kubeconfig, 'utf8'))![1];
    const get = (accept: string) => fetch(`${server}/openapi/v2`, { headers: { authorization: 'Bearer sandbox-admin-token', accept } });
    const json = await get('application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.5, application/json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    const proto = await get('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    // gnostic's Document: field 1 (swagger) first, a length-delimited "2.0".
    expect([...new Uint8Array(await proto.arrayBuffer()).slice(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
    expect((await get('text/html')).status).toBe(406);
  }, 60_000);

  it('kubectl explain --output plaintext-openapiv2 reads the protobuf v2 document', async () => {
    const deployment = await kubectl.ok(['explain', 'deployment.spec.strategy', '--output', 'plaintext-openapiv2']);
    expect(deployment).toContain('KIND:     Deployment\nVERSION:  apps/v1\n\nRESOURCE: strategy <Object>');
    expect(deployment).toMatch(/rollingUpdate\t<Object>\n {5}Rolling update config params/);
    const budgets = await kubectl.ok(['explain', 'nodepool.spec.disruption.budgets', '--output', 'plaintext-openapiv2']);
    expect(budgets).toContain('RESOURCE: budgets <[]Object>');
    expect(budgets).toMatch(/nodes\t<string> -required-/);
  }, 60_000);

  it('/openapi/v3 names each document by a hash of its content', async () => {
    const root = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v3']));
    const apps = root.paths['apis/apps/v1'].serverRelativeURL as string;
    expect(apps).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const hashOf = (url: string) => url.slice(url.indexOf('hash='));
    expect(hashOf(apps)).not.toBe(hashOf(root.paths['api/v1'].serverRelativeURL));
  }, 60_000);
});

describe('kubectl apply --validate=strict with the schemas published', () => {
  const deployment = (replicasLine: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checked
  namespace: ${NS}
spec:
  ${replicasLine}
  selector:
    matchLabels: {app: checked}
  template:
    metadata:
      labels: {app: checked}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

  it('refuses a typo and accepts the valid file, then applies a change to it', async () => {
    const typo = await kubectl.run(['apply', '--validate=strict', '-f', '-'], { input: deployment('replica: 3') });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('strict decoding error: unknown field "spec.replica"');
    expect(await kubectl.ok(['apply', '--validate=strict', '-f', '-'], { input: deployment('replicas: 2') })).toContain('deployment.apps/checked created');
    expect(await kubectl.ok(['apply', '--validate=strict', '-f', '-'], { input: deployment('replicas: 3') })).toContain('deployment.apps/checked configured');
    const stored = await kubectl.json(['get', 'deployment', 'checked', '-n', NS]);
    expect(stored.spec.replicas).toBe(3);
  }, 60_000);
});
