import { describe, expect, it } from 'vitest';
import { authorize, forbidden, impersonatedUser, requestAttributes, ruleAllows, type Attributes, type Binding, type Policy, type PolicyRule, type Role } from './authorizer';

const q = (s = '') => new URLSearchParams(s);
const res = (verb: string, resource: string, extra: Partial<Extract<Attributes, { resourceRequest: true }>> = {}): Attributes => ({
  resourceRequest: true,
  verb,
  group: '',
  version: 'v1',
  resource,
  subresource: '',
  name: '',
  namespace: '',
  ...extra,
});

describe('requestAttributes (the apiserver request-info resolver)', () => {
  it('maps methods and paths to verbs, resources and scopes', () => {
    expect(requestAttributes('GET', '/api/v1/namespaces/apps/pods', q())).toMatchObject({ verb: 'list', resource: 'pods', namespace: 'apps', name: '' });
    expect(requestAttributes('GET', '/api/v1/pods', q('watch=true'))).toMatchObject({ verb: 'watch', namespace: '' });
    expect(requestAttributes('GET', '/api/v1/pods', q('watch=1'))).toMatchObject({ verb: 'watch' });
    expect(requestAttributes('GET', '/api/v1/pods', q('watch=false'))).toMatchObject({ verb: 'list' });
    // The apiserver's boolean: anything but "0" or "false" (any case) asks for a watch.
    expect(requestAttributes('GET', '/api/v1/pods', q('watch=yes'))).toMatchObject({ verb: 'watch' });
    expect(requestAttributes('GET', '/api/v1/pods', q('watch=FALSE'))).toMatchObject({ verb: 'list' });
    expect(requestAttributes('GET', '/api/v1/nodes/n1', q())).toMatchObject({ verb: 'get', resource: 'nodes', name: 'n1', namespace: '' });
    expect(requestAttributes('PATCH', '/apis/apps/v1/namespaces/apps/deployments/web', q())).toMatchObject({ verb: 'patch', group: 'apps', resource: 'deployments', name: 'web' });
    expect(requestAttributes('PUT', '/apis/apps/v1/namespaces/apps/deployments/web/scale', q())).toMatchObject({ verb: 'update', subresource: 'scale' });
    expect(requestAttributes('POST', '/api/v1/namespaces/apps/pods/web-1/eviction', q())).toMatchObject({ verb: 'create', resource: 'pods', name: 'web-1', subresource: 'eviction' });
    expect(requestAttributes('DELETE', '/api/v1/namespaces/apps/pods', q())).toMatchObject({ verb: 'deletecollection' });
    expect(requestAttributes('DELETE', '/api/v1/namespaces/apps/pods/p', q())).toMatchObject({ verb: 'delete' });
  });

  it('treats a namespace as living in itself, with status and finalize as its subresources', () => {
    expect(requestAttributes('GET', '/api/v1/namespaces/apps', q())).toMatchObject({ resource: 'namespaces', name: 'apps', namespace: 'apps' });
    expect(requestAttributes('GET', '/api/v1/namespaces', q())).toMatchObject({ verb: 'list', resource: 'namespaces', namespace: '' });
    expect(requestAttributes('PUT', '/api/v1/namespaces/apps/finalize', q())).toMatchObject({ resource: 'namespaces', name: 'apps', subresource: 'finalize' });
  });

  it('takes the name of a list narrowed by metadata.name, as kubectl informers send', () => {
    expect(requestAttributes('GET', '/apis/apps/v1/namespaces/apps/deployments', q('fieldSelector=metadata.name%3Dweb'))).toMatchObject({ verb: 'list', name: 'web' });
    expect(requestAttributes('GET', '/api/v1/pods', q('fieldSelector=metadata.name%3D..'))).toMatchObject({ name: '' });
  });

  it('leaves discovery, version and OpenAPI as non-resource paths', () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/openapi/v3/apis/apps/v1', '/healthz']) {
      expect(requestAttributes('GET', p, q())).toEqual({ resourceRequest: false, verb: 'get', path: p });
    }
    expect(requestAttributes('POST', '/version', q())).toMatchObject({ resourceRequest: false, verb: 'post' });
  });

  it('resolves resources the server may not even serve (authorization comes before routing)', () => {
    expect(requestAttributes('GET', '/apis/no.such.group/v9/things', q())).toMatchObject({ resourceRequest: true, group: 'no.such.group', resource: 'things', verb: 'list' });
  });
});

describe('ruleAllows', () => {
  const read: PolicyRule = { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] };
  it('matches verbs, groups and resources, and nothing else', () => {
    expect(ruleAllows(res('list', 'pods'), read)).toBe(true);
    expect(ruleAllows(res('delete', 'pods'), read)).toBe(false);
    expect(ruleAllows(res('list', 'pods', { group: 'apps' }), read)).toBe(false);
    expect(ruleAllows(res('list', 'nodes'), read)).toBe(false);
  });
  it('treats subresources as their own resources unless named or starred', () => {
    expect(ruleAllows(res('get', 'pods', { subresource: 'status' }), read)).toBe(false);
    expect(ruleAllows(res('create', 'pods', { subresource: 'eviction' }), { verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] })).toBe(true);
    expect(ruleAllows(res('patch', 'deployments', { group: 'apps', subresource: 'scale' }), { verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] })).toBe(true);
    expect(ruleAllows(res('patch', 'deployments', { group: 'apps' }), { verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] })).toBe(false);
    expect(ruleAllows(res('patch', 'deployments', { group: 'apps', subresource: 'scale' }), { verbs: ['*'], apiGroups: ['*'], resources: ['*'] })).toBe(true);
  });
  it('limits by resourceNames when given', () => {
    const one: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['nodes'], resourceNames: ['n1'] };
    expect(ruleAllows(res('get', 'nodes', { name: 'n1' }), one)).toBe(true);
    expect(ruleAllows(res('get', 'nodes', { name: 'n2' }), one)).toBe(false);
    expect(ruleAllows(res('list', 'nodes'), { ...one, verbs: ['list'] })).toBe(false);
  });
  it('matches non-resource URLs exactly or by a trailing star', () => {
    const disc: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/version'] };
    expect(ruleAllows({ resourceRequest: false, verb: 'get', path: '/api/v1' }, disc)).toBe(true);
    expect(ruleAllows({ resourceRequest: false, verb: 'get', path: '/apis' }, disc)).toBe(false);
    expect(ruleAllows({ resourceRequest: false, verb: 'post', path: '/version' }, disc)).toBe(false);
    expect(ruleAllows(res('get', 'pods'), disc)).toBe(false);
  });
});

