// RBAC as kube-apiserver evaluates it: which request a URL is (verb, group, resource, subresource,
// name, namespace, or a non-resource path), who is asking (impersonation), which rules reach that
// identity through ClusterRoleBindings and the namespace's RoleBindings, and the 403 it gets
// otherwise. Pure: the policy comes in through `Policy`, so the rule matching is unit-tested
// without a server.
import { ApiError, qualifiedResource } from '../errors';
import { queryBool } from '../kube-api/query-params';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const MASTERS = 'system:masters';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  /** What the authenticator adds (a ServiceAccount token's credential id, an IAM principal's ARN). */
  extra?: Record<string, string[]>;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

export interface Binding {
  metadata: { name: string; namespace?: string };
  subjects?: Subject[];
  roleRef: RoleRef;
}

export interface Role {
  metadata: { name: string; namespace?: string };
  rules?: PolicyRule[] | null;
}

/** Where the authorizer reads roles and bindings (the store, or a fixed set in tests). */
export interface Policy {
  clusterRoleBindings(): Iterable<Binding>;
  roleBindings(namespace: string): Iterable<Binding>;
  clusterRole(name: string): Role | undefined;
  role(namespace: string, name: string): Role | undefined;
}

export type Attributes =
  | { resourceRequest: true; verb: string; group: string; version: string; resource: string; subresource: string; name: string; namespace: string }
  | { resourceRequest: false; verb: string; path: string };

const splitPath = (p: string) => {
  const trimmed = p.replace(/^\/+|\/+$/g, '');
  return trimmed ? trimmed.split('/') : [];
};

// Path segments the apiserver never takes as an object name (path.IsValidPathSegmentName).
const validSegment = (s: string) => s !== '.' && s !== '..' && !s.includes('/') && !s.includes('%');

/**
 * The request the apiserver's RequestInfoFactory sees in a URL. Authorization happens before
 * routing, so this does not look at which resources exist: an unknown resource is still a
 * resource request that can be forbidden.
 */
export function requestAttributes(method: string, pathname: string, query: URLSearchParams): Attributes {
  const nonResource: Attributes = { resourceRequest: false, verb: method.toLowerCase(), path: pathname };
  let parts = splitPath(pathname).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource;
  const prefix = parts[0];
  parts = parts.slice(1);
  let group = '';
  if (prefix === 'apis') {
    if (parts.length < 3) return nonResource;
    group = parts[0];
    parts = parts.slice(1);
  }
  const version = parts[0];
  parts = parts.slice(1);
  let verb: string;
  if ((parts[0] === 'watch' || parts[0] === 'proxy') && parts.length >= 2) {
    verb = parts[0];
    parts = parts.slice(1);
  } else {
    verb = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method.toUpperCase()] ?? '';
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    // namespaces/{ns}/status and /finalize are subresources of the Namespace itself.
    if (parts.length > 2 && parts[2] !== 'status' && parts[2] !== 'finalize') parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = parts.length >= 3 && verb !== 'proxy' ? parts[2] : '';
  if (!name && verb === 'get') {
    verb = queryBool(query.getAll('watch')) ? 'watch' : 'list';
    // A list or watch narrowed to one name is authorized for that name (resourceNames rules).
    const exact = exactName(query.get('fieldSelector'));
    if (exact !== undefined && validSegment(exact)) name = exact;
  }
  if (!name && verb === 'delete') verb = 'deletecollection';
  return { resourceRequest: true, verb, group, version, resource, subresource, name, namespace };
}

/** `metadata.name=x` (or `==`) among a field selector's terms, when nothing else could widen it. */
function exactName(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m) return m[1];
  }
  return undefined;
}

