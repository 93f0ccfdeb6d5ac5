// The in-cluster manifests (deploy/) against the real kube-apiserver 1.20: kubectl builds each
// overlay with its built-in kustomize, the API server accepts every object in a server-side dry
// run that creates nothing, then creates them for real and keeps every field (1.20 is the oldest
// server they claim to fit). Then the ServiceAccount's rights, asked of the API server as that
// ServiceAccount: list/watch of every kind the topology informers follow — read from the same
// module the app builds its informers from, so a new kind without RBAC fails here — and
// impersonation of users and groups, get/update of the one sign-out list ConfigMap
// (components/session-revocations, in both overlays since the base runs two replicas), and none
// of the writes, gets or secrets it must never have. The token-mode overlay (eks-token) is the EKS
// one with NODELANES_IDENTITY=token and no `impersonate` rule at all (test/real/token-mode.test.ts
// runs the app with its rights against an API server that verifies ID tokens).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as kinds from '@/lib/server/k8s/kinds';
import type { KindSpec } from '@/lib/server/k8s/informers';
import { apisAs, impersonationHeaders, type Identity } from '@/lib/server/k8s/impersonation';
import { kubeConfigFromFile } from '@/lib/server/k8s/client';
import { configMapRevocations } from '@/lib/server/session/revocations';
import { configureTopologyHub, getTopology, stopTopology } from '@/lib/server/topology-hub';
import { eventually, kubectlFor } from '@/test/support/kubectl';
import { send, type Server } from './http';

const root = path.resolve(__dirname, '../..');
const overlay = (name: string) => path.join(root, 'deploy/overlays', name);
const NS = 'nodelanes';
/** The sign-out list every replica reads (components/session-revocations). */
const SESSIONS = 'nodelanes-sessions';
/** Who the pods run as: the ServiceAccount's user name and the groups every ServiceAccount token carries. */
const SERVICE_ACCOUNT: Identity = {
  user: `system:serviceaccount:${NS}:nodelanes`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated'],
};

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [key: string]: unknown };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let real: Server;
let kubectl: ReturnType<typeof kubectlFor>;

/** `/api/v1/pods` → core pods; `/apis/apps/v1/deployments` → apps deployments. */
function groupResource(collectionPath: string): { group: string; resource: string } {
  const parts = collectionPath.split('/').filter(Boolean);
  return parts[0] === 'api' ? { group: '', resource: parts[2] } : { group: parts[1], resource: parts[3] };
}

/**
 * Every kind the informers watch: each `…Kind` export of lib/server/k8s/kinds.ts, the module's
 * own convention ("adding a kind is one more entry here"); factories are called for their path.
 */
const informerKinds: Array<{ group: string; resource: string }> = Object.entries(kinds)
  .filter(([name]) => name.endsWith('Kind'))
  .map(([, value]) => (typeof value === 'function' ? (value as () => KindSpec<unknown>)() : (value as KindSpec<unknown>)))
  .map((spec) => groupResource(spec.path));

async function build(name: string): Promise<Manifest[]> {
  return buildDir(overlay(name));
}

async function buildDir(dir: string): Promise<Manifest[]> {
  const out = await kubectl.ok(['kustomize', dir]);
  return (yaml.loadAll(out) as Manifest[]).filter(Boolean);
}

/** Whether the server has policy/v1 (every EKS version still supported does; 1.20 has only v1beta1). */
let hasPolicyV1 = true;

/**
 * The manifests as this server takes them: the PodDisruptionBudget is policy/v1, which 1.20 does
 * not serve, so here it goes as policy/v1beta1 with the same fields (minAvailable and selector
 * mean the same in both). Nothing else is changed.
 */
function forServer(docs: Manifest[]): Manifest[] {
  if (hasPolicyV1) return docs;
  return docs.map((d) => (d.kind === 'PodDisruptionBudget' && d.apiVersion === 'policy/v1' ? { ...d, apiVersion: 'policy/v1beta1' } : d));
}

const asInput = (docs: Manifest[]) => docs.map((d) => yaml.dump(d)).join('---\n');

