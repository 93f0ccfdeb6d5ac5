// Server-side defaulting, as the real apiserver (with EKS's default admission plugins) fills in
// fields on create: what clients read back must look the same (checked by the differential suite).
import type { KObject } from '../store';
import { decodeCustomResource, hasSchema } from '../crds';
import { defaultHpa } from './hpa-versions';
import { cloneJson } from '../json-clone';

function defaultContainers(list: KObject['spec'][] | undefined) {
  return (list ?? []).map((c) => ({
    ...c,
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    imagePullPolicy: c.imagePullPolicy ?? (typeof c.image === 'string' && (c.image.endsWith(':latest') || !/:[^/]+$/.test(c.image)) ? 'Always' : 'IfNotPresent'),
    ...(Array.isArray(c.ports) ? { ports: c.ports.map((p: KObject['spec']) => ({ ...p, protocol: p?.protocol ?? 'TCP' })) } : {}),
  }));
}

/** Pod spec defaults (also used inside deployment / replicaset templates). */
function defaultPodSpec(spec: KObject['spec'], isPod: boolean) {
  const out = {
    ...spec,
    containers: defaultContainers(spec?.containers),
    ...(spec?.initContainers ? { initContainers: defaultContainers(spec.initContainers) } : {}),
    restartPolicy: spec?.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec?.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec?.dnsPolicy ?? 'ClusterFirst',
    securityContext: spec?.securityContext ?? {},
    schedulerName: spec?.schedulerName ?? 'default-scheduler',
  };
  if (!isPod) return out;
  // Admission on a real cluster: DefaultTolerationSeconds, Priority, ServiceAccount (on in EKS: a
  // pod without one runs as `default`; `serviceAccount` is the deprecated name the API keeps
  // equal to it), and service links.
  const account = spec?.serviceAccountName || spec?.serviceAccount || 'default';
  const tolerations = [...(spec?.tolerations ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t: { key?: string; effect?: string }) => t.key === key && (t.effect === 'NoExecute' || !t.effect))) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  return {
    ...out,
    tolerations,
    priority: spec?.priority ?? 0,
    enableServiceLinks: spec?.enableServiceLinks ?? true,
    preemptionPolicy: spec?.preemptionPolicy ?? 'PreemptLowerPriority',
    serviceAccountName: account,
    serviceAccount: account,
  };
}

/** A pod spec with the defaults decoding gives it (no admission defaults): what an update is compared as. */
export const schemeDefaultedPodSpec = (spec: KObject['spec']) => defaultPodSpec(spec, false);

function qosClass(spec: KObject['spec']): string {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (!l || q !== l) guaranteed = false;
    }
  }
  return guaranteed ? 'Guaranteed' : any ? 'Burstable' : 'BestEffort';
}

function defaultTemplate(tpl: KObject | undefined) {
  return { ...tpl, metadata: { creationTimestamp: null, ...tpl?.metadata }, spec: defaultPodSpec(tpl?.spec, false) };
}

