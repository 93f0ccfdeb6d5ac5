// What an update may not change, with kube-apiserver 1.32's wording (pkg/apis/*/validation
// ValidateXUpdate), plus the node taint rules that hold on create and update alike. Each rule
// returns field causes; validate.ts turns them into the 422 `Kind "name" is invalid: …`.
import { qualifiedNameErrors } from '@/lib/domain/label-selector';
import type { StatusCause } from './errors';
import { equal, type KObject, type ResourceKey } from './store';
import { schemeDefaultedPodSpec } from './kube-api/defaults';
import { goLabelSelector } from './go-format';

type Cause = Required<Pick<StatusCause, 'field' | 'message' | 'reason'>>;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The apiserver compares with apimachinery's semantic DeepEqual, for which a nil and an empty
 * slice or map are equal: both sides lose empty lists, empty maps and nulls before comparing.
 */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(canonical) : undefined;
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical(v[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

const forbidden = (field: string, detail: string): Cause => ({ field, reason: 'FieldValueForbidden', message: `Forbidden: ${detail}` });

// ---------------------------------------------------------------------------------------------
// Pods: only images, activeDeadlineSeconds, added tolerations and a negative grace period set
// to 1 may change.

const POD_UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
/** (kube-apiserver follows this text with a cmp.Diff of the two specs, which the sandbox leaves out.) */
export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${POD_UPDATABLE.join(',')}`;

type Toleration = { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };

/** Admission that also runs on update: DefaultTolerationSeconds re-adds its tolerations, Priority keeps the old priority. */
const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
function updateAdmitted(spec: Record<string, unknown>, before: Record<string, unknown>): Record<string, unknown> {
  const tolerations = [...((Array.isArray(spec.tolerations) ? spec.tolerations : []) as Toleration[])];
  for (const key of DEFAULT_TOLERATIONS) {
    if (!tolerations.some((t) => t.key === key && (t.effect === 'NoExecute' || !t.effect))) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  return {
    ...spec,
    tolerations,
    priority: spec.priority ?? before.priority,
    preemptionPolicy: spec.preemptionPolicy ?? before.preemptionPolicy,
    enableServiceLinks: spec.enableServiceLinks ?? true,
  };
}

function podUpdateCauses(obj: KObject, old: KObject): Cause[] {
  // A spec left as it was breaks no rule (most pod writes are to labels, annotations or status);
  // the check below defaults and serializes both specs, a third of such a write's cost.
  if (equal(obj.spec, old.spec)) return [];
  const before = isMap(old.spec) ? old.spec : {};
  const spec = updateAdmitted(isMap(obj.spec) ? obj.spec : {}, before);
  const causes: Cause[] = [];
  for (const list of ['containers', 'initContainers'] as const) {
    const now = Array.isArray(spec[list]) ? (spec[list] as KObject[]) : [];
    const was = Array.isArray(before[list]) ? (before[list] as KObject[]) : [];
    if (now.length !== was.length) return [forbidden(`spec.${list}`, 'pod updates may not add or remove containers')];
  }
  // An existing toleration may only change its tolerationSeconds.
  const nowTolerations = (Array.isArray(spec.tolerations) ? spec.tolerations : []) as Toleration[];
  for (const t of (Array.isArray(before.tolerations) ? before.tolerations : []) as Toleration[]) {
    const kept = nowTolerations.some((n) => (n.key ?? '') === (t.key ?? '') && (n.operator ?? 'Equal') === (t.operator ?? 'Equal') && (n.value ?? '') === (t.value ?? '') && (n.effect ?? '') === (t.effect ?? ''));
    if (!kept) {
      causes.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  // The spec with every updatable field taken from the old one must equal the old one.
  const munged: Record<string, unknown> = { ...schemeDefaultedPodSpec(spec) };
  for (const list of ['containers', 'initContainers'] as const) {
    if (Array.isArray(munged[list])) munged[list] = (munged[list] as KObject[]).map((c, i) => ({ ...c, image: (before[list] as KObject[])[i]?.image }));
  }
  // The stored spec went through the same defaults; applying them again changes nothing there.
  const base = schemeDefaultedPodSpec(updateAdmitted(before, before));
  munged.activeDeadlineSeconds = base.activeDeadlineSeconds;
  munged.tolerations = base.tolerations;
  const grace = before.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace < 0 && spec.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = grace;
  if (!same(munged, base)) causes.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  return causes;
}

// ---------------------------------------------------------------------------------------------
// Services: an allocated cluster IP stays (dual-stack validation names spec.clusterIPs).

const goStrings = (list: unknown) => (Array.isArray(list) ? `[]string{${list.map((s) => JSON.stringify(String(s))).join(', ')}}` : '[]string(nil)');

function serviceUpdateCauses(obj: KObject, old: KObject): Cause[] {
  const type = (o: KObject) => o.spec?.type ?? 'ClusterIP';
  if (type(obj) === 'ExternalName' || type(old) === 'ExternalName') return [];
  const now: string[] = Array.isArray(obj.spec?.clusterIPs) ? obj.spec.clusterIPs : [];
  const was: string[] = Array.isArray(old.spec?.clusterIPs) ? old.spec.clusterIPs : [];
  const headless = (ips: string[]) => ips[0] === 'None';
  if (headless(now) && headless(was)) return [];
  if (was.length > 0 && now.length === 0) {
    return [{ field: 'spec.clusterIPs[0]', reason: 'FieldValueInvalid', message: `Invalid value: ${goStrings(now)}: primary clusterIP can not be unset` }];
  }
  return was
    .map((ip, i): Cause | undefined =>
      i < now.length && now[i] !== ip ? { field: `spec.clusterIPs[${i}]`, reason: 'FieldValueInvalid', message: `Invalid value: ${goStrings(now)}: may not change once set` } : undefined,
    )
    .filter((c): c is Cause => c !== undefined);
}

// ---------------------------------------------------------------------------------------------
// StatefulSets: only these spec fields may change.

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
export const STATEFULSET_UPDATE_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function statefulSetUpdateCauses(obj: KObject, old: KObject): Cause[] {
  const rest = (spec: unknown) => Object.fromEntries(Object.entries(isMap(spec) ? spec : {}).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
  return same(rest(obj.spec), rest(old.spec)) ? [] : [forbidden('spec', STATEFULSET_UPDATE_FORBIDDEN)];
}

// ---------------------------------------------------------------------------------------------
// DaemonSets: the selector is immutable, as for Deployments and ReplicaSets (apps/v1).

function daemonSetUpdateCauses(obj: KObject, old: KObject): Cause[] {
  if (same(obj.spec?.selector, old.spec?.selector)) return [];
  return [{ field: 'spec.selector', reason: 'FieldValueInvalid', message: `Invalid value: ${goLabelSelector(obj.spec?.selector)}: field is immutable` }];
}

// ---------------------------------------------------------------------------------------------
// Nodes: every taint needs a qualified key and one of the three effects, and a key/effect pair
// appears once. kube-apiserver names the taints under `metadata` (its node validation starts
// from the metadata path) and, on update, checks them twice: in ValidateNode and again in
// ValidateNodeUpdate, so an update's Status lists each cause twice (its message once).

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function nodeTaintCauses(obj: KObject): Cause[] {
  const taints = Array.isArray(obj.spec?.taints) ? (obj.spec.taints as Toleration[]) : [];
  const causes: Cause[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const at = `metadata.taints[${i}]`;
    const key = String(t?.key ?? '');
    if (!key) causes.push({ field: `${at}.key`, reason: 'FieldValueRequired', message: 'Required value' });
    else for (const m of qualifiedNameErrors(key)) causes.push({ field: `${at}.key`, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(key)}: ${m}` });
    const effect = String(t?.effect ?? '');
    if (!effect) causes.push({ field: `${at}.effect`, reason: 'FieldValueRequired', message: 'Required value' });
    else if (!TAINT_EFFECTS.includes(effect)) {
      causes.push({ field: `${at}.effect`, reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(effect)}: supported values: ${TAINT_EFFECTS.map((e) => JSON.stringify(e)).join(', ')}` });
    }
    const pair = `${key}\u0000${effect}`;
    if (seen.has(pair)) {
      const shown = `core.Taint{Key:${JSON.stringify(key)}, Value:${JSON.stringify(String(t.value ?? ''))}, Effect:${JSON.stringify(effect)}, TimeAdded:<nil>}`;
      causes.push({ field: at, reason: 'FieldValueDuplicate', message: `Duplicate value: ${shown}: taints must be unique by key and effect pair` });
    }
    seen.add(pair);
  });
  return causes;
}

const UPDATE_RULES: Partial<Record<ResourceKey, (obj: KObject, old: KObject) => Cause[]>> = {
  pods: podUpdateCauses,
  services: serviceUpdateCauses,
  'apps/statefulsets': statefulSetUpdateCauses,
  'apps/daemonsets': daemonSetUpdateCauses,
};

/** The causes for what this write may not do: `old` is the stored object on updates. */
export function updateRuleCauses(resource: ResourceKey, obj: KObject, old?: KObject): Cause[] {
  const causes = resource === 'nodes' ? (old ? [...nodeTaintCauses(obj), ...nodeTaintCauses(obj)] : nodeTaintCauses(obj)) : [];
  if (old) causes.push(...(UPDATE_RULES[resource]?.(obj, old) ?? []));
  return causes;
}
