// Admission-time validation with the apiserver's wording (pkg/apis/*/validation and, for the
// custom resources, the CRDs' OpenAPI schemas). Everything here throws `invalid(...)` (422) with
// field causes, except malformed quantities, which the real server already refuses while
// decoding the body (400).

import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  fromLabelSelectorObject,
  labelValueErrors,
  LabelSelectorError,
  matchesLabelSelector,
  qualifiedNameErrors,
} from '@/lib/domain/label-selector';
import { type StatusCause, badRequest, invalid } from './errors';
import { CronError, parseCron, timeZoneError } from '@/lib/domain/cron';
import { priorityClassProblems } from '@/lib/domain/priority';
import type { KObject, ResourceKey } from './store';
import { updateRuleCauses } from './update-rules';
import { customResourceCauses } from './crds';
import { goLabelSelector, goStringMap } from './go-format';
import { validateHpa } from './validate-hpa';

// ---------------------------------------------------------------------------------------------
// field.Error, as causes.

type Cause = Required<Pick<StatusCause, 'field' | 'message' | 'reason'>>;

const goQuote = (s: string) => JSON.stringify(s);

/** How a bad value is shown: strings quoted, numbers and booleans bare. */
function shown(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

const required = (field: string, detail = ''): Cause => ({
  field,
  reason: 'FieldValueRequired',
  message: detail ? `Required value: ${detail}` : 'Required value',
});
/** `valueText` is the value as the apiserver prints it (see `shown`, `goStringMap`). */
const invalidValue = (field: string, valueText: string, detail: string): Cause => ({
  field,
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${valueText}: ${detail}`,
});
const notSupported = (field: string, value: unknown, supported: readonly string[]): Cause => ({
  field,
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${shown(value)}: supported values: ${supported.map(goQuote).join(', ')}`,
});
const duplicate = (field: string, value: unknown): Cause => ({ field, reason: 'FieldValueDuplicate', message: `Duplicate value: ${shown(value)}` });
const tooLong = (field: string, max: number): Cause => ({ field, reason: 'FieldValueTooLong', message: `Too long: must have at most ${max} bytes` });

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBlank = (v: unknown) => v === undefined || v === null || v === '';

// ---------------------------------------------------------------------------------------------
// Names.

/** The messages the apiserver gives for a bad object name (also used for names in URLs). */
export function validateName(name: string, kind: 'subdomain' | 'label' | 'path' | 'dns1035'): string[] {
  if (kind === 'path') return pathSegmentErrors(name);
  if (kind === 'dns1035') return dns1035LabelErrors(name);
  return kind === 'label' ? dns1123LabelErrors(name) : dns1123SubdomainErrors(name);
}

/** Service names are DNS-1035 labels: like DNS-1123 labels, but starting with a letter. */
function dns1035LabelErrors(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 63) errors.push('must be no more than 63 characters');
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    errors.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errors;
}

/** RBAC names only have to be usable as one URL path segment (`system:discovery` is fine). */
function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errors.push(`may not contain '${bad}'`);
  return errors;
}

interface KindInfo {
  kind: string;
  group: string;
  /** How names are checked: DNS label for namespaces, services; DNS subdomain for the rest. */
  nameRule: 'subdomain' | 'label' | 'path' | 'dns1035';
  namespaced: boolean;
}