function policy(opts: { crbs?: Binding[]; rbs?: Binding[]; clusterRoles?: Role[]; roles?: Role[] }): Policy {
  return {
    clusterRoleBindings: () => opts.crbs ?? [],
    roleBindings: (ns) => (opts.rbs ?? []).filter((b) => b.metadata.namespace === ns),
    clusterRole: (name) => opts.clusterRoles?.find((r) => r.metadata.name === name),
    role: (ns, name) => opts.roles?.find((r) => r.metadata.name === name && r.metadata.namespace === ns),
  };
}

describe('authorize', () => {
  const reader: Role = { metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }] };
  const alice = impersonatedUser({ user: 'alice', groups: ['viewers'] })!;

  it('adds system:authenticated to impersonated users, and service account groups', () => {
    expect(alice.groups).toEqual(['viewers', 'system:authenticated']);
    expect(impersonatedUser({ user: 'system:serviceaccount:apps:bot' })!.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated']);
    expect(impersonatedUser({ user: 'system:anonymous' })!.groups).toEqual(['system:unauthenticated']);
    expect(impersonatedUser({})).toBeUndefined();
  });

  it('allows system:masters without any binding', () => {
    expect(authorize(policy({}), { name: 'root', groups: ['system:masters'] }, res('delete', 'nodes'))).toEqual({ allowed: true, reason: '' });
  });

  it('allows through a ClusterRoleBinding to a group, naming it like the apiserver', () => {
    const p = policy({ clusterRoles: [reader], crbs: [{ metadata: { name: 'readers' }, roleRef: { kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'Group', name: 'viewers' }] }] });
    expect(authorize(p, alice, res('list', 'pods', { namespace: 'apps' }))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to Group "viewers"',
    });
    expect(authorize(p, alice, res('delete', 'pods', { namespace: 'apps' })).allowed).toBe(false);
  });

  it('scopes RoleBindings to their namespace, and never to cluster-scoped requests', () => {
    const p = policy({
      roles: [{ ...reader, metadata: { name: 'pod-reader', namespace: 'apps' } }],
      rbs: [{ metadata: { name: 'read', namespace: 'apps' }, roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'alice' }] }],
    });
    expect(authorize(p, alice, res('get', 'pods', { namespace: 'apps', name: 'x' }))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "read/apps" of Role "pod-reader" to User "alice"',
    });
    expect(authorize(p, alice, res('get', 'pods', { namespace: 'other', name: 'x' })).allowed).toBe(false);
    expect(authorize(p, alice, res('list', 'pods')).allowed).toBe(false);
  });

  it('matches service accounts by namespace, defaulting to the binding namespace', () => {
    const p = policy({
      clusterRoles: [reader],
      rbs: [{ metadata: { name: 'bot', namespace: 'apps' }, roleRef: { kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] }],
    });
    const bot = impersonatedUser({ user: 'system:serviceaccount:apps:bot' })!;
    expect(authorize(p, bot, res('list', 'pods', { namespace: 'apps' })).reason).toBe('RBAC: allowed by RoleBinding "bot/apps" of ClusterRole "pod-reader" to ServiceAccount "bot/apps"');
  });

  it('reports bindings to missing roles in the denial reason', () => {
    const p = policy({ crbs: [{ metadata: { name: 'dangling' }, roleRef: { kind: 'ClusterRole', name: 'gone' }, subjects: [{ kind: 'Group', name: 'viewers' }] }] });
    expect(authorize(p, alice, res('list', 'pods'))).toEqual({ allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found' });
  });
});

describe('forbidden', () => {
  const alice = { name: 'alice', groups: [] };
  it('words the 403 like the apiserver for each scope', () => {
    expect(forbidden(alice, res('list', 'pods', { namespace: 'apps' })).toStatus()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "apps"',
      details: { kind: 'pods' },
    });
    expect(forbidden(alice, res('list', 'nodes')).message).toBe('nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
    const patch = forbidden(alice, res('patch', 'deployments', { group: 'apps', name: 'web', namespace: 'apps' }));
    expect(patch.message).toBe('deployments.apps "web" is forbidden: User "alice" cannot patch resource "deployments" in API group "apps" in the namespace "apps"');
    expect(patch.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
    expect(forbidden(alice, res('create', 'pods', { name: 'p', namespace: 'apps', subresource: 'eviction' })).message).toBe(
      'pods "p" is forbidden: User "alice" cannot create resource "pods/eviction" in API group "" in the namespace "apps"',
    );
    expect(forbidden(alice, { resourceRequest: false, verb: 'get', path: '/metrics' }).message).toBe('forbidden: User "alice" cannot get path "/metrics"');
  });
});
