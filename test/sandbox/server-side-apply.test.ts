// Server-side apply with the real /usr/bin/kubectl (1.32) against `npm run sandbox`: the
// sandbox records managedFields, answers a second manager changing an owned field with the
// apiserver's 409, lets --force-conflicts take the field over, removes what an applier stops
// applying; and client-side apply's last-applied annotation still removes a dropped label.
import fs from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { kubectlSandbox } from '../support/kubectl-sandbox';

const NS = 'ssa';
const { kubectl, sandbox } = kubectlSandbox({ timeScale: 10, namespace: NS });

const deployment = (name: string, spec: { replicas?: number; labels?: Record<string, string> } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}
  labels: ${JSON.stringify(spec.labels ?? { app: name })}
spec:
${spec.replicas === undefined ? '' : `  replicas: ${spec.replicas}\n`}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  subresource?: string;
}

const managedFields = async (name: string): Promise<Entry[]> =>
  (await kubectl.json(['get', 'deployment', name, '-n', NS, '--show-managed-fields'])).metadata.managedFields;

describe('kubectl apply --server-side (kubectl 1.32)', () => {
  it('creates the object with an Apply entry owning the fields it sent', async () => {
    const out = await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: deployment('web', { replicas: 2 }) });
    expect(out).toBe('deployment.apps/web serverside-applied\n');
    const entries = await managedFields('web');
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(entry.fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(entry.fieldsV1['f:metadata']).toEqual({ 'f:labels': { 'f:app': {} } });
    const container = entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'];
    expect(container['.']).toEqual({});
    expect(container['f:image']).toEqual({});
    expect(container['f:ports']['k:{"containerPort":80,"protocol":"TCP"}']).toEqual({ '.': {}, 'f:containerPort': {} });
    // Defaults the server filled in belong to no one.
    expect(entry.fieldsV1['f:spec']).not.toHaveProperty('f:revisionHistoryLimit');
  }, 60_000);

  it('kubectl get -o yaml hides managedFields unless asked', async () => {
    const plain = await kubectl.ok(['get', 'deployment', 'web', '-n', NS, '-o', 'yaml']);
    expect(plain).not.toContain('managedFields');
    const shown = await kubectl.ok(['get', 'deployment', 'web', '-n', NS, '-o', 'yaml', '--show-managed-fields']);
    expect(shown).toContain('managedFields');
  }, 60_000);

  it('a second manager changing spec.replicas gets the apiserver conflict, and nothing changes', async () => {
    const r = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: deployment('web', { replicas: 5 }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\n');
    expect((await kubectl.json(['get', 'deployment', 'web', '-n', NS])).spec.replicas).toBe(2);
  }, 60_000);

  it('the same value from a second manager is shared ownership, not a conflict', async () => {
    await kubectl.ok(['apply', '--server-side', '--field-manager=sharer', '-f', '-'], { input: deployment('web', { replicas: 2 }) });
    const managers = (await managedFields('web')).map((e) => `${e.manager}/${e.operation}`);
    expect(managers).toEqual(['kubectl/Apply', 'sharer/Apply']);
  }, 60_000);

  it('--force-conflicts takes spec.replicas over: the value changes and the first manager no longer owns it', async () => {
    const out = await kubectl.ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { input: deployment('web', { replicas: 5 }) });
    expect(out).toBe('deployment.apps/web serverside-applied\n');
    expect((await kubectl.json(['get', 'deployment', 'web', '-n', NS])).spec.replicas).toBe(5);
    const byManager = Object.fromEntries((await managedFields('web')).map((e) => [e.manager, e.fieldsV1]));
    expect(byManager.other['f:spec']['f:replicas']).toEqual({});
    expect(byManager.kubectl['f:spec']).not.toHaveProperty('f:replicas');
    expect(byManager.sharer['f:spec']).not.toHaveProperty('f:replicas');
  }, 60_000);

  it('a custom resource (NodeClass) conflicts the same way', async () => {
    const nodeClass = (role: string) => `apiVersion: eks.amazonaws.com/v1\nkind: NodeClass\nmetadata:\n  name: ssa-class\nspec:\n  role: ${role}\n`;
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: nodeClass('AmazonEKSAutoNodeRole') });
    const r = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: nodeClass('CustomRole') });
    expect(r.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.role\n');
    await kubectl.ok(['delete', 'nodeclass', 'ssa-class']);
  }, 60_000);

  it('re-applying without a field it alone owned removes the field', async () => {
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: deployment('lean', { labels: { app: 'lean', tier: 'web' } }) });
    expect((await kubectl.json(['get', 'deployment', 'lean', '-n', NS])).metadata.labels).toEqual({ app: 'lean', tier: 'web' });
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: deployment('lean', { labels: { app: 'lean' } }) });
    expect((await kubectl.json(['get', 'deployment', 'lean', '-n', NS])).metadata.labels).toEqual({ app: 'lean' });
  }, 60_000);

  it('a field another manager also owns stays when one applier drops it', async () => {
    await kubectl.ok(['apply', '--server-side', '--field-manager=sharer', '-f', '-'], { input: deployment('lean', { labels: { app: 'lean', tier: 'web' } }) });
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: deployment('lean', { labels: { app: 'lean' } }) });
    expect((await kubectl.json(['get', 'deployment', 'lean', '-n', NS])).metadata.labels).toEqual({ app: 'lean', tier: 'web' });
  }, 60_000);

  it('a field set by kubectl scale (an Update through the scale subresource) conflicts with a later apply, named with its subresource and version', async () => {
    // kubectl scale names no field manager, so the user agent's `kubectl` is recorded: the same
    // name as the applier, yet another manager (an Update, through a subresource).
    await kubectl.ok(['scale', 'deployment', 'lean', '-n', NS, '--replicas=3']);
    const scaled = (await managedFields('lean')).find((e) => e.operation === 'Update');
    expect(scaled).toMatchObject({ manager: 'kubectl', apiVersion: 'apps/v1', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    const r = await kubectl.run(['apply', '--server-side', '-f', '-'], { input: deployment('lean', { replicas: 4 }) });
    expect(r.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n');
  }, 60_000);
});

describe('kubectl apply (client-side) next to server-side apply', () => {
  it('records kubectl-client-side-apply as an Update manager, and removing a label from the file removes it', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: deployment('classic', { replicas: 1, labels: { app: 'classic', tier: 'web' } }) });
    const [entry] = await managedFields('classic');
    expect(entry).toMatchObject({ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1' });
    expect(entry.fieldsV1['f:metadata']['f:labels']).toEqual({ '.': {}, 'f:app': {}, 'f:tier': {} });
    expect(entry.fieldsV1['f:metadata']['f:annotations']).toHaveProperty(['f:kubectl.kubernetes.io/last-applied-configuration']);
    await kubectl.ok(['apply', '-f', '-'], { input: deployment('classic', { replicas: 1, labels: { app: 'classic' } }) });
    const d = await kubectl.json(['get', 'deployment', 'classic', '-n', NS]);
    expect(d.metadata.labels).toEqual({ app: 'classic' });
    expect(JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).metadata.labels).toEqual({ app: 'classic' });
  }, 60_000);

  it('removing replicas and an env var from the file removes them (kubectl sends null and $patch: delete with $setElementOrder)', async () => {
    const withEnv = (replicasLine: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: envs
  namespace: ${NS}
spec:
${replicasLine}  selector:
    matchLabels: {app: envs}
  template:
    metadata:
      labels: {app: envs}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
${env}`;
    await kubectl.ok(['apply', '-f', '-'], { input: withEnv('  replicas: 3\n', '        - {name: A, value: "1"}\n        - {name: B, value: "2"}\n') });
    await kubectl.ok(['apply', '-f', '-'], { input: withEnv('', '        - {name: A, value: "1"}\n') });
    const d = await kubectl.json(['get', 'deployment', 'envs', '-n', NS]);
    expect(d.spec.replicas).toBe(1); // removed, then defaulted as the apiserver defaults it
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  }, 60_000);

  it('moving from client-side to server-side apply: kubectl takes over its fields without a conflict and rewrites last-applied', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: deployment('upgrade', { replicas: 2 }) });
    const out = await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: deployment('upgrade', { replicas: 3 }) });
    expect(out).toBe('deployment.apps/upgrade serverside-applied\n');
    const d = await kubectl.json(['get', 'deployment', 'upgrade', '-n', NS, '--show-managed-fields']);
    expect(d.spec.replicas).toBe(3);
    expect(JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(3);
    const owners = d.metadata.managedFields.filter((e: Entry) => e.fieldsV1['f:spec']?.['f:replicas']).map((e: Entry) => e.manager);
    expect(owners).toEqual(['kubectl']);
    // Another manager gets no such pass.
    const r = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: deployment('upgrade', { replicas: 4 }) });
    expect(r.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\n');
  }, 60_000);

  it('a server-side apply onto an object with no managedFields sees its fields owned by before-first-apply', async () => {
    // The sandbox's own controllers write pods without managedFields, as a freshly migrated object has none.
    const pods = await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=classic']);
    const pod = pods.items[0];
    expect(pod.metadata.managedFields).toBeUndefined();
    // An update to an untracked object is not recorded: it stays untracked until its first apply.
    await kubectl.ok(['label', 'pod', pod.metadata.name, '-n', NS, 'labelled=yes']);
    expect((await kubectl.json(['get', 'pod', pod.metadata.name, '-n', NS, '--show-managed-fields'])).metadata.managedFields).toBeUndefined();
    const applied = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod.metadata.name}\n  namespace: ${NS}\n  labels: {extra: "yes"}\n`;
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: applied });
    const after = await kubectl.json(['get', 'pod', pod.metadata.name, '-n', NS, '--show-managed-fields']);
    expect(after.metadata.managedFields.map((e: Entry) => `${e.manager}/${e.operation}`)).toEqual(['before-first-apply/Update', 'kubectl/Apply']);
    expect(after.metadata.labels.extra).toBe('yes');
  }, 60_000);
});

describe('apply requests on the wire', () => {
  /** A PATCH straight to the API, for what kubectl never sends. */
  async function applyRaw(path: string, body: unknown) {
    const config = yaml.load(fs.readFileSync(sandbox.kubeconfig, 'utf8')) as { clusters: Array<{ cluster: { server: string } }>; users: Array<{ user: { token?: string } }> };
    const token = config.users[0]?.user.token;
    const res = await fetch(`${config.clusters[0].cluster.server}${path}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });

  it('an apply whose object names another object than the URL is refused', async () => {
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { input: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wire\n  namespace: ${NS}\ndata: {a: "1"}\n` });
    const r = await applyRaw(`/api/v1/namespaces/${NS}/configmaps/wire?fieldManager=raw`, cm('other'));
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('the name of the object (other) does not match the name on the URL (wire)');
  }, 60_000);

  it('a conflict Status carries one FieldManagerConflict cause per field', async () => {
    const r = await applyRaw(`/api/v1/namespaces/${NS}/configmaps/wire?fieldManager=raw`, { ...cm('wire'), data: { a: '2' } });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "kubectl": .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.data.a' }] },
    });
  }, 60_000);
});