/** `kubectl apply -k <overlay>`, with the manifests as this server takes them. */
async function applyOverlay(name: string, args: string[] = []): Promise<string> {
  return kubectl.ok(['apply', ...args, '-f', '-'], { input: asInput(forServer(await build(name))) });
}

async function deleteOverlay(name: string, wait: boolean): Promise<void> {
  await kubectl.run(['delete', '--ignore-not-found', `--wait=${wait}`, '-f', '-'], { input: asInput(forServer(await build(name))), timeoutMs: 120_000 });
}

const find = (docs: Manifest[], kind: string, name?: string) => docs.find((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
/** The generated settings ConfigMap (its name carries kustomize's hash suffix). */
const settings = (docs: Manifest[]) => docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name.startsWith('nodelanes-config-'));

interface Attributes {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  subresource?: string;
  name?: string;
}

/** The API server's own answer to "may the ServiceAccount do this?", asked as the ServiceAccount. */
async function serviceAccountMay(attrs: Attributes | { nonResource: { verb: string; path: string } }): Promise<boolean> {
  // The app's own header lines for an identity: one Impersonate-Group line per group.
  const headers: Record<string, string[]> = {};
  for (const [name, value] of impersonationHeaders(SERVICE_ACCOUNT)) (headers[name] ??= []).push(value);
  const res = await send(real, {
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    headers,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: 'nonResource' in attrs ? { nonResourceAttributes: attrs.nonResource } : { resourceAttributes: { group: '', ...attrs } },
    },
  });
  if (res.status !== 201) throw new Error(`SelfSubjectAccessReview answered ${res.status}: ${res.text}`);
  return res.json.status.allowed === true;
}

const describeAttrs = (a: Attributes) => `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.group ? `.${a.group}` : ''}${a.namespace ? ` in ${a.namespace}` : ''}`;

beforeAll(async () => {
  if (!process.env.KUBE_API || !process.env.KUBE_TOKEN || !process.env.KUBECONFIG) throw new Error('run through scripts/test-real.sh');
  real = { name: 'real', base: process.env.KUBE_API, token: process.env.KUBE_TOKEN };
  kubectl = kubectlFor(process.env.KUBECONFIG);
  hasPolicyV1 = (await kubectl.ok(['api-versions'])).split('\n').includes('policy/v1');
  // A state dir reused by hand (KUBE_REAL_DIR) may hold a previous run's objects.
  await deleteOverlay('eks', true);
});

afterAll(async () => {
  stopTopology();
  // The suites after this one share the control plane: no pods of ours left on their nodes.
  if (kubectl) await deleteOverlay('eks', false);
  kubectl?.cleanup();
});

