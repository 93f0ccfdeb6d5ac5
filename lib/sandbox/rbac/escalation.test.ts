import { describe, expect, it } from 'vitest';
import { checkEscalation, describeRule, uncovered } from './escalation';
import type { Binding, Policy, Role } from './authorizer';

const pods = (...verbs: string[]) => ({ apiGroups: [''], resources: ['pods'], verbs });

describe('uncovered', () => {
  it('breaks rules down and keeps only what the owner lacks', () => {
    expect(uncovered([pods('get', 'list')], [pods('get')])).toEqual([]);
    expect(uncovered([pods('get')], [pods('get', 'delete')])).toEqual([pods('delete')]);
    expect(uncovered([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], [{ apiGroups: ['x'], resources: ['y'], resourceNames: ['z'], verbs: ['q'] }])).toEqual([]);
  });
  it('lets */subresource cover that subresource of anything, and names only cover names', () => {
    expect(uncovered([{ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['patch'] }], [{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] }])).toEqual([]);
    const named = { apiGroups: [''], resources: ['nodes'], resourceNames: ['n1'], verbs: ['get'] };
    expect(uncovered([named], [{ ...named, resourceNames: ['n1'] }])).toEqual([]);
    expect(uncovered([named], [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }])).toHaveLength(1);
  });
  it('covers URLs exactly or by prefix star', () => {
    expect(uncovered([{ nonResourceURLs: ['/api/*'], verbs: ['get'] }], [{ nonResourceURLs: ['/api/v1'], verbs: ['get'] }])).toEqual([]);
    expect(uncovered([{ nonResourceURLs: ['/api/*'], verbs: ['get'] }], [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }])).toHaveLength(1);
  });
});

describe('describeRule', () => {
  it('prints like the apiserver, empty fields left out', () => {
    expect(describeRule({ apiGroups: [''], resources: ['nodes'], resourceNames: ['n1'], verbs: ['get', 'list'] })).toBe('{APIGroups:[""], Resources:["nodes"], ResourceNames:["n1"], Verbs:["get" "list"]}');
    expect(describeRule({ nonResourceURLs: ['/x'], verbs: ['get'] })).toBe('{NonResourceURLs:["/x"], Verbs:["get"]}');
  });
});

describe('checkEscalation', () => {
  const writer: Role = { metadata: { name: 'writer', namespace: 'apps' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create'] }, pods('get')] };
  const policy = (bindings: Binding[], clusterRoles: Role[] = []): Policy => ({
    clusterRoleBindings: () => bindings.filter((b) => !b.metadata.namespace),
    roleBindings: (ns) => bindings.filter((b) => b.metadata.namespace === ns),
    clusterRole: (n) => clusterRoles.find((r) => r.metadata.name === n),
    role: (ns, n) => (n === 'writer' && ns === 'apps' ? writer : undefined),
  });
  const p = policy([{ metadata: { name: 'w', namespace: 'apps' }, roleRef: { kind: 'Role', name: 'writer' }, subjects: [{ kind: 'User', name: 'erin' }] }], [{ metadata: { name: 'reader' }, rules: [pods('get', 'watch')] }]);
  const erin = { name: 'erin', groups: ['system:authenticated'] };
  const role = (rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'apps' }, rules });

  it('lets a user grant what they hold, and system:masters anything', () => {
    expect(() => checkEscalation(p, erin, 'roles', role([pods('get')]))).not.toThrow();
    expect(() => checkEscalation(p, { name: 'root', groups: ['system:masters'] }, 'roles', role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]))).not.toThrow();
  });

  it('refuses more, listing what is missing, merged and sorted', () => {
    expect(() => checkEscalation(p, erin, 'roles', role([{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'delete'] }]))).toThrow(
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "erin" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["deployments"], Verbs:["get" "delete"]}\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n' +
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "delete"]}\n' +
        '{APIGroups:["apps"], Resources:["pods"], Verbs:["get" "delete"]}',
    );
  });

  it('checks a binding against the rules of the role it names', () => {
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'apps' }, roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [] };
    expect(() => checkEscalation(p, erin, 'rolebindings', binding)).toThrow('{APIGroups:[""], Resources:["pods"], Verbs:["watch"]}');
    expect(() => checkEscalation(p, erin, 'rolebindings', { ...binding, roleRef: { kind: 'ClusterRole', name: 'gone' } })).toThrow('clusterroles.rbac.authorization.k8s.io "gone" not found');
  });
});
