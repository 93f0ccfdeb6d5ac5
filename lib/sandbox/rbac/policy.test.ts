import { describe, expect, it } from 'vitest';
import { Store } from '../store';
import { authorize, impersonatedUser, type Attributes, type PolicyRule } from './authorizer';
import { CLUSTER_ROLES, ROLE_BINDINGS, SANDBOX_ACCESS, aggregateClusterRoles, seedRbac, startAggregation, storePolicy } from './policy';

const namespace = (store: Store, name: string) => store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const res = (verb: string, group: string, resource: string, namespace = '', subresource = ''): Attributes => ({ resourceRequest: true, verb, group, version: 'v1', resource, subresource, name: '', namespace });
const grants = (rules: PolicyRule[], group: string, resource: string, verb: string) =>
  rules.some((r) => (r.apiGroups ?? []).includes(group) && (r.resources ?? []).includes(resource) && r.verbs.includes(verb));

function seeded(withApps = true) {
  const store = new Store();
  if (withApps) namespace(store, SANDBOX_ACCESS.teamAppsNamespace);
  seedRbac(store);
  return store;
}

describe('seedRbac', () => {
  it('gives each dashboard group what SANDBOX_ACCESS promises', () => {
    const store = seeded();
    const policy = storePolicy(store);
    const { groups, exampleUsers: u } = SANDBOX_ACCESS;
    const can = (user: string, group: string, a: Attributes) => authorize(policy, impersonatedUser({ user, groups: [group] })!, a).allowed;
    expect(can(u.viewer, groups.viewers, res('list', '', 'nodes'))).toBe(true);
    expect(can(u.viewer, groups.viewers, res('watch', 'karpenter.sh', 'nodepools'))).toBe(true);
    expect(can(u.viewer, groups.viewers, res('get', '', 'secrets', 'apps'))).toBe(false);
    expect(can(u.viewer, groups.viewers, res('patch', 'apps', 'deployments', 'apps'))).toBe(false);
    expect(can(u.operator, groups.operators, res('patch', 'apps', 'deployments', 'apps'))).toBe(true);
    expect(can(u.operator, groups.operators, res('create', '', 'pods', 'apps', 'eviction'))).toBe(true);
    expect(can(u.operator, groups.operators, res('patch', '', 'nodes'))).toBe(true);
    expect(can(u.operator, groups.operators, res('delete', 'eks.amazonaws.com', 'nodeclasses'))).toBe(true);
    expect(can(u.operator, groups.operators, res('delete', '', 'pods', 'apps'))).toBe(false);
    expect(can(u.admin, groups.admins, res('delete', '', 'nodes'))).toBe(true);
    expect(can(u.teamApps, groups.teamApps, res('list', '', 'pods', 'apps'))).toBe(true);
    expect(can(u.teamApps, groups.teamApps, res('list', 'metrics.k8s.io', 'pods', 'apps'))).toBe(true);
    expect(can(u.teamApps, groups.teamApps, res('list', '', 'pods', 'kube-system'))).toBe(false);
    expect(can(u.teamApps, groups.teamApps, res('list', '', 'nodes'))).toBe(false);
  });

  it('leaves out the team-apps RoleBinding where there is no apps namespace', () => {
    expect(seeded(false).list(ROLE_BINDINGS)).toEqual([]);
    expect(seeded(true).list(ROLE_BINDINGS).map((b) => b.metadata.name)).toEqual([SANDBOX_ACCESS.roleBindings.teamApps]);
  });
});

describe('cluster role aggregation', () => {
  it('fills view, edit and admin from the labelled roles, view inside edit inside admin', () => {
    const store = seeded();
    const rules = (name: string) => (store.get(CLUSTER_ROLES, undefined, name)!.rules ?? []) as PolicyRule[];
    expect(grants(rules('view'), '', 'pods', 'list')).toBe(true);
    expect(grants(rules('view'), 'apps', 'deployments', 'patch')).toBe(false);
    expect(grants(rules('edit'), 'apps', 'deployments', 'patch')).toBe(true);
    expect(grants(rules('edit'), '', 'pods', 'list')).toBe(true);
    expect(grants(rules('admin'), 'rbac.authorization.k8s.io', 'rolebindings', 'create')).toBe(true);
    expect(grants(rules('admin'), '', 'pods', 'list')).toBe(true);
    expect(aggregateClusterRoles(store)).toBe(0);
  });

  it('follows a new labelled ClusterRole', async () => {
    const store = seeded();
    const stop = startAggregation(store);
    store.create(CLUSTER_ROLES, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ verbs: ['get'], apiGroups: ['example.com'], resources: ['widgets'] }],
    });
    await Promise.resolve();
    for (const name of ['view', 'edit', 'admin']) {
      expect(grants(store.get(CLUSTER_ROLES, undefined, name)!.rules, 'example.com', 'widgets', 'get'), name).toBe(true);
    }
    stop();
  });
});
