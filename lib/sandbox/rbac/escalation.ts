// RBAC's escalation prevention, as the apiserver's RBAC storage applies it: a user may write a
// Role or ClusterRole only with rules they already hold (or the `escalate` verb), and a binding
// only to a role whose rules they hold (or the `bind` verb on it). system:masters is exempt.
// Without this, anyone allowed to create RoleBindings could bind themselves cluster-admin.
import { ApiError, notFound } from '../errors';
import type { KObject } from '../store';
import { MASTERS, RBAC_GROUP, aggregate, authorize, registryNotFound, rulesFor, type Policy, type PolicyRule, type UserInfo } from './authorizer';

const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);
const hasAll = (list: string[] | undefined, want: string[] | undefined) => (want ?? []).every((v) => has(list, v));

/** One verb on one resource of one group (and one name), or one verb on one URL. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], resourceNames: [name], verbs: [verb] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

function resourcesCovered(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  if (has(owner, '*')) return true;
  return (wanted ?? []).every((r) => {
    if (has(owner, r)) return true;
    const slash = r.indexOf('/');
    return slash > 0 && has(owner, `*${r.slice(slash)}`);
  });
}

function urlsCovered(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  return (wanted ?? []).every((u) => (owner ?? []).some((o) => o === '*' || o === u || (o.endsWith('*') && u.startsWith(o.slice(0, -1)))));
}

function covers(owner: PolicyRule, sub: PolicyRule): boolean {
  const names = sub.resourceNames?.length ? !owner.resourceNames?.length || hasAll(owner.resourceNames, sub.resourceNames) : !owner.resourceNames?.length;
  return (
    (has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs)) &&
    (has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups)) &&
    resourcesCovered(owner.resources, sub.resources) &&
    urlsCovered(owner.nonResourceURLs, sub.nonResourceURLs) &&
    names
  );
}

/** The atomic rules in `wanted` that nothing in `owner` covers. */
export function uncovered(owner: PolicyRule[], wanted: PolicyRule[]): PolicyRule[] {
  return wanted.flatMap(breakdown).filter((sub) => !owner.some((o) => covers(o, sub)));
}

/** Missing rules merged back per group, resource and name (verbs in the order met). */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const byKey = new Map<string, PolicyRule>();
  for (const r of rules) {
    if (r.nonResourceURLs?.length) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames ?? []]);
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.verbs.includes(r.verbs[0])) seen.verbs.push(r.verbs[0]);
      continue;
    }
    const copy = { ...r, verbs: [...r.verbs] };
    byKey.set(key, copy);
    out.push(copy);
  }
  return out;
}

/** Go's `%q` of a []string: `["a" "b"]`. */
const goList = (list: string[]) => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;

/** A rule as the apiserver prints it in escalation errors (rbacv1helpers.CompactString). */
export function describeRule(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goList(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goList(r.resources)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goList(r.resourceNames)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goList(r.nonResourceURLs)}`);
  if (r.verbs?.length) parts.push(`Verbs:${goList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** Why granting `rules` in `namespace` would escalate `user`, or undefined when it would not. */
function escalation(policy: Policy, user: UserInfo, namespace: string, rules: PolicyRule[]): string | undefined {
  const owner = rulesFor(policy, user, namespace);
  const missing = uncovered(owner.rules, rules);
  if (missing.length === 0) return undefined;
  const lines = [...new Set(compact(missing).map(describeRule))].sort();
  let text = `user ${JSON.stringify(user.name)} (groups=${goList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  // Go prints the []error holding one aggregate.
  if (owner.missing.length) text += `; resolution errors: [${aggregate(owner.missing.map(registryNotFound))}]`;
  return text;
}

const forbiddenWrite = (resource: string, name: string, why: string) =>
  new ApiError(403, 'Forbidden', `${resource}.${RBAC_GROUP} ${JSON.stringify(name)} is forbidden: ${why}`, { name, group: RBAC_GROUP, kind: resource });

/** Whether an update touches only what garbage collection may change (owners, finalizers). */
function onlyGcFields(next: KObject, old: KObject): boolean {
  const strip = (o: KObject) => {
    const { ownerReferences: _o, finalizers: _f, resourceVersion: _r, managedFields: _m, ...meta } = o.metadata ?? {};
    return JSON.stringify({ ...o, metadata: meta });
  };
  return strip(next) === strip(old);
}

/**
 * Refuses a write of a Role, ClusterRole, RoleBinding or ClusterRoleBinding (`resource`) that
 * would grant `user` more than they hold. `old` is the stored object on updates.
 */
export function checkEscalation(policy: Policy, user: UserInfo, resource: string, obj: KObject, old?: KObject): void {
  if (user.groups.includes(MASTERS)) return;
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace ?? '';
  const may = (verb: string, onResource: string, onName: string) =>
    authorize(policy, user, { resourceRequest: true, verb, group: RBAC_GROUP, version: 'v1', resource: onResource, subresource: '', name: onName, namespace }).allowed;
  if (resource === 'roles' || resource === 'clusterroles') {
    if (may('escalate', resource, name)) return;
    if (old && onlyGcFields(obj, old)) return;
    // An aggregation rule can gather anything, so it takes everything to set one.
    if (resource === 'clusterroles' && obj.aggregationRule && escalation(policy, user, namespace, FULL_AUTHORITY)) {
      throw forbiddenWrite(resource, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
    const why = escalation(policy, user, namespace, (obj.rules ?? []) as PolicyRule[]);
    if (why) throw forbiddenWrite(resource, name, why);
    return;
  }
  if (resource !== 'rolebindings' && resource !== 'clusterrolebindings') return;
  const ref = (obj.roleRef ?? {}) as { kind?: string; name?: string };
  const roleResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
  if (may('bind', roleResource, ref.name ?? '')) return;
  if (old && onlyGcFields(obj, old)) return;
  const role = ref.kind === 'Role' ? policy.role(namespace, ref.name ?? '') : policy.clusterRole(ref.name ?? '');
  if (!role) throw notFound(roleResource, RBAC_GROUP, ref.name ?? '');
  const why = escalation(policy, user, namespace, role.rules ?? []);
  if (why) throw forbiddenWrite(resource, name, why);
}