// Long because it is a table: one short case per kind, each the API server's defaults for it,
// read top to bottom like the defaulting functions they mirror.
/** Fills defaults into a new object of the given storage key. Returns a new object. */
export function defaultObject(storage: string, input: KObject): KObject {
  const obj = cloneJson(input);
  switch (storage) {
    case 'pods': {
      obj.spec = defaultPodSpec(obj.spec, true);
      obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec), ...(obj.status ?? {}) };
      return obj;
    }
    case 'namespaces':
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
      obj.status = { phase: 'Active', ...obj.status };
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
      return obj;
    case 'apps/deployments':
      obj.spec = {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        ...obj.spec,
        strategy:
          obj.spec?.strategy?.type === 'Recreate'
            ? obj.spec.strategy
            : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%', ...obj.spec?.strategy?.rollingUpdate } },
        template: defaultTemplate(obj.spec?.template),
      };
      obj.status = obj.status ?? {};
      return obj;
    case 'apps/replicasets':
      obj.spec = { replicas: 1, ...obj.spec, template: defaultTemplate(obj.spec?.template) };
      obj.status = obj.status ?? {};
      return obj;
    case 'autoscaling/horizontalpodautoscalers':
      return defaultHpa(obj);
    case 'apps/daemonsets':
      // kubectl rollout status ds refuses a DaemonSet whose strategy type is not spelled out.
      obj.spec = {
        revisionHistoryLimit: 10,
        ...obj.spec,
        updateStrategy:
          obj.spec?.updateStrategy?.type === 'OnDelete'
            ? obj.spec.updateStrategy
            : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0, ...obj.spec?.updateStrategy?.rollingUpdate } },
        template: defaultTemplate(obj.spec?.template),
      };
      obj.status = obj.status ?? {};
      return obj;
    case 'services': {
      // Ports default to TCP and to their own number as targetPort; the session affinity and,
      // for node-reachable types, the traffic policy are spelled out as kube-apiserver does.
      const type = obj.spec?.type ?? 'ClusterIP';
      obj.spec = { ...obj.spec, type, sessionAffinity: obj.spec?.sessionAffinity ?? 'None' };
      if (Array.isArray(obj.spec.ports)) {
        obj.spec.ports = obj.spec.ports.map((p: KObject['spec']) => ({ ...p, protocol: p?.protocol ?? 'TCP', targetPort: p?.targetPort ?? p?.port }));
      }
      if ((type === 'NodePort' || type === 'LoadBalancer') && !obj.spec.externalTrafficPolicy) obj.spec.externalTrafficPolicy = 'Cluster';
      obj.status = obj.status ?? { loadBalancer: {} };
      return obj;
    }
    case 'secrets':
      obj.type = obj.type || 'Opaque';
      return obj;
    case 'apps/statefulsets':
      obj.spec = {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        revisionHistoryLimit: 10,
        serviceName: '',
        ...obj.spec,
        updateStrategy:
          obj.spec?.updateStrategy?.type === 'OnDelete'
            ? obj.spec.updateStrategy
            : { type: 'RollingUpdate', rollingUpdate: { partition: 0, ...obj.spec?.updateStrategy?.rollingUpdate } },
        template: defaultTemplate(obj.spec?.template),
      };
      obj.status = obj.status ?? { replicas: 0 };
      return obj;
    case 'batch/jobs': {
      // Neither set: one pod to one completion; parallelism alone leaves completions unset.
      const spec = { ...obj.spec };
      if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
      obj.spec = { parallelism: 1, backoffLimit: 6, ...spec, template: defaultTemplate(spec.template) };
      obj.status = obj.status ?? {};
      return obj;
    }
    case 'batch/cronjobs': {
      const jobTemplate = obj.spec?.jobTemplate ?? {};
      obj.spec = {
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        ...obj.spec,
        jobTemplate: { ...jobTemplate, metadata: { creationTimestamp: null, ...jobTemplate.metadata }, spec: { ...jobTemplate.spec, template: defaultTemplate(jobTemplate.spec?.template) } },
      };
      obj.status = obj.status ?? {};
      return obj;
    }
    case 'scheduling.k8s.io/priorityclasses':
      obj.preemptionPolicy ??= 'PreemptLowerPriority';
      return obj;
    case 'rbac.authorization.k8s.io/roles':
    case 'rbac.authorization.k8s.io/clusterroles':
      // `rules` has no omitempty in rbac/v1: a role without rules says so with null.
      if (obj.rules === undefined) obj.rules = null;
      return obj;
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      // rbac/v1 defaulting: the roleRef's group, and users' and groups' subject group.
      // roleRef is a struct, not a pointer, in Go: a missing one is an empty one, defaulted too.
      obj.roleRef = obj.roleRef && typeof obj.roleRef === 'object' ? obj.roleRef : {};
      if (!obj.roleRef.apiGroup) obj.roleRef = { ...obj.roleRef, apiGroup: 'rbac.authorization.k8s.io' };
      if (Array.isArray(obj.subjects)) {
        obj.subjects = obj.subjects.map((s: KObject['spec']) =>
          s && typeof s === 'object' && !s.apiGroup && (s.kind === 'User' || s.kind === 'Group') ? { ...s, apiGroup: 'rbac.authorization.k8s.io' } : s,
        );
      }
      return obj;
    default:
      // Custom resources: pruned and defaulted from their CRD's schema.
      if (hasSchema(storage)) decodeCustomResource(storage, obj);
      return obj;
  }
}
