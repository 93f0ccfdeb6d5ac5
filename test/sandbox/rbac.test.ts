// RBAC in the sandbox, through the real /usr/bin/kubectl with --as / --as-group: what each of the
// dashboard's groups (SANDBOX_ACCESS) may read and do, the apiserver's 403 wording, `auth can-i`,
// and RBAC objects managed with kubectl.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';
import { SANDBOX_ACCESS } from '@/lib/sandbox/rbac/policy';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = SANDBOX_ACCESS.teamAppsNamespace;
const { groups, exampleUsers: users } = SANDBOX_ACCESS;

const as = (user: string, group: string) => [`--as=${user}`, `--as-group=${group}`];
const viewer = as(users.viewer, groups.viewers);
const operator = as(users.operator, groups.operators);
const admin = as(users.admin, groups.admins);
const team = as(users.teamApps, groups.teamApps);

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await eventually('frontend available', async () => {
    const d = await kubectl.json<{ status: { availableReplicas?: number }; spec: { replicas: number } }>(['get', 'deploy', 'frontend', '-n', NS]);
    return d.status.availableReplicas === d.spec.replicas;
  });
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

const forbiddenLine = (stderr: string) => stderr.trim().split('\n').at(-1);

describe('viewers', () => {
  it('read everything the dashboard shows', async () => {
    for (const args of [
      ['get', 'nodes'],
      ['get', 'pods', '-A'],
      ['get', 'deploy,rs,pdb', '-n', NS],
      ['get', 'events', '-A'],
      ['get', 'nodepools,nodeclaims,nodeclasses'],
      ['get', 'namespaces'],
    ]) {
      const r = await kubectl.run([...viewer, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(await kubectl.ok([...viewer, 'get', 'deploy', 'frontend', '-n', NS, '-o', 'name'])).toBe('deployment.apps/frontend\n');
  });

  it('are refused writes with the apiserver 403 wording', async () => {
    const restart = await kubectl.run([...viewer, 'rollout', 'restart', 'deployment/frontend', '-n', NS]);
    expect(restart.code).toBe(1);
    expect(forbiddenLine(restart.stderr)).toBe(
      'error: failed to patch: deployments.apps "frontend" is forbidden: User "alice" cannot patch resource "deployments" in API group "apps" in the namespace "apps"',
    );
    const node = (await kubectl.ok(['get', 'nodes', '-o', 'name'])).trim().split('\n')[0].replace('node/', '');
    // kubectl cordon reports the refusal but exits 0 (measured with kubectl 1.32).
    const cordon = await kubectl.run([...viewer, 'cordon', node]);
    expect(cordon.stderr).toContain(`nodes "${node}" is forbidden: User "alice" cannot patch resource "nodes" in API group "" at the cluster scope`);
    const del = await kubectl.run([...viewer, 'delete', 'nodeclass', 'default']);
    expect(forbiddenLine(del.stderr)).toBe(
      'Error from server (Forbidden): nodeclasses.eks.amazonaws.com "default" is forbidden: User "alice" cannot delete resource "nodeclasses" in API group "eks.amazonaws.com" at the cluster scope',
    );
  });

  it('get answers from kubectl auth can-i', async () => {
    const canI = async (...args: string[]) => (await kubectl.run([...viewer, 'auth', 'can-i', ...args])).stdout.trim();
    expect(await canI('list', 'nodes')).toBe('yes');
    expect(await canI('watch', 'pods', '-A')).toBe('yes');
    expect(await canI('get', 'nodepools.karpenter.sh')).toBe('yes');
    expect(await canI('patch', 'deployments', '-n', NS)).toBe('no');
    // `pods/eviction` would be read as TYPE/NAME; a subresource is its own flag.
    expect(await canI('create', 'pods', '--subresource=eviction', '-n', NS)).toBe('no');
    expect(await canI('get', '/version')).toBe('yes');
  });

  it('kubectl auth can-i --list shows their rules', async () => {
    const out = await kubectl.ok([...viewer, 'auth', 'can-i', '--list', '-n', NS]);
    expect(out.split('\n')[0].split(/\s{2,}/)).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
    expect(out).toMatch(/^nodepools\.karpenter\.sh\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(out).toMatch(/^deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(out).not.toMatch(/^secrets/m);
  });
});

describe('operators', () => {
  it('restart deployments and cordon nodes, but may not delete pods', async () => {
    expect(await kubectl.ok([...operator, 'rollout', 'restart', 'deployment/report-worker', '-n', NS])).toBe('deployment.apps/report-worker restarted\n');
    const node = (await kubectl.ok(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=general-pool', '-o', 'name'])).trim().split('\n')[0].replace('node/', '');
    expect(await kubectl.ok([...operator, 'cordon', node])).toBe(`node/${node} cordoned\n`);
    expect(await kubectl.ok([...operator, 'uncordon', node])).toBe(`node/${node} uncordoned\n`);
    const pod = (await kubectl.ok(['get', 'pods', '-n', NS, '-l', 'app=frontend', '-o', 'name'])).trim().split('\n')[0].replace('pod/', '');
    const del = await kubectl.run([...operator, 'delete', 'pod', pod, '-n', NS]);
    expect(forbiddenLine(del.stderr)).toBe(
      `Error from server (Forbidden): pods "${pod}" is forbidden: User "olivia" cannot delete resource "pods" in API group "" in the namespace "apps"`,
    );
    expect((await kubectl.run([...operator, 'auth', 'can-i', 'create', 'pods', '--subresource=eviction', '-n', NS])).stdout.trim()).toBe('yes');
    expect((await kubectl.run([...operator, 'auth', 'can-i', 'delete', 'nodepools'])).stdout.trim()).toBe('yes');
    expect((await kubectl.run([...operator, 'auth', 'can-i', 'delete', 'nodes'])).stdout.trim()).toBe('no');
  });
});

describe('team-apps (a RoleBinding to view in apps)', () => {
  it('reads its namespace only, and no nodes', async () => {
    expect((await kubectl.run([...team, 'get', 'pods', '-n', NS])).code).toBe(0);
    expect((await kubectl.run([...team, 'get', 'namespace', NS])).code).toBe(0);
    const system = await kubectl.run([...team, 'get', 'pods', '-n', 'kube-system']);
    expect(forbiddenLine(system.stderr)).toBe(
      'Error from server (Forbidden): pods is forbidden: User "tess" cannot list resource "pods" in API group "" in the namespace "kube-system"',
    );
    const nodes = await kubectl.run([...team, 'get', 'nodes']);
    expect(forbiddenLine(nodes.stderr)).toBe('Error from server (Forbidden): nodes is forbidden: User "tess" cannot list resource "nodes" in API group "" at the cluster scope');
    expect((await kubectl.run([...team, 'auth', 'can-i', 'list', 'deployments', '-n', NS])).stdout.trim()).toBe('yes');
    expect((await kubectl.run([...team, 'auth', 'can-i', 'patch', 'deployments', '-n', NS])).stdout.trim()).toBe('no');
  });
});

describe('metrics.k8s.io', () => {
  it('viewers read node and pod metrics; team-apps only its namespace pods', async () => {
    expect((await kubectl.run([...viewer, 'top', 'nodes'])).code).toBe(0);
    expect((await kubectl.run([...viewer, 'top', 'pods', '-A'])).code).toBe(0);
    const pods = await kubectl.run([...team, 'top', 'pods', '-n', NS, '-l', 'app=frontend']);
    expect(pods.code, pods.stderr).toBe(0);
    expect(pods.stdout).toMatch(/^frontend-\S+\s+\d+m\s+\d+Mi\s*$/m);
    const nodes = await kubectl.run([...team, 'top', 'nodes']);
    expect(forbiddenLine(nodes.stderr)).toBe(
      'Error from server (Forbidden): nodes.metrics.k8s.io is forbidden: User "tess" cannot list resource "nodes" in API group "metrics.k8s.io" at the cluster scope',
    );
  });
});

describe('admins and RBAC objects', () => {
  it('admins may do anything', async () => {
    expect((await kubectl.run([...admin, 'auth', 'can-i', '*', '*'])).stdout.trim()).toBe('yes');
  });

  it('kubectl get clusterroles,rolebindings prints the apiserver columns', async () => {
    const out = await kubectl.ok(['get', 'clusterroles,clusterrolebindings']);
    expect(out).toMatch(/^NAME\s+CREATED AT$/m);
    expect(out).toMatch(/^clusterrole\.rbac\.authorization\.k8s\.io\/nodelanes:viewer\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
    expect(out).toMatch(/^NAME\s+ROLE\s+AGE$/m);
    expect(out).toMatch(/^clusterrolebinding\.rbac\.authorization\.k8s\.io\/nodelanes:viewers\s+ClusterRole\/nodelanes:viewer\s+\d+\S*$/m);
    const wide = await kubectl.ok(['get', 'rolebindings', '-n', NS, '-o', 'wide']);
    expect(wide.split('\n')[0].split(/\s{2,}/)).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    expect(wide).toMatch(/^team-apps-view\s+ClusterRole\/view\s+\S+\s+team-apps\s*$/m);
  });

  it('aggregates view into edit and admin, so namespace roles grow with new kinds', async () => {
    const view = await kubectl.json<{ rules: { resources: string[] }[] }>(['get', 'clusterrole', 'view']);
    expect(view.rules.flatMap((r) => r.resources)).toEqual(expect.arrayContaining(['pods', 'deployments', 'poddisruptionbudgets']));
    const edit = await kubectl.json<{ rules: { resources: string[]; verbs: string[] }[] }>(['get', 'clusterrole', 'edit']);
    expect(edit.rules.some((r) => r.resources.includes('deployments') && r.verbs.includes('patch'))).toBe(true);
  });

  it('a Role and RoleBinding applied with kubectl take effect at once; roleRef is immutable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-'));
    fs.writeFileSync(
      path.join(dir, 'rbac.yaml'),
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: restarter, namespace: ${NS}}
rules:
- apiGroups: [apps]
  resources: [deployments]
  resourceNames: [frontend]
  verbs: [get, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: restarters, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: restarter}
subjects:
- {kind: User, name: rita}
`,
    );
    expect((await kubectl.ok(['apply', '-f', dir])).trim().split('\n')).toEqual([
      'role.rbac.authorization.k8s.io/restarter created',
      'rolebinding.rbac.authorization.k8s.io/restarters created',
    ]);
    expect(await kubectl.ok(['--as=rita', 'rollout', 'restart', 'deployment/frontend', '-n', NS])).toBe('deployment.apps/frontend restarted\n');
    const other = await kubectl.run(['--as=rita', 'rollout', 'restart', 'deployment/backend-api', '-n', NS]);
    expect(other.stderr).toContain('deployments.apps "backend-api" is forbidden: User "rita" cannot get resource "deployments" in API group "apps" in the namespace "apps"');

    const changed = await kubectl.run(['patch', 'rolebinding', 'restarters', '-n', NS, '--type=merge', '-p', '{"roleRef":{"kind":"ClusterRole","name":"view"}}']);
    expect(changed.code).toBe(1);
    expect(changed.stderr.trim()).toBe(
      'The RoleBinding "restarters" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef',
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl create role / rolebinding (protobuf bodies) work, and the binding takes effect', async () => {
    expect(await kubectl.ok(['create', 'role', 'pdb-reader', '-n', NS, '--verb=get,list', '--resource=poddisruptionbudgets.policy'])).toBe('role.rbac.authorization.k8s.io/pdb-reader created\n');
    expect(await kubectl.ok(['create', 'rolebinding', 'pdb-readers', '-n', NS, '--role=pdb-reader', '--group=auditors'])).toBe('rolebinding.rbac.authorization.k8s.io/pdb-readers created\n');
    expect(await kubectl.ok(['--as=ada', '--as-group=auditors', 'get', 'pdb', '-n', NS, '-o', 'name'])).toBe('poddisruptionbudget.policy/backend-api\n');
  });

  it('a SelfSubjectAccessReview says which binding allowed it', async () => {
    const review = `{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"list","resource":"nodes"}}}`;
    const out = JSON.parse(await kubectl.ok([...viewer, 'create', '-f', '-', '-o', 'json'], { input: review }));
    expect(out.status).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "nodelanes:viewers" of ClusterRole "nodelanes:viewer" to Group "viewers"' });
  });
});