describe('deploy/ manifests', () => {
  it('reads the informer kinds from the app (all of them, each a collection path)', () => {
    const names = informerKinds.map((k) => `${k.resource}${k.group ? `.${k.group}` : ''}`).sort();
    // A floor, not the list: the list itself comes from kinds.ts.
    expect(names).toEqual(expect.arrayContaining(['deployments.apps', 'events', 'nodeclaims.karpenter.sh', 'nodeclasses.eks.amazonaws.com', 'nodepools.karpenter.sh', 'nodes', 'pods', 'replicasets.apps']));
    for (const k of informerKinds) expect(k.resource).toMatch(/^[a-z]+$/);
  });

  it('builds both overlays: the same base with the sign-out list, the EKS one with its IAM role, EKS settings and Ingress', async () => {
    const generic = await build('generic');
    const eks = await build('eks');
    const kindsOf = (docs: Manifest[]) => docs.map((d) => d.kind).sort();
    expect(kindsOf(generic)).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'ConfigMap', 'Deployment', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    expect(kindsOf(eks)).toEqual([...kindsOf(generic), 'Ingress'].sort());
    for (const doc of [...generic, ...eks]) {
      if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(doc.kind)) expect(doc.metadata.namespace, `${doc.kind} ${doc.metadata.name}`).toBe(NS);
    }

    expect(find(generic, 'ServiceAccount')?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
    expect(find(eks, 'ServiceAccount')?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\//);
    expect((settings(generic) as Any).data).toEqual({ NODELANES_CLUSTER: 'in-cluster', NEXT_TELEMETRY_DISABLED: '1' });
    expect((settings(eks) as Any).data).toEqual(expect.objectContaining({ NODELANES_CLUSTER: 'in-cluster', AWS_REGION: expect.any(String), EKS_CLUSTER_NAME: expect.any(String) }));

    // Sign-out reaches every replica: the list exists from the start (so the Role needs no
    // `create`), the server is told where it is, and only the ServiceAccount may get/update it.
    for (const docs of [generic, eks]) {
      expect(docs.filter((d) => d.kind === 'ConfigMap').map((d) => d.metadata.name).sort()).toEqual([settings(docs)?.metadata.name, SESSIONS].sort());
      expect((find(docs, 'ConfigMap', SESSIONS) as Any).data ?? {}).toEqual({});
      expect((find(docs, 'Deployment') as Any).spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'NODELANES_SESSION_REVOCATIONS', value: `${NS}/${SESSIONS}` }]));
      expect((find(docs, 'Role') as Any).metadata.name).toBe(SESSIONS);
      expect((find(docs, 'Role') as Any).rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [SESSIONS], verbs: ['get', 'update'] }]);
      expect((find(docs, 'RoleBinding') as Any).roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SESSIONS });
      expect((find(docs, 'RoleBinding') as Any).subjects).toEqual([{ kind: 'ServiceAccount', name: 'nodelanes', namespace: NS }]);
    }

    // The image comes from each overlay's `images:` entry, never the bare name in the base.
    const imageOf = (docs: Manifest[]) => (find(docs, 'Deployment') as Any).spec.template.spec.containers[0].image;
    expect(imageOf(generic)).toMatch(/^[^/]+\/.+\/nodelanes:/);
    expect(imageOf(eks)).toMatch(/\.dkr\.ecr\..+\/nodelanes:/);
    // The generated ConfigMap's hashed name is what the Deployment refers to.
    const configName = settings(eks)?.metadata.name;
    expect((find(eks, 'Deployment') as Any).spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: configName } }, { secretRef: { name: 'nodelanes' } }]);
  });

  it('is accepted by the API server in a server-side dry run, which creates nothing', async () => {
    // Namespaced objects cannot be dry-run into a namespace that does not exist yet.
    const namespace = find(await build('eks'), 'Namespace');
    await kubectl.ok(['apply', '-f', '-'], { input: yaml.dump(namespace) });
    for (const name of ['generic', 'eks', 'eks-token']) {
      const out = await applyOverlay(name, ['--dry-run=server']);
      expect(out).toMatch(/deployment\.apps\/nodelanes created \(server dry run\)/);
      expect(out).toMatch(/clusterrole\.rbac\.authorization\.k8s\.io\/nodelanes created \(server dry run\)/);
    }
    expect((await kubectl.run(['get', 'deployment/nodelanes', '-n', NS])).code).not.toBe(0);
    expect((await kubectl.run(['get', 'clusterrole/nodelanes'])).code).not.toBe(0);
    expect((await kubectl.run(['get', 'ingress/nodelanes', '-n', NS])).code).not.toBe(0);
    expect((await kubectl.run(['get', `configmap/${SESSIONS}`, '-n', NS])).code).not.toBe(0);
    expect((await kubectl.run(['get', `role/${SESSIONS}`, '-n', NS])).code).not.toBe(0);
  });

  it('builds the token-mode overlay: the EKS one with NODELANES_IDENTITY=token and no impersonate rule, as the API server takes it', async () => {
    const eks = await build('eks');
    const token = await build('eks-token');
    expect(token.map((d) => d.kind).sort()).toEqual(eks.map((d) => d.kind).sort());
    expect((settings(token) as Any).data).toEqual({ ...(settings(eks) as Any).data, NODELANES_IDENTITY: 'token' });
    const rulesOf = (docs: Manifest[]) => (find(docs, 'ClusterRole') as Any).rules as Array<{ verbs: string[]; resources: string[] }>;
    expect(rulesOf(eks).filter((r) => r.verbs.includes('impersonate'))).toHaveLength(1);
    expect(rulesOf(token)).toEqual(rulesOf(eks).filter((r) => !r.verbs.includes('impersonate')));
    // The objects the API server would create, from its own dry run.
    const dryRun = JSON.parse(await applyOverlay('eks-token', ['--dry-run=server', '-o', 'json']));
    const objects: Any[] = dryRun.kind === 'List' ? dryRun.items : [dryRun];
    const role = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'nodelanes');
    expect(role.rules.length).toBeGreaterThan(0);
    for (const rule of role.rules) {
      expect(rule.verbs).not.toContain('impersonate');
      expect(rule.verbs).not.toContain('*');
      expect(rule.verbs.every((v: string) => v === 'list' || v === 'watch'), JSON.stringify(rule)).toBe(true);
    }
    const sessionsRole = objects.find((o) => o.kind === 'Role' && o.metadata.name === SESSIONS);
    expect(sessionsRole.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [SESSIONS], verbs: ['get', 'update'] }]);
    expect(objects.some((o) => o.kind === 'ConfigMap' && o.data?.NODELANES_IDENTITY === 'token')).toBe(true);
    expect((await kubectl.run(['get', 'clusterrole/nodelanes'])).code).not.toBe(0);
  });

  it('gives the ServiceAccount no rights before the manifests are applied', async () => {
    expect(await serviceAccountMay({ verb: 'list', resource: 'pods' })).toBe(false);
    expect(await serviceAccountMay({ verb: 'impersonate', resource: 'users' })).toBe(false);
    expect(await serviceAccountMay({ verb: 'update', resource: 'configmaps', namespace: NS, name: SESSIONS })).toBe(false);
  });

  it('creates every object for real, and the API server keeps every field', async () => {
    const docs = await build('eks');
    const out = await applyOverlay('eks');
    for (const doc of docs) expect(out).toMatch(new RegExp(`${doc.kind.toLowerCase()}[^\\n]*/${doc.metadata.name} (created|configured|unchanged)`));

    const built = find(docs, 'Deployment') as Any;
    const live = await kubectl.json(['get', 'deployment/nodelanes', '-n', NS]);
    expect(live.spec.replicas).toBe(2);
    const pod = live.spec.template.spec;
    const container = pod.containers[0];
    // What a 1.20 server would drop silently if it did not know the field.
    expect(pod.securityContext).toEqual(built.spec.template.spec.securityContext);
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: expect.any(Number), seccompProfile: { type: 'RuntimeDefault' } }));
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(container.readinessProbe.httpGet).toEqual(expect.objectContaining({ path: '/api/readyz', port: 'http' }));
    expect(container.livenessProbe.httpGet).toEqual(expect.objectContaining({ path: '/api/healthz', port: 'http' }));
    expect(container.resources).toEqual(built.spec.template.spec.containers[0].resources);
    expect(Object.keys(container.resources)).toEqual(expect.arrayContaining(['requests', 'limits']));
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'HOSTNAME', value: '0.0.0.0' }]));
    // The root filesystem is read-only: whatever the server writes goes to the emptyDirs.
    const mounts = Object.fromEntries(container.volumeMounts.map((m: Any) => [m.mountPath, m.name]));
    expect(mounts).toEqual({ '/tmp': 'tmp', '/app/.next/cache': 'next-cache' });
    for (const v of pod.volumes) expect(v.emptyDir, v.name).toBeDefined();
    expect(pod.serviceAccountName).toBe('nodelanes');
    expect(pod.topologySpreadConstraints).toEqual(built.spec.template.spec.topologySpreadConstraints);

    const ingress = await kubectl.json(['get', 'ingress/nodelanes', '-n', NS]);
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'nodelanes', port: { name: 'http' } });
    const service = await kubectl.json(['get', 'service/nodelanes', '-n', NS]);
    expect(service.spec.selector).toEqual(live.spec.selector.matchLabels);

    // The real deployment controller takes it from here.
    await eventually('the ReplicaSet for 2 replicas', async () => {
      const rs = await kubectl.json(['get', 'replicasets', '-n', NS]);
      return rs.items.some((r: Any) => r.spec.replicas === 2);
    });
  });

  it('keeps a replica through disruptions, limits traffic, and enforces restricted Pod Security, as created for real', async () => {
    const docs = await build('eks');
    const namespace = await kubectl.json(['get', `namespace/${NS}`]);
    expect(namespace.metadata.labels).toEqual(expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' }));
    const deployment = await kubectl.json(['get', 'deployment/nodelanes', '-n', NS]);
    const pdb = await kubectl.json(['get', 'poddisruptionbudget/nodelanes', '-n', NS]);
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    expect(pdb.spec.selector).toEqual({ matchLabels: deployment.spec.selector.matchLabels });
    const policy = await kubectl.json(['get', 'networkpolicy/nodelanes', '-n', NS]);
    expect(policy.spec).toEqual((find(docs, 'NetworkPolicy') as Any).spec);
    expect(policy.spec.podSelector).toEqual({ matchLabels: deployment.spec.selector.matchLabels });
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // The server's port only, from the Ingress controller, Prometheus and (EKS) the ALB's VPC.
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    expect(policy.spec.ingress[0].from.some((f: Any) => f.ipBlock?.cidr)).toBe(true);
    expect(policy.spec.egress.flatMap((e: Any) => e.ports.map((p: Any) => p.port)).sort()).toEqual([443, 53, 53, 6443].sort());
  });

  it('with the monitoring component, every overlay dry-runs on a server with the Prometheus Operator’s published CRDs', async () => {
    const crds = path.join(root, 'test/real/crds/prometheus-operator');
    await kubectl.ok(['apply', '-f', crds]);
    await kubectl.ok(['wait', '--for=condition=Established', 'crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com', '--timeout=60s']);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-monitoring-'));
    try {
      for (const name of ['generic', 'eks', 'eks-token']) {
        const dir = path.join(tmp, name);
        fs.mkdirSync(dir);
        fs.writeFileSync(
          path.join(dir, 'kustomization.yaml'),
          // An overlay of the user's with the component added, as deploy/components/monitoring says
          // (its namespace puts the component's objects beside the rest). kustomize takes no
          // absolute roots: the overlay and the component relative to here.
          yaml.dump({
            apiVersion: 'kustomize.config.k8s.io/v1beta1',
            kind: 'Kustomization',
            namespace: NS,
            resources: [path.relative(dir, overlay(name))],
            components: [path.relative(dir, path.join(root, 'deploy/components/monitoring'))],
          }),
        );
        const docs = forServer(await buildDir(dir));
        const container = (find(docs, 'Deployment') as Any).spec.template.spec.containers[0];
        expect(container.env).toEqual(expect.arrayContaining([{ name: 'NODELANES_METRICS_TOKEN', valueFrom: { secretKeyRef: { name: 'nodelanes-metrics', key: 'token' } } }]));
        for (const [kind, name] of [['ConfigMap', 'nodelanes-grafana-dashboard'], ['ServiceMonitor', 'nodelanes'], ['PrometheusRule', 'nodelanes']]) {
          expect(find(docs, kind, name)?.metadata, `${kind} ${name}`).toEqual(expect.objectContaining({ namespace: NS }));
        }
        const out = await kubectl.ok(['apply', '--dry-run=server', '-f', '-'], { input: asInput(docs) });
        expect(out).toMatch(/servicemonitor\.monitoring\.coreos\.com\/nodelanes (created|configured|unchanged) \(server dry run\)/);
        expect(out).toMatch(/prometheusrule\.monitoring\.coreos\.com\/nodelanes (created|configured|unchanged) \(server dry run\)/);
      }
      expect((await kubectl.run(['get', 'servicemonitors', '-n', NS, '-o', 'name'])).stdout.trim()).toBe('');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      await kubectl.run(['delete', '-f', crds, '--ignore-not-found', '--wait=false']);
    }
  });

  it('grants exactly list/watch on the informer kinds, impersonation of users and groups, and get/update of the sign-out list', async () => {
    const role = await kubectl.json(['get', 'clusterrole/nodelanes']);
    const granted = new Set<string>();
    for (const rule of role.rules) {
      expect(rule.resourceNames, 'no rule narrowed to names').toBeUndefined();
      expect(rule.nonResourceURLs, 'no non-resource URLs').toBeUndefined();
      for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) granted.add(`${verb} ${resource}.${group}`);
    }
    const expected = new Set([
      ...informerKinds.flatMap((k) => ['list', 'watch'].map((verb) => `${verb} ${k.resource}.${k.group}`)),
      'impersonate users.',
      'impersonate groups.',
    ]);
    expect([...granted].sort()).toEqual([...expected].sort());

    const binding = await kubectl.json(['get', 'clusterrolebinding/nodelanes']);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nodelanes' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'nodelanes', namespace: NS }]);

    // Its one namespaced right: get/update of the sign-out list, by name, in its own namespace.
    const roles = await kubectl.json(['get', 'roles', '-n', NS]);
    expect(roles.items.map((r: Any) => r.metadata.name)).toEqual([SESSIONS]);
    expect(roles.items[0].rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [SESSIONS], verbs: ['get', 'update'] }]);
    const roleBindings = await kubectl.json(['get', 'rolebindings', '-n', NS]);
    expect(roleBindings.items.map((b: Any) => ({ name: b.metadata.name, roleRef: b.roleRef, subjects: b.subjects }))).toEqual([
      { name: SESSIONS, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SESSIONS }, subjects: [{ kind: 'ServiceAccount', name: 'nodelanes', namespace: NS }] },
    ]);
  });

  it('lets the ServiceAccount get and update the sign-out list, and only that ConfigMap in its own namespace', async () => {
    for (const verb of ['get', 'update']) expect(await serviceAccountMay({ verb, resource: 'configmaps', namespace: NS, name: SESSIONS }), verb).toBe(true);
    const settingsName = settings(await build('eks'))?.metadata.name;
    const forbidden: Attributes[] = [
      ...['create', 'patch', 'delete', 'list', 'watch'].map((verb) => ({ verb, resource: 'configmaps', namespace: NS, name: SESSIONS })),
      ...['get', 'update', 'list', 'watch', 'create', 'deletecollection'].map((verb) => ({ verb, resource: 'configmaps', namespace: NS })),
      ...['get', 'update'].map((verb) => ({ verb, resource: 'configmaps', namespace: NS, name: settingsName })),
      ...['get', 'update'].map((verb) => ({ verb, resource: 'configmaps', namespace: 'kube-system', name: SESSIONS })),
      ...['get', 'update'].map((verb) => ({ verb, resource: 'configmaps', name: SESSIONS })),
      ...['get', 'update'].map((verb) => ({ verb, resource: 'secrets', namespace: NS, name: SESSIONS })),
      { verb: 'update', resource: 'configmaps', namespace: NS, name: SESSIONS, subresource: 'status' },
    ];
    const allowed: string[] = [];
    for (const attrs of forbidden) if (await serviceAccountMay(attrs)) allowed.push(`${describeAttrs(attrs)}${attrs.name ? ` named ${attrs.name}` : ''}`);
    expect(allowed).toEqual([]);
  });

  it('lets the ServiceAccount list and watch every kind the informers follow, cluster-wide', async () => {
    const denied: string[] = [];
    for (const { group, resource } of informerKinds) {
      for (const verb of ['list', 'watch']) {
        const attrs = { verb, group, resource };
        if (!(await serviceAccountMay(attrs))) denied.push(describeAttrs(attrs));
      }
    }
    expect(denied).toEqual([]);
  });

  it('lets the ServiceAccount impersonate users and groups, which every request made for a user does, and read /version', async () => {
    expect(await serviceAccountMay({ verb: 'impersonate', resource: 'users', name: 'vera@example.com' })).toBe(true);
    expect(await serviceAccountMay({ verb: 'impersonate', resource: 'groups', name: 'viewers' })).toBe(true);
    // Sign-in off makes the app review its own access: every authenticated identity may.
    expect(await serviceAccountMay({ verb: 'create', resource: 'selfsubjectaccessreviews', group: 'authorization.k8s.io' })).toBe(true);
    // The cluster picker's health check, with the server's own credentials: open to everyone.
    expect(await serviceAccountMay({ nonResource: { verb: 'get', path: '/version' } })).toBe(true);
  });

  it('refuses the ServiceAccount everything else it could be tempted to do', async () => {
    const forbidden: Attributes[] = [
      ...['create', 'patch', 'update', 'delete'].map((verb) => ({ verb, group: 'apps', resource: 'deployments', namespace: 'apps' })),
      { verb: 'patch', group: 'apps', resource: 'deployments', namespace: NS },
      { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'apps' },
      ...['create', 'delete', 'patch'].map((verb) => ({ verb, resource: 'pods', namespace: 'apps' })),
      { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'apps' },
      { verb: 'create', resource: 'pods', subresource: 'exec', namespace: NS },
      ...['create', 'patch', 'delete'].map((verb) => ({ verb, resource: 'nodes' })),
      ...['create', 'patch', 'delete'].map((verb) => ({ verb, group: 'karpenter.sh', resource: 'nodepools' })),
      { verb: 'delete', group: 'karpenter.sh', resource: 'nodeclaims' },
      { verb: 'create', group: 'eks.amazonaws.com', resource: 'nodeclasses' },
      { verb: 'create', resource: 'events', namespace: 'apps' },
      // Reads beyond list/watch of the topology.
      { verb: 'get', resource: 'pods', namespace: 'apps' },
      { verb: 'get', resource: 'secrets', namespace: NS },
      { verb: 'list', resource: 'secrets' },
      { verb: 'get', resource: 'configmaps', namespace: NS },
      { verb: 'list', group: 'metrics.k8s.io', resource: 'nodes' },
      // Ways to more rights than impersonating a person.
      { verb: 'impersonate', resource: 'serviceaccounts', namespace: 'kube-system' },
      { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: NS },
      { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
      { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
      { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
      { verb: 'delete', resource: 'namespaces' },
    ];
    const allowed: string[] = [];
    for (const attrs of forbidden) if (await serviceAccountMay(attrs)) allowed.push(describeAttrs(attrs));
    expect(allowed).toEqual([]);
  });

  // The pods' own credentials, as far as this control plane allows: it runs without the
  // ServiceAccount admission plugin (no kubelet to mount tokens), so the ServiceAccount gets a
  // static token (token,user,uid,"groups" in tokens.csv, read when the API server starts), the
  // same user name and groups a projected token would carry.
  describe('the app with the ServiceAccount\'s own credentials', () => {
    let saKubeconfig: string;
    let saToken: string;

    beforeAll(async () => {
      const dir = process.env.KUBE_REAL_DIR;
      if (!dir) throw new Error('KUBE_REAL_DIR missing: run through scripts/test-real.sh');
      saToken = `nodelanes-sa-${crypto.randomBytes(16).toString('hex')}`;
      const groups = SERVICE_ACCOUNT.groups.filter((g) => g !== 'system:authenticated');
      fs.appendFileSync(path.join(dir, 'tokens.csv'), `${saToken},${SERVICE_ACCOUNT.user},nodelanes-sa,"${groups.join(',')}"\n`);
      execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), dir, 'kube-apiserver']);
      execFileSync('bash', [path.join(root, 'scripts/kube/up.sh'), dir], { stdio: 'ignore' });
      // Kept-alive connections to the stopped server fail once, then a fresh one is made.
      await eventually('the restarted API server', async () => (await send(real, { path: '/readyz' })).status === 200);
      saKubeconfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-sa-')), 'kubeconfig');
      fs.writeFileSync(
        saKubeconfig,
        yaml.dump({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'real', cluster: { server: real.base, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'nodelanes', user: { token: saToken } }],
          contexts: [{ name: 'nodelanes-sa', context: { cluster: 'real', user: 'nodelanes' } }],
          'current-context': 'nodelanes-sa',
        }),
      );
    });

    afterAll(() => fs.rmSync(path.dirname(saKubeconfig), { recursive: true, force: true }));

    it('is the ServiceAccount to the API server', async () => {
      const review = await send({ name: 'sa', base: real.base, token: saToken }, {
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'pods' } } },
      });
      expect(review.status).toBe(201);
      expect(review.json.status.allowed).toBe(true);
      // Its own write is refused, in the API server's words naming the ServiceAccount.
      const patch = await send({ name: 'sa', base: real.base, token: saToken }, {
        method: 'PATCH',
        path: `/apis/apps/v1/namespaces/${NS}/deployments/nodelanes`,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 3 } },
      });
      expect(patch.status).toBe(403);
      expect(patch.json.message).toContain(`User "${SERVICE_ACCOUNT.user}" cannot patch resource "deployments"`);
    });

    it('writes a sign-out to the shared list and another replica reads it, with only those rights', async () => {
      const sid = `sid-${crypto.randomBytes(8).toString('hex')}`;
      const until = Date.now() + 3_600_000;
      const replica = (cacheMs: number) => configMapRevocations({ kubeConfig: kubeConfigFromFile(saKubeconfig), namespace: NS, name: SESSIONS, cacheMs });
      const first = replica(0);
      const second = replica(0);
      expect(await second.isRevoked(sid)).toBe(false);
      await first.revoke(sid, until);
      expect(await second.isRevoked(sid)).toBe(true);
      const live = await kubectl.json(['get', `configmap/${SESSIONS}`, '-n', NS]);
      expect(live.data).toEqual(expect.objectContaining({ [sid]: String(until) }));
    });

    it('syncs every informer of the topology hub with only those rights', async () => {
      process.env.NODELANES_CLUSTER = 'kubeconfig';
      process.env.KUBECONFIG = saKubeconfig;
      delete process.env.NODELANES_CONTEXT;
      configureTopologyHub({ informer: { backoff: { baseMs: 200, maxMs: 1_000 }, absentRetryMs: 500, log: () => undefined } });
      const snapshot = await getTopology('nodelanes-sa');
      expect(snapshot.stale).toBe(false);
      expect(snapshot.deployments.map((d) => `${d.namespace}/${d.name}`)).toContain(`${NS}/nodelanes`);
      const pods = snapshot.pods.filter((p) => p.namespace === NS);
      expect(pods).toHaveLength(2);
      // Through the ReplicaSet index, so replicasets were listed too.
      for (const pod of pods) expect(pod.owner).toEqual(expect.objectContaining({ kind: 'Deployment', name: 'nodelanes' }));
    });

    it('acts for a user with that user\'s rights, never its own', async () => {
      const handle = { kubeConfig: kubeConfigFromFile(saKubeconfig) };
      const group = 'nodelanes-test-deploy-viewers';
      await kubectl.ok(['create', 'clusterrolebinding', 'nodelanes-test-deploy-viewers', '--clusterrole=view', `--group=${group}`]);
      try {
        // `get` is more than the ServiceAccount may do itself; a viewer may.
        const asViewer = apisAs(handle, { user: 'vera', groups: [group] });
        const got = await asViewer.apps.readNamespacedDeployment({ namespace: NS, name: 'nodelanes' });
        expect(got.spec?.replicas).toBe(2);
        // And a user without rights is refused as that user, though the ServiceAccount may list pods.
        const asNobody = apisAs(handle, { user: 'nina', groups: [] });
        await expect(asNobody.core.listNamespacedPod({ namespace: NS })).rejects.toMatchObject({ code: 403, body: expect.stringContaining('User \\"nina\\" cannot list resource \\"pods\\"') });
      } finally {
        await kubectl.ok(['delete', 'clusterrolebinding', 'nodelanes-test-deploy-viewers']);
      }
    });
  });
});
