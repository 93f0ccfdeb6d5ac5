// HorizontalPodAutoscaler validation with the apiserver's wording (pkg/apis/autoscaling/validation):
// replica bounds, the scale target reference, metric sources and targets, and behavior.
import type { StatusCause } from './errors';
import type { KObject } from './store';

type Cause = Required<Pick<StatusCause, 'field' | 'message' | 'reason'>>;

const required = (field: string, detail = ''): Cause => ({ field, reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value' });
const invalid = (field: string, value: unknown, detail: string): Cause => ({ field, reason: 'FieldValueInvalid', message: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ${detail}` });
const notSupported = (field: string, value: unknown, supported: string[]): Cause => ({
  field,
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

// Sorted, as the apiserver lists a set's members.
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };
const forbidden = (field: string, detail: string): Cause => ({ field, reason: 'FieldValueForbidden', message: `Forbidden: ${detail}` });
const positive = (q: unknown) => q === undefined || (typeof q === 'number' ? q > 0 : !/^-|^0*(\.0*)?[a-zA-Z]*$/.test(String(q)));

function referenceCauses(ref: KObject['spec'] | undefined, causes: Cause[]) {
  if (!ref?.kind) causes.push(required('spec.scaleTargetRef.kind'));
  else if (/[/%]/.test(ref.kind) || ref.kind === '.' || ref.kind === '..') causes.push(invalid('spec.scaleTargetRef.kind', ref.kind, 'may not contain \'/\' or \'%\''));
  if (!ref?.name) causes.push(required('spec.scaleTargetRef.name'));
  else if (/[/%]/.test(ref.name) || ref.name === '.' || ref.name === '..') causes.push(invalid('spec.scaleTargetRef.name', ref.name, 'may not contain \'/\' or \'%\''));
}

function targetCauses(target: KObject['spec'] | undefined, path: string, causes: Cause[]) {
  const t = target ?? {};
  if (!t.type) causes.push(required(`${path}.type`, 'must specify a metric target type'));
  if (!TARGET_TYPES.includes(t.type)) causes.push(invalid(`${path}.type`, t.type ?? '', 'must be either Utilization, Value, or AverageValue'));
  if (!positive(t.value)) causes.push(invalid(`${path}.value`, t.value, 'must be positive'));
  if (!positive(t.averageValue)) causes.push(invalid(`${path}.averageValue`, t.averageValue, 'must be positive'));
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1) causes.push(invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
}

function metricCauses(metric: KObject['spec'], path: string, causes: Cause[]) {
  const type = metric?.type ?? '';
  if (!type) causes.push(required(`${path}.type`, 'must specify a metric source type'));
  // An unknown type is refused twice, by the check of the set and by the switch over the types:
  // the causes list both, the message (an aggregate) once.
  if (!METRIC_TYPES.includes(type)) return void causes.push(notSupported(`${path}.type`, type, METRIC_TYPES), notSupported(`${path}.type`, type, METRIC_TYPES));
  const field = SOURCE_FIELD[type];
  const source = metric[field];
  if (!source) return void causes.push(required(`${path}.${field}`, 'must populate information for the given metric source'));
  const at = `${path}.${field}`;
  if ((type === 'Resource' || type === 'ContainerResource') && !source.name) causes.push(required(`${at}.name`, 'must specify a resource name'));
  targetCauses(source.target, `${at}.target`, causes);
  if (type !== 'Resource' && type !== 'ContainerResource') return;
  const t = source.target ?? {};
  if (t.averageUtilization === undefined && t.averageValue === undefined) causes.push(required(`${at}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
  if (t.averageUtilization !== undefined && t.averageValue !== undefined) causes.push(forbidden(`${at}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
}

function rulesCauses(rules: KObject['spec'] | undefined, path: string, causes: Cause[]) {
  if (!rules) return;
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number' && window < 0) causes.push(invalid(`${path}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
  if (typeof window === 'number' && window > 3600) causes.push(invalid(`${path}.stabilizationWindowSeconds`, window, 'must be less than or equal to 3600'));
  if (rules.selectPolicy !== undefined && !['Disabled', 'Max', 'Min'].includes(rules.selectPolicy)) causes.push(notSupported(`${path}.selectPolicy`, rules.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies = Array.isArray(rules.policies) ? rules.policies : [];
  if (policies.length === 0) causes.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p: { type?: string; value?: number; periodSeconds?: number }, i: number) => {
    const at = `${path}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent') causes.push(notSupported(`${at}.type`, p.type ?? '', ['Percent', 'Pods']));
    if (!(Number(p.value) > 0)) causes.push(invalid(`${at}.value`, p.value ?? 0, 'must be greater than zero'));
    if (!(Number(p.periodSeconds) > 0)) causes.push(invalid(`${at}.periodSeconds`, p.periodSeconds ?? 0, 'must be greater than zero'));
    if (Number(p.periodSeconds) > 1800) causes.push(invalid(`${at}.periodSeconds`, p.periodSeconds, 'must be less than or equal to 1800'));
  });
}

export function validateHpa(obj: KObject, causes: Cause[]): void {
  const spec = obj.spec ?? {};
  const min = spec.minReplicas;
  const max = spec.maxReplicas ?? 0;
  if (typeof min === 'number' && min < 1) causes.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) causes.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) causes.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  referenceCauses(spec.scaleTargetRef, causes);
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  metrics.forEach((m: KObject['spec'], i: number) => metricCauses(m, `spec.metrics[${i}]`, causes));
  // Scaling to zero needs a metric that does not come from the (then absent) pods.
  if (min === 0 && !metrics.some((m: { type?: string }) => m?.type === 'Object' || m?.type === 'External')) {
    causes.push(forbidden('spec.metrics', 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  rulesCauses(spec.behavior?.scaleUp, 'spec.behavior.scaleUp', causes);
  rulesCauses(spec.behavior?.scaleDown, 'spec.behavior.scaleDown', causes);
}
