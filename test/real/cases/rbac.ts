// RBAC: the same Roles and bindings on both servers, then requests as impersonated users (the
// admin token plus Impersonate-User / Impersonate-Group, as the dashboard will send them). Both
// must allow and refuse alike, with the apiserver's 403 text, and answer SelfSubjectAccessReviews
// with the same decision and reason. Names here are the cases' own (diff-*), so they never meet
// the sandbox's seeded groups.
import type { RawRequest } from '../http';
import { code, columns, diffPaths, message, names, object, status, type Case, type Check } from '../case';
import { NS, deployment, deploymentsPath, pod, podsPath } from '../fixtures';
import { normalizeObject } from '../normalize';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const MERGE = 'application/merge-patch+json';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

const as = (user: string, ...groups: string[]) => ({ 'Impersonate-User': user, ...(groups.length ? { 'Impersonate-Group': groups } : {}) });
const reader = as('diff-alice', 'diff-readers');
const stranger = as('diff-alice');
const deployer = as('diff-dora');
const ghost = as('diff-gus', 'diff-ghosts');
const named = as('diff-nina');
const team = as('diff-tim', 'diff-team');

const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
const clusterRole = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
const crb = (name: string, role: string, subjects: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: ref('ClusterRole', role), subjects });
const rb = (name: string, roleRef: unknown, subjects: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name }, roleRef, subjects });
const group = (name: string) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
const user = (name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });

const post = (path: string, body: unknown): RawRequest => ({ method: 'POST', path, body });

