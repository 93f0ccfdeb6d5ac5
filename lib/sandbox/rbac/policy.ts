// The RBAC objects a sandbox cluster starts with: the apiserver's bootstrap roles that matter for
// people (cluster-admin, view/edit/admin by aggregation, discovery and self-review for everyone
// authenticated), and the dashboard's own groups. The authorizer reads roles and bindings from
// the store through `storePolicy`, so kubectl edits to them take effect on the next request.
import type { KObject, Store } from '../store';
import { matchesLabelSelector, fromLabelSelectorObject } from '@/lib/domain/label-selector';
import { AUTHENTICATED, MASTERS, RBAC_GROUP, UNAUTHENTICATED, type Binding, type Policy, type PolicyRule, type Role } from './authorizer';

export const CLUSTER_ROLES = `${RBAC_GROUP}/clusterroles`;
export const CLUSTER_ROLE_BINDINGS = `${RBAC_GROUP}/clusterrolebindings`;
export const ROLES = `${RBAC_GROUP}/roles`;
export const ROLE_BINDINGS = `${RBAC_GROUP}/rolebindings`;

/**
 * Who may do what in the sandbox: the groups the dashboard's users come in (by
 * `Impersonate-Group`), the roles they are bound to, and example user names for tests and docs.
 */
export const SANDBOX_ACCESS = {
  groups: { viewers: 'viewers', operators: 'operators', admins: 'admins', teamApps: 'team-apps' },
  clusterRoles: { viewer: 'nodelanes:viewer', operator: 'nodelanes:operator', admin: 'cluster-admin', namespaceView: 'view' },
  clusterRoleBindings: { viewers: 'nodelanes:viewers', operators: 'nodelanes:operators', admins: 'nodelanes:admins' },
  /** `team-apps` reads only this namespace, through a RoleBinding to the `view` ClusterRole. */
  teamAppsNamespace: 'apps',
  roleBindings: { teamApps: 'team-apps-view' },
  exampleUsers: { viewer: 'alice', operator: 'olivia', admin: 'adam', teamApps: 'tess' },
} as const;

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
// Sorted, as the apiserver's bootstrap policy builds its rules (from sets).
const sorted = (list: string[]) => [...new Set(list)].sort();
const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs: sorted(verbs), apiGroups: sorted(apiGroups), resources: sorted(resources) });
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs: sorted(verbs), nonResourceURLs: sorted(nonResourceURLs) });

/** Everything the dashboard shows, readable (no secrets). */
const VIEWER_RULES: PolicyRule[] = [
  rule(READ, [''], ['nodes', 'pods', 'events', 'namespaces']),
  rule(READ, ['apps'], ['deployments', 'replicasets', 'daemonsets']),
  rule(READ, ['policy'], ['poddisruptionbudgets']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(READ, ['events.k8s.io'], ['events']),
  rule(READ, ['coordination.k8s.io'], ['leases']),
  rule(READ, ['karpenter.sh'], ['nodepools', 'nodeclaims']),
  rule(READ, ['eks.amazonaws.com'], ['nodeclasses']),
  rule(READ, ['metrics.k8s.io'], ['nodes', 'pods']),
];

/** The dashboard's actions: restart/pin/scale workloads, cordon and drain nodes, manage pools. */
const OPERATOR_RULES: PolicyRule[] = [
  ...VIEWER_RULES,
  rule(['patch', 'update'], ['apps'], ['deployments']),
  rule(['get', 'patch', 'update'], ['apps'], ['deployments/scale']),
  rule(['create'], [''], ['pods/eviction']),
  rule(['patch', 'update'], [''], ['nodes']),
  rule(['create', 'update', 'patch', 'delete'], ['karpenter.sh'], ['nodepools']),
  rule(['create', 'update', 'patch', 'delete'], ['eks.amazonaws.com'], ['nodeclasses']),
  rule(['create', 'patch'], [''], ['events']),
  rule(['create', 'patch'], ['events.k8s.io'], ['events']),
];

const BOOTSTRAP_META = {
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
};

const aggregateLabel = (to: string) => `rbac.authorization.k8s.io/aggregate-to-${to}`;

function clusterRole(name: string, rules: PolicyRule[], extra: { labels?: Record<string, string>; aggregateFrom?: string; bootstrap?: boolean } = {}): KObject {
  const labels = { ...(extra.bootstrap ? BOOTSTRAP_META.labels : {}), ...extra.labels };
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(extra.bootstrap ? { annotations: BOOTSTRAP_META.annotations } : {}),
    },
    ...(extra.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }] } } : {}),
    rules,
  };
}

