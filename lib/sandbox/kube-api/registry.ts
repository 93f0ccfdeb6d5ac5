// Every kind the sandbox serves, described once: discovery, OpenAPI, routing, tables and
// admission all read this table.
import { resourceKey, type ResourceKey } from '../store';

export interface ResourceDef {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources beyond the verbs of the main resource. */
  subresources?: { name: string; kind: string; group?: string; version?: string; verbs: string[] }[];
  /** Built-in kinds accept strategic merge patch; custom resources answer it with 415. */
  builtIn: boolean;
  /** Writes to the main resource ignore `status`; `/status` writes only status. */
  statusSubresource: boolean;
  /** metadata.generation tracks spec changes. */
  generation: boolean;
  /** Where the objects live in the store (events.k8s.io shares core events' storage). */
  storage: ResourceKey;
  /** Only listed in discovery for some verbs (e.g. SelfSubjectAccessReview is create-only). */
  verbs?: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

const def = (d: Omit<ResourceDef, 'storage'> & { storage?: ResourceKey }): ResourceDef => ({
  ...d,
  storage: d.storage ?? resourceKey(d.group, d.resource),
});

export const RESOURCES: readonly ResourceDef[] = [
  def({ group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], builtIn: true, statusSubresource: true, generation: false, subresources: [{ name: 'status', kind: 'Namespace', verbs: STATUS_VERBS }] }),
  def({ group: '', version: 'v1', resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], builtIn: true, statusSubresource: true, generation: false, subresources: [{ name: 'status', kind: 'Node', verbs: STATUS_VERBS }] }),
  def({
    group: '', version: 'v1', resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], builtIn: true, statusSubresource: true, generation: false,
    subresources: [
      // attach, exec, log and portforward answer from lib/sandbox/kube-api/pod-subresources.ts.
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: STATUS_VERBS },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'status', kind: 'Pod', verbs: STATUS_VERBS },
    ],
  }),
  def({ group: '', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], builtIn: true, statusSubresource: false, generation: false }),
  // The kinds below carry kube-apiserver's short names and `all` category, so `kubectl get all`
  // sees the same kinds as on a cluster.
  // Services have no deletecollection (their storage frees addresses one by one).
  def({ group: '', version: 'v1', resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], builtIn: true, statusSubresource: true, generation: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: [{ name: 'status', kind: 'Service', verbs: STATUS_VERBS }] }),
  def({ group: '', version: 'v1', resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], builtIn: true, statusSubresource: false, generation: false }),
  def({
    group: '', version: 'v1', resource: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], builtIn: true, statusSubresource: true, generation: false,
    subresources: [{ name: 'status', kind: 'PersistentVolumeClaim', verbs: STATUS_VERBS }],
  }),
  def({ group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], builtIn: true, statusSubresource: false, generation: false }),
  def({ group: '', version: 'v1', resource: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, builtIn: true, statusSubresource: false, generation: false }),
  def({ group: '', version: 'v1', resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], builtIn: true, statusSubresource: false, generation: false, subresources: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }] }),
  def({
    group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], builtIn: true, statusSubresource: true, generation: true,
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
      { name: 'status', kind: 'Deployment', verbs: STATUS_VERBS },
    ],
  }),
  def({
    group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'], builtIn: true, statusSubresource: true, generation: true,
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
      { name: 'status', kind: 'ReplicaSet', verbs: STATUS_VERBS },
    ],
  }),
  def({
    group: 'apps', version: 'v1', resource: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], categories: ['all'], builtIn: true, statusSubresource: true, generation: true,
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
      { name: 'status', kind: 'StatefulSet', verbs: STATUS_VERBS },
    ],
  }),
  // Jobs and CronJobs carry no metadata.generation on 1.20.
  def({ group: 'batch', version: 'v1', resource: 'jobs', singular: 'job', kind: 'Job', namespaced: true, categories: ['all'], builtIn: true, statusSubresource: true, generation: false, subresources: [{ name: 'status', kind: 'Job', verbs: STATUS_VERBS }] }),
  // CronJobs and EndpointSlices are served where 1.32 serves them (batch/v1, discovery.k8s.io/v1,
  // GA since 1.21; kubectl 1.32's `create cronjob` asks for batch/v1), preferred, and also where
  // 1.20 served them (batch/v1beta1, discovery.k8s.io/v1beta1), which a real 1.32 no longer does: the differential tier compares those kinds with a kube-apiserver 1.20 that
  // has nothing else. Both versions share storage at v1 (kube-api/conversion.ts).
  def({ group: 'batch', version: 'v1', resource: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ['all'], builtIn: true, statusSubresource: true, generation: false, subresources: [{ name: 'status', kind: 'CronJob', verbs: STATUS_VERBS }] }),
  def({ group: 'batch', version: 'v1beta1', resource: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ['all'], builtIn: true, statusSubresource: true, generation: false, subresources: [{ name: 'status', kind: 'CronJob', verbs: STATUS_VERBS }] }),
  def({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, builtIn: true, statusSubresource: false, generation: true }),
  def({ group: 'discovery.k8s.io', version: 'v1beta1', resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, builtIn: true, statusSubresource: false, generation: true }),
  def({ group: 'apps', version: 'v1', resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], categories: ['all'], builtIn: true, statusSubresource: true, generation: true, subresources: [{ name: 'status', kind: 'DaemonSet', verbs: STATUS_VERBS }] }),
  // Stored at v2 (preferred), also served at v1 (kube-api/hpa-versions.ts converts) and at
  // v2beta2, which 1.32 no longer serves but 1.20 did: the differential tier sends the same
  // bodies to a kube-apiserver 1.20, which has no v2.
  ...['v2', 'v1', 'v2beta2'].map((version) =>
    def({ group: 'autoscaling', version, resource: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], builtIn: true, statusSubresource: true, generation: false, subresources: [{ name: 'status', kind: 'HorizontalPodAutoscaler', verbs: STATUS_VERBS }] }),
  ),
  def({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], builtIn: true, statusSubresource: true, generation: true, subresources: [{ name: 'status', kind: 'PodDisruptionBudget', verbs: STATUS_VERBS }] }),
  // Cluster-scoped; kube-apiserver sets generation 1 on create and never bumps it (the sandbox
  // bumps it when the description changes, the only field that may).
  def({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', singular: 'priorityclass', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'], builtIn: true, statusSubresource: false, generation: true }),
  def({ group: 'events.k8s.io', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], builtIn: true, statusSubresource: false, generation: false, storage: 'events' }),
  def({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, builtIn: true, statusSubresource: false, generation: false }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false, builtIn: true, statusSubresource: false, generation: false }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false, builtIn: true, statusSubresource: false, generation: false }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true, builtIn: true, statusSubresource: false, generation: false }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', singular: 'role', kind: 'Role', namespaced: true, builtIn: true, statusSubresource: false, generation: false }),
  def({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, builtIn: true, statusSubresource: false, generation: false, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, builtIn: true, statusSubresource: false, generation: false, verbs: ['create'] }),
  def({ group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, builtIn: true, statusSubresource: false, generation: false, verbs: ['create'] }),
  // Served from the kubelet stand-in's view, not stored (lib/sandbox/metrics), like metrics-server.
  def({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', singular: '', kind: 'NodeMetrics', namespaced: false, builtIn: true, statusSubresource: false, generation: false, verbs: ['get', 'list'] }),
  def({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', singular: '', kind: 'PodMetrics', namespaced: true, builtIn: true, statusSubresource: false, generation: false, verbs: ['get', 'list'] }),
  // The CRDs of the kinds below, read-only: the sandbox serves the kinds it has a CRD file for
  // (lib/sandbox/crds) and no others, so it takes no new definitions.
  def({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', singular: 'customresourcedefinition', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], builtIn: true, statusSubresource: true, generation: true, verbs: ['get', 'list', 'watch'], subresources: [{ name: 'status', kind: 'CustomResourceDefinition', verbs: ['get'] }] }),
  def({ group: 'karpenter.sh', version: 'v1', resource: 'nodepools', singular: 'nodepool', kind: 'NodePool', namespaced: false, categories: ['karpenter'], builtIn: false, statusSubresource: true, generation: true, subresources: [{ name: 'status', kind: 'NodePool', verbs: STATUS_VERBS }] }),
  def({ group: 'karpenter.sh', version: 'v1', resource: 'nodeclaims', singular: 'nodeclaim', kind: 'NodeClaim', namespaced: false, categories: ['karpenter'], builtIn: false, statusSubresource: true, generation: true, subresources: [{ name: 'status', kind: 'NodeClaim', verbs: STATUS_VERBS }] }),
  def({ group: 'eks.amazonaws.com', version: 'v1', resource: 'nodeclasses', singular: 'nodeclass', kind: 'NodeClass', namespaced: false, builtIn: false, statusSubresource: true, generation: true, subresources: [{ name: 'status', kind: 'NodeClass', verbs: STATUS_VERBS }] }),
];

/** The versions a group serves, preferred first (the order of RESOURCES). */
export function versionsOf(group: string): string[] {
  return [...new Set(RESOURCES.filter((r) => r.group === group).map((r) => r.version))];
}

export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}

export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function findByStorage(storage: ResourceKey): ResourceDef | undefined {
  return RESOURCES.find((r) => r.storage === storage);
}

export const apiVersionOf = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);
export const verbsOf = (r: ResourceDef) => r.verbs ?? ALL_VERBS;
