// Each group's scope and capabilities, asked by lib/server/access.ts with SelfSubjectAccessReviews
// impersonating the user, against the sandbox's seeded RBAC (npm run sandbox).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { kubeConfigFromFile } from '@/lib/server/k8s/client';
import { accessOf, clearAccessCache } from '@/lib/server/access';
import type { ClusterHandle } from '@/lib/server/clusters';
import type { SessionUser } from '@/lib/server/auth';

let sandbox: SandboxProcess;
let cluster: ClusterHandle;
const namespaces = ['apps', 'default', 'kube-system'];
const oidc = (name: string, groups: string[]): SessionUser => ({ name, groups, source: 'oidc' });

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  const kubeConfig = kubeConfigFromFile(sandbox.kubeconfig);
  cluster = { id: 'sandbox', name: 'sandbox', source: 'sandbox', server: kubeConfig.getCurrentCluster()!.server, kubeConfig };
});
afterAll(() => sandbox?.stop());
beforeEach(() => clearAccessCache());

describe('access per group on the sandbox', () => {
  it('viewers see everything and may do nothing', async () => {
    expect(await accessOf(cluster, oidc('vera', ['viewers']), namespaces)).toEqual({
      scope: { nodes: true, namespaces: 'all' },
      capabilities: { patchDeployments: [], evictPods: [], patchNodes: false, createNodePools: false, createNodeClasses: false },
    });
  });

  it('operators act on workloads, nodes and node pools', async () => {
    const access = await accessOf(cluster, oidc('otto', ['operators']), namespaces);
    expect(access.scope).toEqual({ nodes: true, namespaces: 'all' });
    expect(access.capabilities).toMatchObject({ patchDeployments: 'all', evictPods: 'all', patchNodes: true, createNodePools: true });
  });

  it('admins may do everything', async () => {
    expect((await accessOf(cluster, oidc('ada', ['admins']), namespaces)).capabilities).toEqual({
      patchDeployments: 'all',
      evictPods: 'all',
      patchNodes: true,
      createNodePools: true,
      createNodeClasses: true,
    });
  });

  it('team-apps sees namespace apps only, without nodes', async () => {
    const access = await accessOf(cluster, oidc('tess', ['team-apps']), namespaces);
    expect(access.scope).toEqual({ nodes: false, namespaces: ['apps'] });
    expect(access.capabilities.patchNodes).toBe(false);
  });

  it('a user in no group sees nothing', async () => {
    expect((await accessOf(cluster, oidc('nina', []), namespaces)).scope).toEqual({ nodes: false, namespaces: [] });
  });

  it('the demo operator of the sandbox is an operator', async () => {
    const access = await accessOf(cluster, { name: 'demo-operator', groups: ['operators'], source: 'sandbox-demo' }, namespaces);
    expect(access.capabilities.patchDeployments).toBe('all');
  });
});