/** The identity a request acts as: impersonation headers, else the sandbox's own admin. */
export function impersonatedUser(headers: { user?: string; groups?: string[]; uid?: string }): UserInfo | undefined {
  if (!headers.user) return undefined;
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(headers.user);
  let groups = [...(headers.groups ?? [])];
  if (sa && !headers.groups?.length) groups = ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`];
  if (headers.user === ANONYMOUS) {
    if (!groups.includes(UNAUTHENTICATED)) groups.push(UNAUTHENTICATED);
  } else if (!groups.includes(AUTHENTICATED) && !groups.includes(UNAUTHENTICATED)) {
    groups.push(AUTHENTICATED);
  }
  return { name: headers.user, groups, uid: headers.uid };
}

// ---------------------------------------------------------------------------------------------
// Rule matching (rbac/v1 evaluation helpers).

const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    // `*/scale` grants one subresource of every resource.
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

function urlMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  const verbOk = has(rule.verbs, '*') || has(rule.verbs, attrs.verb);
  if (!verbOk) return false;
  if (!attrs.resourceRequest) return urlMatches(rule, attrs.path);
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return (
    (has(rule.apiGroups, '*') || has(rule.apiGroups, attrs.group)) &&
    resourceMatches(rule, combined, attrs.subresource) &&
    (!rule.resourceNames?.length || rule.resourceNames.includes(attrs.name))
  );
}

function appliesTo(user: UserInfo, s: Subject, namespace: string): boolean {
  if (s.kind === 'User') return s.name === user.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace || namespace;
    return Boolean(ns) && user.name === `system:serviceaccount:${ns}:${s.name}`;
  }
  return false;
}

const describeSubject = (s: Subject, bindingNamespace: string) =>
  s.kind === 'ServiceAccount' ? `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}` : `${s.kind} ${JSON.stringify(s.name)}`;

export interface Decision {
  allowed: boolean;
  /** Why, in the apiserver's words: the binding that allowed it, or what could not be resolved. */
  reason: string;
}

/** Missing roles come back as the lister's NotFound text, which the apiserver shows in reasons. */
function roleRules(policy: Policy, ref: RoleRef, namespace: string): PolicyRule[] | string {
  const role = ref.kind === 'Role' ? policy.role(namespace, ref.name) : ref.kind === 'ClusterRole' ? policy.clusterRole(ref.name) : undefined;
  return role ? (role.rules ?? []) : listerNotFound(ref);
}

/** A role a binding names that does not exist (or a kind that cannot be a role). */
export interface MissingRole {
  kind: string;
  name: string;
}

/** The authorizer's listers word a missing role in the singular (`clusterrole.rbac…`). */
export const listerNotFound = (m: MissingRole) =>
  m.kind === 'Role' || m.kind === 'ClusterRole' ? `${m.kind.toLowerCase()}.${RBAC_GROUP} ${JSON.stringify(m.name)} not found` : `unsupported role reference kind: ${JSON.stringify(m.kind)}`;

/** RBAC's storage words it through the registry, in the plural (`clusterroles.rbac…`). */
export const registryNotFound = (m: MissingRole) =>
  m.kind === 'Role' || m.kind === 'ClusterRole' ? `${m.kind.toLowerCase()}s.${RBAC_GROUP} ${JSON.stringify(m.name)} not found` : `unsupported role reference kind: ${JSON.stringify(m.kind)}`;

/** Every rule that reaches `user` in `namespace` (cluster-wide bindings, then the namespace's). */
export function rulesFor(policy: Policy, user: UserInfo, namespace: string): { rules: PolicyRule[]; missing: MissingRole[] } {
  const rules: PolicyRule[] = [];
  const missing: MissingRole[] = [];
  const collect = (binding: Binding, ns: string) => {
    if (!(binding.subjects ?? []).some((s) => appliesTo(user, s, ns))) return;
    const ref = binding.roleRef;
    const role = ref.kind === 'Role' ? policy.role(ns, ref.name) : ref.kind === 'ClusterRole' ? policy.clusterRole(ref.name) : undefined;
    if (role) rules.push(...(role.rules ?? []));
    else missing.push({ kind: ref.kind, name: ref.name });
  };
  for (const b of policy.clusterRoleBindings()) collect(b, '');
  if (namespace) for (const b of policy.roleBindings(namespace)) collect(b, namespace);
  return { rules, missing };
}

/** Go's aggregate of errors: the one message alone, several in brackets. */
export const aggregate = (messages: string[]) => (messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`);

/** The union the apiserver runs with `--authorization-mode RBAC`: system:masters first, then RBAC. */
export function authorize(policy: Policy, user: UserInfo, attrs: Attributes): Decision {
  if (user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
  const errors: string[] = [];
  const visit = (binding: Binding, kind: 'ClusterRoleBinding' | 'RoleBinding', namespace: string): string | undefined => {
    const subjects = binding.subjects ?? [];
    const subject = subjects.find((s) => appliesTo(user, s, namespace));
    if (!subject) return undefined;
    const rules = roleRules(policy, binding.roleRef, namespace);
    if (typeof rules === 'string') {
      errors.push(rules);
      return undefined;
    }
    if (!rules.some((r) => ruleAllows(attrs, r))) return undefined;
    const name = kind === 'RoleBinding' ? `${binding.metadata.name}/${namespace}` : binding.metadata.name;
    return `RBAC: allowed by ${kind} ${JSON.stringify(name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, namespace)}`;
  };
  for (const b of policy.clusterRoleBindings()) {
    const reason = visit(b, 'ClusterRoleBinding', '');
    if (reason) return { allowed: true, reason };
  }
  const namespace = attrs.resourceRequest ? attrs.namespace : '';
  if (namespace) {
    for (const b of policy.roleBindings(namespace)) {
      const reason = visit(b, 'RoleBinding', namespace);
      if (reason) return { allowed: true, reason };
    }
  }
  if (errors.length === 0) return { allowed: false, reason: '' };
  return { allowed: false, reason: `RBAC: ${aggregate(errors)}` };
}

/** The apiserver's 403 for a refused request (responsewriters.Forbidden). */
export function forbidden(user: UserInfo, attrs: Attributes, reason = ''): ApiError {
  const who = `User ${JSON.stringify(user.name)}`;
  let text: string;
  if (!attrs.resourceRequest) {
    text = `${who} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  } else {
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
    text = `${who} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.group)} ${scope}`;
  }
  // The apiserver escapes what could read as HTML.
  text = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (reason) text = `${text}: ${reason}`;
  if (!attrs.resourceRequest) return new ApiError(403, 'Forbidden', `forbidden: ${text}`, {});
  const qualified = qualifiedResource(attrs.resource, attrs.group);
  const message = attrs.name ? `${qualified} ${JSON.stringify(attrs.name)} is forbidden: ${text}` : `${qualified} is forbidden: ${text}`;
  return new ApiError(403, 'Forbidden', message, {
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.group ? { group: attrs.group } : {}),
    kind: attrs.resource,
  });
}