const KINDS: Record<ResourceKey, KindInfo> = {
  pods: { kind: 'Pod', group: '', nameRule: 'subdomain', namespaced: true },
  nodes: { kind: 'Node', group: '', nameRule: 'subdomain', namespaced: false },
  namespaces: { kind: 'Namespace', group: '', nameRule: 'label', namespaced: false },
  services: { kind: 'Service', group: '', nameRule: 'dns1035', namespaced: true },
  configmaps: { kind: 'ConfigMap', group: '', nameRule: 'subdomain', namespaced: true },
  secrets: { kind: 'Secret', group: '', nameRule: 'subdomain', namespaced: true },
  serviceaccounts: { kind: 'ServiceAccount', group: '', nameRule: 'subdomain', namespaced: true },
  endpoints: { kind: 'Endpoints', group: '', nameRule: 'subdomain', namespaced: true },
  'apps/statefulsets': { kind: 'StatefulSet', group: 'apps', nameRule: 'subdomain', namespaced: true },
  'batch/jobs': { kind: 'Job', group: 'batch', nameRule: 'subdomain', namespaced: true },
  'batch/cronjobs': { kind: 'CronJob', group: 'batch', nameRule: 'subdomain', namespaced: true },
  'discovery.k8s.io/endpointslices': { kind: 'EndpointSlice', group: 'discovery.k8s.io', nameRule: 'subdomain', namespaced: true },
  events: { kind: 'Event', group: '', nameRule: 'subdomain', namespaced: true },
  'apps/deployments': { kind: 'Deployment', group: 'apps', nameRule: 'subdomain', namespaced: true },
  'apps/replicasets': { kind: 'ReplicaSet', group: 'apps', nameRule: 'subdomain', namespaced: true },
  'apps/daemonsets': { kind: 'DaemonSet', group: 'apps', nameRule: 'subdomain', namespaced: true },
  'autoscaling/horizontalpodautoscalers': { kind: 'HorizontalPodAutoscaler', group: 'autoscaling', nameRule: 'subdomain', namespaced: true },
  'rbac.authorization.k8s.io/roles': { kind: 'Role', group: 'rbac.authorization.k8s.io', nameRule: 'path', namespaced: true },
  'rbac.authorization.k8s.io/rolebindings': { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', nameRule: 'path', namespaced: true },
  'rbac.authorization.k8s.io/clusterroles': { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', nameRule: 'path', namespaced: false },
  'rbac.authorization.k8s.io/clusterrolebindings': { kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', nameRule: 'path', namespaced: false },
  'karpenter.sh/nodepools': { kind: 'NodePool', group: 'karpenter.sh', nameRule: 'subdomain', namespaced: false },
  'karpenter.sh/nodeclaims': { kind: 'NodeClaim', group: 'karpenter.sh', nameRule: 'subdomain', namespaced: false },
  'eks.amazonaws.com/nodeclasses': { kind: 'NodeClass', group: 'eks.amazonaws.com', nameRule: 'subdomain', namespaced: false },
};

function kindInfo(resource: ResourceKey, obj: KObject): KindInfo {
  const known = KINDS[resource];
  if (known) return known;
  const slash = resource.indexOf('/');
  return { kind: obj.kind, group: slash >= 0 ? resource.slice(0, slash) : '', nameRule: 'subdomain', namespaced: true };
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta (apimachinery ValidateObjectMeta).

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

function validateMetadata(obj: KObject, info: KindInfo, causes: Cause[]): void {
  const meta = obj.metadata ?? ({} as KObject['metadata']);
  const name = meta.name ?? '';
  if (!name) {
    // generateName alone is fine: the server appends the random suffix before it validates.
    if (!meta.generateName) causes.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const message of validateName(name, info.nameRule)) causes.push(invalidValue('metadata.name', goQuote(name), message));
  }
  if (info.namespaced && meta.namespace) {
    for (const message of dns1123LabelErrors(meta.namespace)) {
      causes.push(invalidValue('metadata.namespace', goQuote(meta.namespace), message));
    }
  }
  validateLabels(meta.labels, 'metadata.labels', causes);
  validateAnnotations(meta.annotations, 'metadata.annotations', causes);
}

function validateLabels(labels: unknown, field: string, causes: Cause[]): void {
  if (!isMap(labels)) return;
  for (const key of Object.keys(labels).sort()) {
    for (const message of qualifiedNameErrors(key)) causes.push(invalidValue(field, goQuote(key), message));
    const value = String(labels[key] ?? '');
    for (const message of labelValueErrors(value)) causes.push(invalidValue(field, goQuote(value), message));
  }
}

function validateAnnotations(annotations: unknown, field: string, causes: Cause[]): void {
  if (!isMap(annotations)) return;
  let size = 0;
  for (const key of Object.keys(annotations).sort()) {
    // The apiserver lower-cases annotation keys before checking them.
    for (const message of qualifiedNameErrors(key.toLowerCase())) causes.push(invalidValue(field, goQuote(key), message));
    size += new TextEncoder().encode(key).length + new TextEncoder().encode(String(annotations[key] ?? '')).length;
  }
  if (size > ANNOTATIONS_MAX_BYTES) causes.push(tooLong(field, ANNOTATIONS_MAX_BYTES));
}

// ---------------------------------------------------------------------------------------------
// Quantities. UNSURE whether lib/domain/quantity.ts will appear; quantities.ts there is lenient by
// design (never throws), so admission keeps its own strict parser.

const QUANTITY_FORMAT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const QUANTITY_SHAPE = new RegExp(QUANTITY_FORMAT);
const QUANTITY_STRICT = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const SUFFIX_SCALE: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a quantity, or the decode error the apiserver would give. */
export function parseQuantity(value: unknown): { value: number } | { error: string } {
  if (typeof value === 'number' && Number.isFinite(value)) return { value };
  if (typeof value !== 'string' || value.length === 0) return { error: 'quantities must match the regular expression ' + `'${QUANTITY_FORMAT}'` };
  if (!QUANTITY_SHAPE.test(value)) return { error: `quantities must match the regular expression '${QUANTITY_FORMAT}'` };
  const m = QUANTITY_STRICT.exec(value);
  if (!m) return { error: "unable to parse quantity's suffix" };
  const suffix = m[2] ?? '';
  const scale = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_SCALE[suffix];
  return { value: Number(m[1]) * scale };
}

/** Malformed quantities never reach validation on the real server: decoding the body fails. */
function decodeError(obj: KObject, detail: string) {
  const version = String(obj.apiVersion ?? '').split('/').pop();
  return badRequest(`${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${detail}`);
}

// ---------------------------------------------------------------------------------------------
// Pods and pod templates (core ValidatePodSpec, the parts the sandbox's objects exercise).

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;

function validateResources(obj: KObject, resources: unknown, field: string, causes: Cause[]): void {
  if (!isMap(resources)) return;
  const parsed: Record<'limits' | 'requests', Record<string, number>> = { limits: {}, requests: {} };
  for (const section of ['limits', 'requests'] as const) {
    const list = resources[section];
    if (!isMap(list)) continue;
    for (const name of Object.keys(list).sort()) {
      const result = parseQuantity(list[name]);
      if ('error' in result) throw decodeError(obj, result.error);
      parsed[section][name] = result.value;
      if (result.value < 0) {
        causes.push(invalidValue(`${field}.${section}[${name}]`, shown(String(list[name])), 'must be greater than or equal to 0'));
      }
    }
  }
  for (const name of Object.keys(parsed.requests).sort()) {
    const limit = parsed.limits[name];
    if (limit !== undefined && parsed.requests[name] > limit) {
      const requests = resources.requests as Record<string, unknown>;
      const limits = resources.limits as Record<string, unknown>;
      causes.push(
        invalidValue(`${field}.requests`, shown(String(requests[name])), `must be less than or equal to ${name} limit of ${String(limits[name])}`),
      );
    }
  }
}

function validateContainers(obj: KObject, list: unknown, field: string, requireImage: boolean, seen: Set<string>, causes: Cause[]) {
  if (!Array.isArray(list)) return;
  list.forEach((container: unknown, i) => {
    const at = `${field}[${i}]`;
    const c = isMap(container) ? container : {};
    const name = typeof c.name === 'string' ? c.name : '';
    if (!name) causes.push(required(`${at}.name`));
    else {
      for (const message of dns1123LabelErrors(name)) causes.push(invalidValue(`${at}.name`, goQuote(name), message));
      if (seen.has(name)) causes.push(duplicate(`${at}.name`, name));
      seen.add(name);
    }
    // UNSURE: templates (Deployments, ReplicaSets) may omit the image on the real server only in
    // some versions; we require it on Pods alone.
    if (requireImage && isBlank(c.image)) causes.push(required(`${at}.image`));
    validateResources(obj, c.resources, `${at}.resources`, causes);
  });
}

function validatePodSpec(obj: KObject, spec: unknown, field: string, opts: { template: boolean }, causes: Cause[]): void {
  const s = isMap(spec) ? spec : {};
  const names = new Set<string>();
  if (!Array.isArray(s.containers) || s.containers.length === 0) causes.push(required(`${field}.containers`));
  else validateContainers(obj, s.containers, `${field}.containers`, !opts.template, names, causes);
  validateContainers(obj, s.initContainers, `${field}.initContainers`, !opts.template, names, causes);
  if (s.restartPolicy !== undefined && !RESTART_POLICIES.includes(s.restartPolicy as never)) {
    causes.push(notSupported(`${field}.restartPolicy`, s.restartPolicy, RESTART_POLICIES));
  }
  if (isMap(s.nodeSelector)) validateLabels(s.nodeSelector, `${field}.nodeSelector`, causes);
}

// ---------------------------------------------------------------------------------------------
// Deployments and ReplicaSets (apps ValidateDeploymentSpec / ValidateReplicaSetSpec).

function validateReplicatedSpec(obj: KObject, causes: Cause[], old?: KObject): void {
  const spec = isMap(obj.spec) ? obj.spec : {};
  if (spec.replicas !== undefined && (typeof spec.replicas !== 'number' || spec.replicas < 0)) {
    causes.push(invalidValue('spec.replicas', shown(spec.replicas), 'must be greater than or equal to 0'));
  }
  const selector = spec.selector;
  const template = isMap(spec.template) ? spec.template : {};
  const templateMeta = isMap(template.metadata) ? template.metadata : {};
  if (!isMap(selector)) causes.push(required('spec.selector'));
  else {
    const hasRules =
      (isMap(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0) ||
      (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
    if (!hasRules) causes.push(invalidValue('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${obj.kind.toLowerCase()}`));
    else {
      try {
        const parsed = fromLabelSelectorObject(selector as never);
        if (!matchesLabelSelector(parsed, templateMeta.labels as Record<string, string> | undefined)) {
          causes.push(invalidValue('spec.template.metadata.labels', goStringMap(templateMeta.labels), '`selector` does not match template `labels`'));
        }
      } catch (e) {
        if (!(e instanceof LabelSelectorError)) throw e;
        causes.push(invalidValue('spec.selector', goLabelSelector(selector), 'invalid label selector'));
      }
    }
  }
  validateLabels(templateMeta.labels, 'spec.template.metadata.labels', causes);
  validatePodSpec(obj, template.spec, 'spec.template.spec', { template: true }, causes);
  const templateSpec = isMap(template.spec) ? template.spec : {};
  if (templateSpec.restartPolicy !== undefined && templateSpec.restartPolicy !== 'Always') {
    causes.push(notSupported('spec.template.spec.restartPolicy', templateSpec.restartPolicy, ['Always']));
  }
  if (old && JSON.stringify(old.spec?.selector ?? null) !== JSON.stringify(selector ?? null)) {
    causes.push(invalidValue('spec.selector', goLabelSelector(selector), 'field is immutable'));
  }
}

// ---------------------------------------------------------------------------------------------
// Custom resources (Karpenter's NodePool and NodeClaim, Auto Mode's NodeClass): their CRDs'
// OpenAPI schemas and CEL rules (lib/sandbox/crds). Nothing beyond the CRD is checked: a real
// Auto Mode cluster accepts a NodePool whose nodeClassRef names a NodeClass that does not exist
// yet (the NodePool's status says so), and so does the sandbox.

function validateCustomResource(storage: ResourceKey) {
  return (obj: KObject, causes: Cause[], old?: KObject) => {
    causes.push(...customResourceCauses(storage, obj, old));
  };
}

// ---------------------------------------------------------------------------------------------
// RBAC (rbac ValidateRole / ValidateClusterRole / ValidateRoleBinding and their updates).

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const goStrings = (list: unknown[]) => `[]string{${list.map((v) => goQuote(String(v))).join(', ')}}`;
const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

function validateRules(obj: KObject, namespaced: boolean, causes: Cause[]): void {
  if (!Array.isArray(obj.rules)) return;
  obj.rules.forEach((r: unknown, i: number) => {
    const at = `rules[${i}]`;
    const rule = isMap(r) ? r : {};
    if (!nonEmpty(rule.verbs)) causes.push(required(`${at}.verbs`, 'verbs must contain at least one value'));
    if (nonEmpty(rule.nonResourceURLs)) {
      const urls = goStrings(rule.nonResourceURLs as unknown[]);
      if (namespaced) causes.push(invalidValue(`${at}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (nonEmpty(rule.apiGroups) || nonEmpty(rule.resources) || nonEmpty(rule.resourceNames)) {
        causes.push(invalidValue(`${at}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (!nonEmpty(rule.apiGroups)) causes.push(required(`${at}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!nonEmpty(rule.resources)) causes.push(required(`${at}.resources`, 'resource rules must supply at least one resource'));
  });
}

/** Go's `%#v` of an rbac.RoleRef, as immutability errors print it. */
const goRoleRef = (ref: Record<string, unknown>) =>
  `rbac.RoleRef{APIGroup:${goQuote(String(ref.apiGroup ?? ''))}, Kind:${goQuote(String(ref.kind ?? ''))}, Name:${goQuote(String(ref.name ?? ''))}}`;

function validateBinding(obj: KObject, causes: Cause[], old: KObject | undefined, namespaced: boolean): void {
  const ref = isMap(obj.roleRef) ? obj.roleRef : {};
  if (ref.apiGroup !== RBAC_GROUP) causes.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(ref.kind ?? ''))) causes.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (isBlank(ref.name)) causes.push(required('roleRef.name'));
  else for (const message of pathSegmentErrors(String(ref.name))) causes.push(invalidValue('roleRef.name', goQuote(String(ref.name)), message));
  if (Array.isArray(obj.subjects)) {
    obj.subjects.forEach((s: unknown, i: number) => {
      const at = `subjects[${i}]`;
      const subject = isMap(s) ? s : {};
      if (isBlank(subject.name)) causes.push(required(`${at}.name`));
      switch (subject.kind) {
        case 'ServiceAccount':
          if (!isBlank(subject.name)) {
            for (const message of dns1123SubdomainErrors(String(subject.name))) causes.push(invalidValue(`${at}.name`, goQuote(String(subject.name)), message));
          }
          if (!isBlank(subject.apiGroup)) causes.push(notSupported(`${at}.apiGroup`, subject.apiGroup, ['']));
          if (!namespaced && isBlank(subject.namespace)) causes.push(required(`${at}.namespace`));
          break;
        case 'User':
        case 'Group':
          if (subject.apiGroup !== RBAC_GROUP) causes.push(notSupported(`${at}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
          break;
        default:
          causes.push(notSupported(`${at}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
      }
    });
  }
  if (old) {
    const before = isMap(old.roleRef) ? old.roleRef : {};
    if (['apiGroup', 'kind', 'name'].some((k) => (before[k] ?? '') !== (ref[k] ?? ''))) {
      causes.push(invalidValue('roleRef', goRoleRef(ref), 'cannot change roleRef'));
    }
  }
}

function validateAggregationRule(obj: KObject, causes: Cause[]): void {
  if (obj.aggregationRule === undefined || obj.aggregationRule === null) return;
  const selectors = isMap(obj.aggregationRule) ? obj.aggregationRule.clusterRoleSelectors : undefined;
  if (!nonEmpty(selectors)) {
    causes.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  }
}

// ---------------------------------------------------------------------------------------------
// Services, ConfigMaps, Secrets, StatefulSets, Jobs, CronJobs (core/apps/batch validation).

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function validateConfigKeys(map: unknown, field: string, causes: Cause[]): void {
  if (!isMap(map)) return;
  for (const key of Object.keys(map).sort()) {
    if (key.length > 253) causes.push(tooLong(`${field}[${key}]`, 253));
    if (!CONFIG_KEY.test(key) || key === '.' || key === '..') causes.push(invalidValue(`${field}[${key}]`, goQuote(key), CONFIG_KEY_MESSAGE));
  }
}

/** Where Go's base64 decoder gives up on a value, or undefined when it decodes. */
function base64Error(value: string): number | undefined {
  const text = value.replace(/[\r\n]/g, '');
  if (BASE64.test(text) && text.length % 4 === 0) return undefined;
  const bad = [...text].findIndex((ch) => !/[A-Za-z0-9+/=]/.test(ch));
  return bad >= 0 ? bad : text.length - (text.length % 4);
}

/** Go's reflect.DeepEqual of two map fields: absent and empty differ, key order does not matter. */
function sameMap(a: unknown, b: unknown): boolean {
  if (!isMap(a) || !isMap(b)) return (a ?? null) === (b ?? null);
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && a[k] === b[k]);
}

/** An object stored with `immutable: true` keeps that flag and the given data fields for good. */
function immutableCauses(obj: KObject, old: KObject | undefined, fields: readonly string[], causes: Cause[]): void {
  if (old?.immutable !== true) return;
  const forbidden = (field: string): Cause => ({ field, reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set' });
  if (obj.immutable !== true) causes.push(forbidden('immutable'));
  for (const field of fields) if (!sameMap(obj[field], old[field])) causes.push(forbidden(field));
}

function validateConfigMap(obj: KObject, causes: Cause[], old?: KObject): void {
  immutableCauses(obj, old, ['data', 'binaryData'], causes);
  for (const [field, values] of [['data', obj.data], ['binaryData', obj.binaryData]] as const) {
    if (!isMap(values)) continue;
    for (const v of Object.values(values)) if (typeof v !== 'string') throw decodeError(obj, `v1.ConfigMap.${field === 'data' ? 'Data' : 'BinaryData'}: ReadString: expects " or n, but found ${JSON.stringify(v)?.[0] ?? '?'}`);
  }
  validateConfigKeys(obj.data, 'data', causes);
  validateConfigKeys(obj.binaryData, 'binaryData', causes);
  for (const key of Object.keys(isMap(obj.data) ? obj.data : {})) {
    if (isMap(obj.binaryData) && key in obj.binaryData) causes.push(invalidValue('data', goQuote(key), 'duplicate of key present in binaryData'));
  }
}

function validateSecret(obj: KObject, causes: Cause[], old?: KObject): void {
  if (isMap(obj.data)) {
    for (const v of Object.values(obj.data)) {
      const at = typeof v === 'string' ? base64Error(v) : 0;
      if (at !== undefined) throw decodeError(obj, `v1.Secret.Data: decode base64: illegal base64 data at input byte ${at}`);
    }
  }
  validateConfigKeys(obj.data, 'data', causes);
  if (old && (old.type ?? 'Opaque') !== (obj.type ?? 'Opaque')) causes.push(invalidValue('type', goQuote(String(obj.type)), 'field is immutable'));
  // stringData is already folded into data here, as in the apiserver.
  immutableCauses(obj, old, ['data'], causes);
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

/** A claim needs an access mode and a storage request; once bound, only its request may change. */
function validateClaim(obj: KObject, causes: Cause[], old?: KObject): void {
  const spec = isMap(obj.spec) ? obj.spec : {};
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) causes.push(required('spec.accessModes', 'at least 1 access mode is required'));
  for (const m of modes) if (!ACCESS_MODES.includes(m as never)) causes.push(notSupported('spec.accessModes', m, ACCESS_MODES));
  const requests = isMap(spec.resources) && isMap(spec.resources.requests) ? spec.resources.requests : {};
  if (isBlank(requests.storage)) causes.push(required('spec.resources[storage]'));
  if (old && old.status?.phase === 'Bound') {
    const frozen = (s: Record<string, unknown>) => JSON.stringify({ ...s, resources: undefined, volumeAttributesClassName: undefined });
    if (frozen(spec) !== frozen(isMap(old.spec) ? old.spec : {})) {
      causes.push({ field: 'spec', reason: 'FieldValueForbidden', message: 'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' });
    }
  }
}

function validateService(obj: KObject, causes: Cause[]): void {
  const spec = isMap(obj.spec) ? obj.spec : {};
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type as never)) causes.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ExternalName') {
    if (isBlank(spec.externalName)) causes.push(required('spec.externalName'));
    return;
  }
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && spec.clusterIP !== 'None') causes.push(required('spec.ports'));
  const seen = new Set<string>();
  ports.forEach((p: unknown, i: number) => {
    const port = isMap(p) ? p : {};
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && isBlank(port.name)) causes.push(required(`${at}.name`));
    else if (!isBlank(port.name)) {
      for (const message of dns1123LabelErrors(String(port.name))) causes.push(invalidValue(`${at}.name`, goQuote(String(port.name)), message));
      if (seen.has(String(port.name))) causes.push(duplicate(`${at}.name`, port.name));
      seen.add(String(port.name));
    }
    const inRange = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
    if (!inRange(port.port)) causes.push(invalidValue(`${at}.port`, shown(port.port), 'must be between 1 and 65535, inclusive'));
    if (!PROTOCOLS.includes(port.protocol as never)) causes.push(notSupported(`${at}.protocol`, port.protocol, PROTOCOLS));
    if (typeof port.targetPort === 'number' && !inRange(port.targetPort)) causes.push(invalidValue(`${at}.targetPort`, shown(port.targetPort), 'must be between 1 and 65535, inclusive'));
  });
}

function validateJobTemplate(obj: KObject, spec: Record<string, unknown>, field: string, causes: Cause[]): void {
  const template = isMap(spec.template) ? spec.template : {};
  validatePodSpec(obj, template.spec, `${field}.template.spec`, { template: true }, causes);
  const restart = isMap(template.spec) ? template.spec.restartPolicy : undefined;
  if (restart !== 'OnFailure' && restart !== 'Never') {
    if (isBlank(restart) || restart === 'Always') causes.push(required(`${field}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  }
  for (const k of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds'] as const) {
    if (typeof spec[k] === 'number' && (spec[k] as number) < (k === 'activeDeadlineSeconds' ? 1 : 0)) {
      causes.push(invalidValue(`${field}.${k}`, shown(spec[k]), k === 'activeDeadlineSeconds' ? 'must be greater than 0' : 'must be greater than or equal to 0'));
    }
  }
}

function validateJob(obj: KObject, causes: Cause[], old?: KObject): void {
  const spec = isMap(obj.spec) ? obj.spec : {};
  validateJobTemplate(obj, spec, 'spec', causes);
  if (old) {
    if (JSON.stringify(old.spec?.selector ?? null) !== JSON.stringify(spec.selector ?? null)) causes.push(invalidValue('spec.selector', goLabelSelector(spec.selector), 'field is immutable'));
    if (JSON.stringify(old.spec?.template ?? null) !== JSON.stringify(spec.template ?? null)) causes.push(invalidValue('spec.template', 'core.PodTemplateSpec{...}', 'field is immutable'));
    if ((old.spec?.completions ?? null) !== (spec.completions ?? null)) causes.push(invalidValue('spec.completions', shown(spec.completions), 'field is immutable'));
  }
}

function validateCronJob(obj: KObject, causes: Cause[]): void {
  const spec = isMap(obj.spec) ? obj.spec : {};
  if (isBlank(spec.schedule)) causes.push(required('spec.schedule'));
  else {
    try {
      parseCron(String(spec.schedule));
    } catch (err) {
      if (!(err instanceof CronError)) throw err;
      causes.push(invalidValue('spec.schedule', goQuote(String(spec.schedule)), err.message));
    }
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null) {
    const problem = timeZoneError(String(spec.timeZone));
    if (problem) causes.push(invalidValue('spec.timeZone', goQuote(String(spec.timeZone)), problem));
  }
  const policies = ['Allow', 'Forbid', 'Replace'] as const;
  if (!policies.includes(spec.concurrencyPolicy as never)) causes.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, policies));
  const jobTemplate = isMap(spec.jobTemplate) ? spec.jobTemplate : {};
  validateJobTemplate(obj, isMap(jobTemplate.spec) ? jobTemplate.spec : {}, 'spec.jobTemplate.spec', causes);
  // The Job's name is the CronJob's plus an 11-digit time: the CronJob name has 52 characters at most.
  if (typeof obj.metadata?.name === 'string' && obj.metadata.name.length > 52) {
    causes.push(invalidValue('metadata.name', goQuote(obj.metadata.name), 'must be no more than 52 characters'));
  }
}

function validatePriorityClass(obj: KObject, causes: Cause[], old?: KObject): void {
  const pc = { name: String(obj.metadata?.name ?? ''), value: Number(obj.value ?? 0), globalDefault: obj.globalDefault === true };
  for (const p of priorityClassProblems(pc)) causes.push({ field: p.field, reason: 'FieldValueForbidden', message: `Forbidden: ${p.detail}` });
  const policies = ['Never', 'PreemptLowerPriority'] as const;
  if (!policies.includes(obj.preemptionPolicy)) causes.push(notSupported('preemptionPolicy', obj.preemptionPolicy, policies));
  if (!old) return;
  if (Number(old.value ?? 0) !== pc.value) causes.push({ field: 'value', reason: 'FieldValueForbidden', message: 'Forbidden: may not be changed in an update.' });
  if (old.preemptionPolicy !== obj.preemptionPolicy) causes.push(invalidValue('preemptionPolicy', shown(obj.preemptionPolicy), 'field is immutable'));
}

// ---------------------------------------------------------------------------------------------

const KIND_RULES: Record<ResourceKey, (obj: KObject, causes: Cause[], old?: KObject) => void> = {
  pods: (obj, causes) => validatePodSpec(obj, obj.spec, 'spec', { template: false }, causes),
  'apps/deployments': validateReplicatedSpec,
  'apps/replicasets': validateReplicatedSpec,
  'apps/statefulsets': validateReplicatedSpec,
  services: validateService,
  persistentvolumeclaims: validateClaim,
  'autoscaling/horizontalpodautoscalers': validateHpa,
  configmaps: validateConfigMap,
  secrets: validateSecret,
  'batch/jobs': validateJob,
  'batch/cronjobs': validateCronJob,
  'karpenter.sh/nodepools': validateCustomResource('karpenter.sh/nodepools'),
  'karpenter.sh/nodeclaims': validateCustomResource('karpenter.sh/nodeclaims'),
  'eks.amazonaws.com/nodeclasses': validateCustomResource('eks.amazonaws.com/nodeclasses'),
  'scheduling.k8s.io/priorityclasses': validatePriorityClass,
  'rbac.authorization.k8s.io/roles': (obj, causes) => validateRules(obj, true, causes),
  'rbac.authorization.k8s.io/clusterroles': (obj, causes) => {
    validateRules(obj, false, causes);
    validateAggregationRule(obj, causes);
  },
  'rbac.authorization.k8s.io/rolebindings': (obj, causes, old) => validateBinding(obj, causes, old, true),
  'rbac.authorization.k8s.io/clusterrolebindings': (obj, causes, old) => validateBinding(obj, causes, old, false),
};

/**
 * Validates an object about to be created (`old` absent) or updated. Throws the apiserver's 422
 * (`Kind.group "name" is invalid: …`) listing every problem, or a 400 for undecodable quantities.
 */
export function validateObject(resource: ResourceKey, obj: KObject, old?: KObject): void {
  const info = kindInfo(resource, obj);
  const causes: Cause[] = [];
  validateMetadata(obj, info, causes);
  KIND_RULES[resource]?.(obj, causes, old);
  causes.push(...updateRuleCauses(resource, obj, old));
  if (old && old.metadata?.name && obj.metadata?.name !== old.metadata.name) {
    causes.push(invalidValue('metadata.name', goQuote(String(obj.metadata?.name ?? '')), 'field is immutable'));
  }
  if (causes.length === 0) return;
  const name = obj.metadata?.name || obj.metadata?.generateName || '';
  throw invalid(info.kind, info.group, name, causes);
}
