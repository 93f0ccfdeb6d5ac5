// Subresources with behaviour of their own: pods/eviction (PodDisruptionBudget-aware), the scale
// subresource, and SelfSubjectAccessReview (including kubectl's protobuf body), answered by RBAC.
import { ApiError, badRequest, conflict, notFound } from '../errors';
import type { KObject, Store } from '../store';
import { fromLabelSelectorObject, matchesLabelSelector, formatLabelSelector } from '@/lib/domain/label-selector';
import { disruptionsAllowed } from '@/lib/domain/pdb';
import type { ResourceRequest } from './request';
import { remove } from './verbs';
import { apiVersionOf } from './registry';
import { recordUpdate } from './server-side-apply/managed-fields';
import { hasTrueCondition } from '../conditions';
import { decodeProtobufObject } from './protobuf';
import { aggregate, listerNotFound, rulesFor, type Attributes, type Decision, type Policy, type UserInfo } from '../rbac/authorizer';

const isReady = (p: KObject) => !p.metadata.deletionTimestamp && hasTrueCondition(p, 'Ready');

/** POST pods/{name}/eviction: refuse with 429 when a PodDisruptionBudget would be violated. */
export function evict(store: Store, r: ResourceRequest, body: unknown, dryRun: boolean) {
  const ns = r.namespace!;
  const pod = store.get('pods', ns, r.name!);
  if (!pod) throw notFound('pods', '', r.name!);
  const eviction = (body ?? {}) as { metadata?: { name?: string }; deleteOptions?: { gracePeriodSeconds?: number } };
  if (eviction.metadata?.name && eviction.metadata.name !== r.name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  // A pod that is already going, or finished, may always be evicted.
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || pod.metadata.deletionTimestamp;
  if (!terminal) {
    const pods = store.list('pods', ns);
    for (const pdb of store.list('policy/poddisruptionbudgets', ns)) {
      let selector;
      try {
        selector = fromLabelSelectorObject(pdb.spec?.selector ?? null);
      } catch {
        continue;
      }
      if (!matchesLabelSelector(selector, pod.metadata.labels)) continue;
      const covered = pods.filter((p) => matchesLabelSelector(selector, p.metadata.labels));
      const healthy = covered.filter(isReady).length;
      const allowed = disruptionsAllowed(pdb.spec, covered.length, healthy);
      // An unready pod's eviction does not reduce the healthy count.
      if (allowed <= 0 && isReady(pod)) {
        const needed = healthy - allowed;
        throw new ApiError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${needed} healthy pods and has ${healthy} currently` }],
        });
      }
    }
  }
  remove(store, r, { gracePeriodSeconds: eviction.deleteOptions?.gracePeriodSeconds }, { dryRun });
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

export function scaleOf(o: KObject) {
  let selector = '';
  try {
    selector = formatLabelSelector(fromLabelSelectorObject(o.spec?.selector ?? {}));
  } catch {
    // leave empty
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    // Zero is omitted, as the Go type's omitempty does.
    spec: o.spec?.replicas ? { replicas: o.spec.replicas } : {},
    status: { replicas: o.status?.replicas ?? 0, selector },
  };
}

/**
 * Writes spec.replicas from a Scale (PUT or merged PATCH result). The manager is recorded as
 * owning spec.replicas through the scale subresource, at the parent's apiVersion.
 */
export function writeScale(store: Store, r: ResourceRequest, scale: { metadata?: { resourceVersion?: string }; spec?: { replicas?: unknown } }, dryRun: boolean, manager?: string) {
  const current = store.get(r.def.storage, r.namespace, r.name!);
  if (!current) throw notFound(r.def.resource, r.def.group, r.name!);
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(r.def.resource, r.def.group, r.name!);
  const replicas = scale.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new ApiError(422, 'Invalid', `Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  }
  if (replicas === current.spec?.replicas) return scaleOf(current);
  const next: KObject = { ...current, spec: { ...current.spec, replicas }, metadata: { ...current.metadata, generation: (current.metadata.generation ?? 0) + 1 } };
  if (manager) {
    const writer = { manager, apiVersion: apiVersionOf(r.def), subresource: 'scale', now: store.timestamp() };
    const replicasOf = (o: KObject) => (o.spec?.replicas === undefined ? {} : { spec: { replicas: o.spec.replicas } });
    next.metadata.managedFields = recordUpdate(current.metadata.managedFields, replicasOf(current), replicasOf(next), writer, { builtIn: r.def.builtIn });
  }
  return scaleOf(store.update(r.def.storage, next, { dryRun }));
}

/** SelfSubjectAccessReview: the same decision the request itself would get, for the caller. */
export function accessReview(body: Buffer, contentType: string, user: UserInfo, authorize: (user: UserInfo, attrs: Attributes) => Decision) {
  const spec = contentType === 'application/vnd.kubernetes.protobuf' ? protoSpec(body, 'SelfSubjectAccessReview') : parseJsonSpec(body);
  const res = spec.resourceAttributes as Record<string, string> | undefined;
  const non = spec.nonResourceAttributes as Record<string, string> | undefined;
  if (!res && !non) {
    // The apiserver's own wording, kind left blank as it does.
    const message = 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified';
    throw new ApiError(422, 'Invalid', `.authorization.k8s.io "" is invalid: spec.resourceAttributes: ${message}`, {
      group: 'authorization.k8s.io',
      causes: [{ reason: 'FieldValueInvalid', message, field: 'spec.resourceAttributes' }],
    });
  }
  const attrs: Attributes = res
    ? {
        resourceRequest: true,
        verb: res.verb ?? '',
        group: res.group ?? '',
        version: res.version ?? '',
        resource: res.resource ?? '',
        subresource: res.subresource ?? '',
        name: res.name ?? '',
        namespace: res.namespace ?? '',
      }
    : { resourceRequest: false, verb: non!.verb ?? '', path: non!.path ?? '' };
  const decision = authorize(user, attrs);
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

/**
 * SelfSubjectRulesReview: every rule that reaches the caller in a namespace, as RBAC resolves them
 * (`kubectl auth can-i --list`). The apiserver echoes an empty spec.
 */
export function rulesReview(body: Buffer, contentType: string, user: UserInfo, policy: Policy) {
  const spec = contentType === 'application/vnd.kubernetes.protobuf' ? protoSpec(body, 'SelfSubjectRulesReview') : parseJsonSpec(body);
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
  if (!namespace) throw badRequest('no namespace on request');
  const { rules, missing } = rulesFor(policy, user, namespace);
  const resourceRules = rules
    .filter((r) => r.resources?.length)
    .map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) }));
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: {},
    status: {
      resourceRules,
      nonResourceRules,
      incomplete: false,
      ...(missing.length ? { evaluationError: aggregate(missing.map(listerNotFound)) } : {}),
    },
  };
}

/** The spec of a protobuf SelfSubjectAccessReview / SelfSubjectRulesReview, as `kubectl auth can-i` sends them. */
function protoSpec(body: Buffer, kind: string): Record<string, unknown> {
  return (decodeProtobufObject(body, kind)?.spec ?? {}) as Record<string, unknown>;
}

function parseJsonSpec(body: Buffer) {
  try {
    const o = JSON.parse(body.toString('utf8'));
    return o?.spec ?? {};
  } catch {
    throw badRequest('the object provided is unrecognized (must be of type SelfSubjectAccessReview)');
  }
}