const group = (name: string) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });

function clusterRoleBinding(name: string, role: string, groups: string[], bootstrap = false): KObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...(bootstrap ? BOOTSTRAP_META : {}) },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: groups.map(group),
  };
}

const DISCOVERY_URLS = ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'];

/** The subset of kube-apiserver's bootstrap policy that people's access depends on. */
function bootstrapRoles(): KObject[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])], { bootstrap: true }),
    clusterRole('system:discovery', [urls(['get'], DISCOVERY_URLS)], { bootstrap: true }),
    clusterRole('system:basic-user', [rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']), rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'])], { bootstrap: true }),
    clusterRole('system:public-info-viewer', [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])], { bootstrap: true }),
    clusterRole('admin', [], { bootstrap: true, aggregateFrom: aggregateLabel('admin') }),
    clusterRole('edit', [], { bootstrap: true, aggregateFrom: aggregateLabel('edit'), labels: { [aggregateLabel('admin')]: 'true' } }),
    clusterRole('view', [], { bootstrap: true, aggregateFrom: aggregateLabel('view'), labels: { [aggregateLabel('edit')]: 'true' } }),
    clusterRole(
      'system:aggregate-to-admin',
      [rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']), rule([...READ, ...WRITE], [RBAC_GROUP], ['roles', 'rolebindings'])],
      { bootstrap: true, labels: { [aggregateLabel('admin')]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        rule(READ, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
        rule(['impersonate'], [''], ['serviceaccounts']),
        rule(WRITE, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
        rule(WRITE, [''], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'endpoints', 'persistentvolumeclaims', 'configmaps', 'secrets']),
        rule(WRITE, ['apps'], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale']),
        rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
        rule(WRITE, ['batch'], ['jobs', 'cronjobs']),
        rule(WRITE, ['policy'], ['poddisruptionbudgets']),
        rule(WRITE, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
      ],
      { bootstrap: true, labels: { [aggregateLabel('edit')]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        rule(READ, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
        rule(READ, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
        // Read on namespaces at namespace scope is read on *that* namespace.
        rule(READ, [''], ['namespaces']),
        rule(READ, ['apps'], ['controllerrevisions', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/status', 'deployments/scale', 'replicasets', 'replicasets/status', 'replicasets/scale']),
        rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
        rule(READ, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
        rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
        rule(READ, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
      ],
      { bootstrap: true, labels: { [aggregateLabel('view')]: 'true' } },
    ),
    // What metrics-server installs so that view/edit/admin may read metrics.
    clusterRole('system:aggregated-metrics-reader', [rule(READ, ['metrics.k8s.io'], ['pods', 'nodes'])], {
      labels: { [aggregateLabel('view')]: 'true', [aggregateLabel('edit')]: 'true', [aggregateLabel('admin')]: 'true' },
    }),
  ];
}

function bootstrapBindings(): KObject[] {
  return [
    clusterRoleBinding('cluster-admin', 'cluster-admin', [MASTERS], true),
    clusterRoleBinding('system:discovery', 'system:discovery', [AUTHENTICATED], true),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [AUTHENTICATED], true),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [AUTHENTICATED, UNAUTHENTICATED], true),
  ];
}

/**
 * Seeds the bootstrap policy and the dashboard's groups. Every scenario gets the cluster-wide
 * part, so impersonated requests behave the same everywhere; the `team-apps` RoleBinding needs
 * its namespace and is added only where `apps` exists.
 */
export function seedRbac(store: Store): void {
  const a = SANDBOX_ACCESS;
  const roles = [
    ...bootstrapRoles(),
    clusterRole(a.clusterRoles.viewer, VIEWER_RULES),
    clusterRole(a.clusterRoles.operator, OPERATOR_RULES),
  ];
  for (const r of roles) store.create(CLUSTER_ROLES, r);
  const bindings = [
    ...bootstrapBindings(),
    clusterRoleBinding(a.clusterRoleBindings.viewers, a.clusterRoles.viewer, [a.groups.viewers]),
    clusterRoleBinding(a.clusterRoleBindings.operators, a.clusterRoles.operator, [a.groups.operators]),
    clusterRoleBinding(a.clusterRoleBindings.admins, a.clusterRoles.admin, [a.groups.admins]),
  ];
  for (const b of bindings) store.create(CLUSTER_ROLE_BINDINGS, b);
  if (store.get('namespaces', undefined, a.teamAppsNamespace)) {
    store.create(ROLE_BINDINGS, {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: { name: a.roleBindings.teamApps, namespace: a.teamAppsNamespace },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: a.clusterRoles.namespaceView },
      subjects: [group(a.groups.teamApps)],
    });
  }
  aggregateClusterRoles(store);
}

/** The authorizer's view of the store's roles and bindings (uncloned; read only). */
export function storePolicy(store: Store): Policy {
  return {
    clusterRoleBindings: () => store.scan(CLUSTER_ROLE_BINDINGS) as Iterable<Binding>,
    roleBindings: (namespace) => store.scan(ROLE_BINDINGS, { namespace }) as Iterable<Binding>,
    clusterRole: (name) => store.get(CLUSTER_ROLES, undefined, name) as Role | undefined,
    role: (namespace, name) => store.get(ROLES, namespace, name) as Role | undefined,
  };
}

const ruleKey = (r: PolicyRule) => JSON.stringify([r.verbs, r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? []]);

/**
 * The cluster-role aggregation controller: a ClusterRole with an aggregationRule holds the rules of
 * every ClusterRole its selectors match (in name order, each rule once). Returns how many changed.
 */
export function aggregateClusterRoles(store: Store): number {
  let total = 0;
  // Aggregation chains (view → edit → admin) settle in a few passes.
  for (let pass = 0; pass < 5; pass++) {
    const changed = aggregateOnce(store);
    if (changed === 0) break;
    total += changed;
  }
  return total;
}

function aggregateOnce(store: Store): number {
  const all = store.list(CLUSTER_ROLES);
  let changed = 0;
  for (const role of all) {
    const selectors = role.aggregationRule?.clusterRoleSelectors;
    if (!Array.isArray(selectors)) continue;
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    for (const other of all) {
      if (other.metadata.name === role.metadata.name) continue;
      const matched = selectors.some((s) => {
        try {
          return matchesLabelSelector(fromLabelSelectorObject(s), other.metadata.labels);
        } catch {
          return false;
        }
      });
      if (!matched) continue;
      for (const r of (other.rules ?? []) as PolicyRule[]) {
        const k = ruleKey(r);
        if (seen.has(k)) continue;
        seen.add(k);
        rules.push(r);
      }
    }
    if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) continue;
    store.update(CLUSTER_ROLES, { ...role, rules });
    changed++;
  }
  return changed;
}

/** Keeps aggregated roles current as ClusterRoles change (deferred out of the store's emit). */
export function startAggregation(store: Store): () => void {
  let queued = false;
  return store.watch(CLUSTER_ROLES, () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      aggregateClusterRoles(store);
    });
  });
}