const policy: RawRequest[] = [
  post(`${RBAC}/clusterroles`, clusterRole('diff-pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }])),
  post(`${RBAC}/clusterrolebindings`, crb('diff-readers', 'diff-pod-reader', [group('diff-readers')])),
  post(`${RBAC}/namespaces/${NS}/roles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'diff-deployer' },
    rules: [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
    ],
  }),
  post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-deployers', ref('Role', 'diff-deployer'), [user('diff-dora')])),
  post(`${RBAC}/clusterroles`, clusterRole('diff-one-pod', [{ apiGroups: [''], resources: ['pods'], resourceNames: ['rbac-pod'], verbs: ['get', 'list'] }])),
  post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-one-pod', ref('ClusterRole', 'diff-one-pod'), [user('diff-nina')])),
  post(`${RBAC}/clusterrolebindings`, crb('diff-dangling', 'diff-no-such-role', [group('diff-ghosts')])),
  post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-team-view', ref('ClusterRole', 'view'), [group('diff-team')])),
  { method: 'POST', path: deploymentsPath, body: deployment('rbac-web') },
  { method: 'POST', path: podsPath, body: pod('rbac-pod', { rbac: 'yes' }) },
];

const role = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules });
const podRead = (...verbs: string[]) => ({ apiGroups: [''], resources: ['pods'], verbs });
const erin = as('diff-erin');
const bea = as('diff-bea');
const esa = as('diff-esa');
const asUser = (headers: Record<string, string | string[]>, req: RawRequest): RawRequest => ({ ...req, headers });

/** Writers of RBAC objects with limited rights of their own. */
const writers: RawRequest[] = [
  post(`${RBAC}/namespaces/${NS}/roles`, role('diff-rbac-writer', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create', 'update', 'patch', 'get'] }, podRead('get', 'list')])),
  post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-rbac-writers', ref('Role', 'diff-rbac-writer'), [user('diff-erin')])),
  post(`${RBAC}/clusterroles`, clusterRole('diff-cr-writer', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['create', 'update', 'patch', 'get'] }])),
  post(`${RBAC}/clusterrolebindings`, crb('diff-cr-writers', 'diff-cr-writer', [user('diff-erin'), group('diff-ghosts')])),
  post(`${RBAC}/namespaces/${NS}/roles`, role('diff-binder', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create'] }, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['diff-pod-reader'], verbs: ['bind'] }])),
  post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-binders', ref('Role', 'diff-binder'), [user('diff-bea')])),
  post(`${RBAC}/namespaces/${NS}/roles`, role('diff-escalator', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['create', 'escalate'] }])),
  post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-escalators', ref('Role', 'diff-escalator'), [user('diff-esa')])),
];

const review = (attrs: Record<string, unknown>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attrs });
const ssar = (headers: Record<string, string | string[]>, attrs: Record<string, unknown>): RawRequest => ({ method: 'POST', path: SSAR, body: review(attrs), headers });

/** The review's decision and reason (the spec echo and bookkeeping aside). */
const reviewStatus: Check = {
  label: 'SelfSubjectAccessReview status',
  run: (a, b) => {
    if (JSON.stringify(a.response.json?.status) !== JSON.stringify(b.response.json?.status)) {
      throw new Error(`real ${JSON.stringify(a.response.json?.status)} ≠ sandbox ${JSON.stringify(b.response.json?.status)}`);
    }
  },
};
const reviewSpec = object((o: any) => o?.spec); // eslint-disable-line @typescript-eslint/no-explicit-any

const SSRR = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
const rulesReview = (headers: Record<string, string | string[]>, namespace: string): RawRequest => ({
  method: 'POST',
  path: SSRR,
  body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  headers,
});

/**
 * system:basic-user may create SelfSubjectReviews from 1.28 on (`kubectl auth whoami`); the
 * sandbox reports 1.32, the reference server is 1.20, which has no such API.
 */
const WHOAMI_RULE = JSON.stringify({ verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] });

/** The rules as sets: the real server visits ClusterRoleBindings in no fixed order. */
const rulesStatus: Check = {
  label: 'SelfSubjectRulesReview status',
  run: (a, b) => {
    const norm = (st: any) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
      ...st,
      resourceRules: (st?.resourceRules ?? []).map((r: unknown) => JSON.stringify(r)).filter((r: string) => r !== WHOAMI_RULE).sort(),
      nonResourceRules: (st?.nonResourceRules ?? []).map((r: unknown) => JSON.stringify(r)).sort(),
    });
    const diff = diffPaths(norm(a.response.json?.status), norm(b.response.json?.status));
    if (diff.length) throw new Error(diff.join('\n'));
  },
};

/** The details of a Status (name, group, kind), which clients use to say what was refused. */
const details: Check = {
  label: 'Status details',
  run: (a, b) => {
    if (JSON.stringify(a.response.json?.details) !== JSON.stringify(b.response.json?.details)) {
      throw new Error(`real ${JSON.stringify(a.response.json?.details)} ≠ sandbox ${JSON.stringify(b.response.json?.details)}`);
    }
  },
};
const refused = [...status, message, details];

const text: Check = {
  label: 'body text',
  run: (a, b) => {
    if (a.response.text !== b.response.text) throw new Error(`real ${JSON.stringify(a.response.text)} ≠ sandbox ${JSON.stringify(b.response.text)}`);
  },
};

const deploymentPath = `${deploymentsPath}/rbac-web`;
const restart = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-28T10:00:00Z' } } } } };
// policy/v1beta1: the reference server (1.20) predates policy/v1 Evictions.
const eviction = (name: string) => ({ apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name } });

export const rbacCases: Case[] = [
  // Allowed.
  { name: 'a group bound by a ClusterRoleBinding lists pods', setup: policy, request: { path: `${podsPath}?labelSelector=rbac`, headers: reader }, checks: [code, names] },
  { name: 'the same group lists pods in every namespace', request: { path: '/api/v1/pods?labelSelector=nothing-has-this', headers: reader }, checks: [code, names] },
  { name: 'a user bound by a RoleBinding patches a deployment', request: { method: 'PATCH', path: deploymentPath, contentType: MERGE, body: restart, headers: deployer }, checks: [code] },
  {
    name: 'a RoleBinding allows evicting, and the pod is then looked up',
    request: { method: 'POST', path: `${podsPath}/no-such-pod/eviction`, body: eviction('no-such-pod'), headers: deployer },
    checks: [...status, message],
  },
  { name: 'resourceNames allow a get of that name', request: { path: `${podsPath}/rbac-pod`, headers: named }, checks: [code] },
  { name: 'resourceNames allow a list narrowed to that name', request: { path: `${podsPath}?fieldSelector=metadata.name%3Drbac-pod`, headers: named }, checks: [code, names] },
  { name: 'view through a RoleBinding reads the namespace itself', request: { path: `/api/v1/namespaces/${NS}`, headers: team }, checks: [code] },
  { name: 'system:masters in the impersonated groups is allowed anything', request: { path: '/api/v1/nodes?labelSelector=nothing-has-this', headers: as('diff-root', 'system:masters') }, checks: [code, names] },
  { name: 'discovery for any authenticated user', request: { path: '/apis/apps/v1', headers: stranger }, checks: [code] },
  { name: 'version for any authenticated user', request: { path: '/version', headers: stranger }, checks: [code] },

  // Forbidden.
  { name: 'list pods without a binding', request: { path: podsPath, headers: stranger }, checks: refused },
  { name: 'list nodes at the cluster scope', request: { path: '/api/v1/nodes', headers: reader }, checks: refused },
  { name: 'get a named deployment', request: { path: deploymentPath, headers: reader }, checks: refused },
  { name: 'patch a deployment with read-only rights', request: { method: 'PATCH', path: deploymentPath, contentType: MERGE, body: restart, headers: reader }, checks: refused },
  { name: 'create pods/eviction with read-only rights', request: { method: 'POST', path: `${podsPath}/rbac-pod/eviction`, body: eviction('rbac-pod'), headers: reader }, checks: refused },
  { name: 'a RoleBinding does not reach another namespace', request: { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/x', contentType: MERGE, body: restart, headers: deployer }, checks: refused },
  { name: 'a RoleBinding does not reach cluster-scoped lists', request: { path: '/api/v1/pods', headers: team }, checks: refused },
  { name: 'resourceNames refuse other names', request: { path: `${podsPath}/other`, headers: named }, checks: refused },
  { name: 'resourceNames refuse an unnarrowed list', request: { path: podsPath, headers: named }, checks: refused },
  { name: 'view through a RoleBinding does not read other namespaces', request: { path: '/api/v1/namespaces/default', headers: team }, checks: refused },
  { name: 'deletecollection is its own verb', request: { method: 'DELETE', path: podsPath, headers: reader }, checks: refused },
  { name: 'watch is its own verb', request: { path: `/apis/apps/v1/namespaces/${NS}/deployments?watch=true`, headers: reader }, checks: refused },
  { name: 'a binding to a missing role says so', request: { path: podsPath, headers: ghost }, checks: refused },
  { name: 'an unknown group is forbidden before it is not found', request: { path: '/apis/no.such.group/v1/things', headers: stranger }, checks: refused },
  { name: 'a non-resource path without a rule', request: { path: '/metrics', headers: stranger }, checks: refused },
  { name: 'RBAC objects themselves are guarded', request: { path: `${RBAC}/clusterroles`, headers: reader }, checks: refused },
  { name: 'impersonating a group without a user', request: { path: '/api/v1/nodes', headers: { 'Impersonate-Group': 'diff-readers' } }, checks: [code, text] },

  // SelfSubjectAccessReview for the impersonated identity.
  { name: 'SSAR allowed by a ClusterRoleBinding to a group', request: ssar(reader, { resourceAttributes: { namespace: NS, verb: 'list', resource: 'pods' } }), checks: [code, reviewStatus, reviewSpec] },
  { name: 'SSAR allowed by a RoleBinding to a user', request: ssar(deployer, { resourceAttributes: { namespace: NS, verb: 'patch', group: 'apps', resource: 'deployments', name: 'rbac-web' } }), checks: [code, reviewStatus] },
  { name: 'SSAR for a subresource', request: ssar(deployer, { resourceAttributes: { namespace: NS, verb: 'create', resource: 'pods', subresource: 'eviction', name: 'rbac-pod' } }), checks: [code, reviewStatus] },
  { name: 'SSAR denied', request: ssar(reader, { resourceAttributes: { namespace: NS, verb: 'patch', group: 'apps', resource: 'deployments' } }), checks: [code, reviewStatus] },
  { name: 'SSAR denied at the cluster scope', request: ssar(team, { resourceAttributes: { verb: 'list', resource: 'nodes' } }), checks: [code, reviewStatus] },
  { name: 'SSAR with a binding to a missing role', request: ssar(ghost, { resourceAttributes: { namespace: NS, verb: 'get', resource: 'pods' } }), checks: [code, reviewStatus] },
  { name: 'SSAR for a non-resource URL', request: ssar(stranger, { nonResourceAttributes: { verb: 'get', path: '/metrics' } }), checks: [code, reviewStatus, reviewSpec] },
  { name: 'SSAR by the admin itself (system:masters)', request: ssar({}, { resourceAttributes: { verb: 'delete', resource: 'nodes' } }), checks: [code, reviewStatus] },
  { name: 'SSAR with neither attribute set', request: ssar(stranger, {}), checks: [...status, message] },

  // Escalation prevention: writing RBAC objects grants nothing the writer does not hold.
  { name: 'a Role within the writer\'s own rights', setup: writers, request: asUser(erin, post(`${RBAC}/namespaces/${NS}/roles`, role('diff-held', [podRead('get')]))), checks: [code] },
  {
    name: 'a Role beyond the writer\'s rights',
    request: asUser(erin, post(`${RBAC}/namespaces/${NS}/roles`, role('diff-more', [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'delete'] }, { apiGroups: [''], resources: ['nodes'], resourceNames: ['n1'], verbs: ['get'] }]))),
    checks: refused,
  },
  {
    name: 'a Role with names and URLs beyond the writer\'s rights',
    request: asUser(erin, post(`${RBAC}/namespaces/${NS}/roles`, role('diff-urls', [{ apiGroups: [''], resources: ['nodes', 'pods/log'], resourceNames: ['n1', 'n2'], verbs: ['get', 'list'] }, { nonResourceURLs: ['/x'], verbs: ['get'] }]))),
    checks: refused,
  },
  { name: 'a RoleBinding to a role the writer holds', request: asUser(erin, post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-held', ref('Role', 'diff-held'), [user('x')]))), checks: [code] },
  { name: 'a RoleBinding to a role beyond the writer\'s rights', request: asUser(erin, post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-beyond', ref('ClusterRole', 'diff-pod-reader'), [user('x')]))), checks: refused },
  { name: 'a RoleBinding to a missing role', request: asUser(erin, post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-missing', ref('Role', 'diff-nope'), [user('x')]))), checks: [...status, message] },
  {
    name: 'a ClusterRole with an aggregationRule takes cluster-admin',
    request: asUser(erin, post(`${RBAC}/clusterroles`, { ...clusterRole('diff-agg', []), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { diff: 'agg' } }] } })),
    checks: refused,
  },
  { name: 'a ClusterRole granting everything', request: asUser(erin, post(`${RBAC}/clusterroles`, clusterRole('diff-star', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]))), checks: refused },
  { name: 'escalation errors name the roles that could not be resolved', request: asUser(ghost, post(`${RBAC}/clusterroles`, clusterRole('diff-ghostly', [podRead('get')]))), checks: refused },
  { name: 'updating a held Role beyond the writer\'s rights', request: asUser(erin, { method: 'PATCH', path: `${RBAC}/namespaces/${NS}/roles/diff-held`, contentType: MERGE, body: { rules: [podRead('get', 'delete')] } }), checks: refused },
  { name: 'the bind verb allows binding that role', request: asUser(bea, post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-bound', ref('ClusterRole', 'diff-pod-reader'), [user('x')]))), checks: [code] },
  { name: 'the bind verb is for the named role only', request: asUser(bea, post(`${RBAC}/namespaces/${NS}/rolebindings`, rb('diff-unbound', ref('ClusterRole', 'diff-one-pod'), [user('x')]))), checks: refused },
  { name: 'the escalate verb allows any rules', request: asUser(esa, post(`${RBAC}/namespaces/${NS}/roles`, role('diff-escalated', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]))), checks: [code] },

  // SelfSubjectRulesReview (kubectl auth can-i --list): the rules that reach the caller.
  { name: 'SSRR for a user with a RoleBinding', request: rulesReview(deployer, NS), checks: [code, rulesStatus, object((o: any) => o?.spec)] }, // eslint-disable-line @typescript-eslint/no-explicit-any
  { name: 'SSRR in a namespace without bindings', request: rulesReview(deployer, 'default'), checks: [code, rulesStatus] },
  { name: 'SSRR with a binding to a missing role', request: rulesReview(ghost, NS), checks: [code, rulesStatus] },
  { name: 'SSRR by the admin itself', request: rulesReview({}, NS), checks: [code, rulesStatus] },
  { name: 'SSRR without a namespace', request: { method: 'POST', path: SSRR, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: {} }, headers: deployer }, checks: [...status, message] },

  // The RBAC API itself: admission, defaults, Tables.
  {
    name: 'a RoleBinding without a roleRef',
    request: post(`${RBAC}/namespaces/${NS}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'no-ref' }, subjects: [group('g')] }),
    checks: [...status, message],
  },
  {
    name: 'a ClusterRoleBinding to a Role, with bad subjects',
    request: post(`${RBAC}/clusterrolebindings`, crb('bad-crb', 'x', [{ kind: 'Bogus', name: 'g' }, { kind: 'ServiceAccount', name: 's' }]) as never),
    checks: [...status, message],
  },
  {
    name: 'a Role with rules missing verbs, groups and resources',
    request: post(`${RBAC}/namespaces/${NS}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'bad-role' }, rules: [{ verbs: [] }, { verbs: ['get'], nonResourceURLs: ['/x'] }] }),
    checks: [...status, message],
  },
  {
    name: 'roleRef is immutable',
    request: { method: 'PATCH', path: `${RBAC}/namespaces/${NS}/rolebindings/diff-deployers`, contentType: MERGE, body: { roleRef: { kind: 'ClusterRole', name: 'view' } } },
    checks: [...status, message],
  },
  {
    name: 'subjects may change',
    request: { method: 'PATCH', path: `${RBAC}/namespaces/${NS}/rolebindings/diff-team-view`, contentType: MERGE, body: { subjects: [{ kind: 'Group', name: 'diff-team' }, { kind: 'ServiceAccount', name: 'bot' }] } },
    checks: [code, object((o) => normalizeObject(o))],
  },
  {
    name: 'a Role without rules reads back with rules: null',
    request: post(`${RBAC}/namespaces/${NS}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'empty-role' } }),
    checks: [code, object((o) => normalizeObject(o))],
  },
  {
    name: 'strategic merge replaces a Role\'s rules',
    request: { method: 'PATCH', path: `${RBAC}/namespaces/${NS}/roles/empty-role`, contentType: 'application/strategic-merge-patch+json', body: { metadata: { labels: { a: 'b' } }, rules: [podRead('get'), { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }] } },
    then: [{ method: 'PATCH', path: `${RBAC}/namespaces/${NS}/roles/empty-role`, contentType: 'application/strategic-merge-patch+json', body: { rules: [podRead('watch')] } }],
    checks: [code, object((o) => normalizeObject(o)), object((o) => normalizeObject(o), (x) => x.followUps[0])],
  },
  {
    name: 'strategic merge replaces a binding\'s subjects',
    request: { method: 'PATCH', path: `${RBAC}/clusterrolebindings/diff-readers`, contentType: 'application/strategic-merge-patch+json', body: { subjects: [{ kind: 'User', name: 'diff-zed' }] } },
    checks: [code, object((o) => normalizeObject(o))],
  },
  { name: 'a ClusterRoleBinding reads back with defaults', request: { path: `${RBAC}/clusterrolebindings/diff-readers` }, checks: [code, object((o) => normalizeObject(o))] },
  { name: 'Table for clusterroles', request: { path: `${RBAC}/clusterroles?fieldSelector=metadata.name%3Ddiff-pod-reader`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table for clusterrolebindings', request: { path: `${RBAC}/clusterrolebindings/diff-readers`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table for rolebindings', request: { path: `${RBAC}/namespaces/${NS}/rolebindings`, accept: TABLE }, checks: [code, columns] },
  { name: 'Table for roles', request: { path: `${RBAC}/namespaces/${NS}/roles`, accept: TABLE }, checks: [code, columns] },
  {
    name: 'discovery lists the four kinds with their verbs',
    request: { path: RBAC },
    checks: [
      code,
      object((o: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
        (o?.resources ?? []).map((r: any) => `${r.name}:${r.namespaced}:${r.kind}:${[...r.verbs].sort().join(',')}:${(r.shortNames ?? []).join(',')}`).sort(), // eslint-disable-line @typescript-eslint/no-explicit-any
      ),
    ],
  },
];
