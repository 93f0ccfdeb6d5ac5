// HorizontalPodAutoscaler validation with the apiserver's wording (pkg/apis/autoscaling/validation):
// replica bounds, the scale target reference, then (only when the reference is sound) metric
// sources and targets, then behavior.
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

const METRIC_TYPES = ['Object', 'Pods', 'Resource', 'ContainerResource', 'External'];
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

function referenceCauses(ref: KObject['spec'] | undefined, causes: Cause[]) {
  const before = causes.length;
  if (!ref?.kind) causes.push(required('spec.scaleTargetRef.kind'));
  else if (/[/%]/.test(ref.kind) || ref.kind === '.' || ref.kind === '..') causes.push(invalid('spec.scaleTargetRef.kind', ref.kind, 'may not contain \'/\' or \'%\''));
  if (!ref?.name) causes.push(required('spec.scaleTargetRef.name'));
  else if (/[/%]/.test(ref.name) || ref.name === '.' || ref.name === '..') causes.push(invalid('spec.scaleTargetRef.name', ref.name, 'may not contain \'/\' or \'%\''));
  return causes.length === before;
}

function metricCauses(metric: KObject['spec'], path: string, causes: Cause[]) {
  const type = metric?.type;
  if (!type) causes.push(required(`${path}.type`, 'must specify a metric source type'));
  else if (!METRIC_TYPES.includes(type)) causes.push(notSupported(`${path}.type`, type, METRIC_TYPES));
  const field = SOURCE_FIELD[type];
  if (!field) return;
  const source = metric[field];
  if (!source) return void causes.push(required(`${path}.${field}`, 'must populate information for the given metric source'));
  if ((type === 'Resource' || type === 'ContainerResource') && !source.name) causes.push(required(`${path}.${field}.name`, 'must specify a resource name'));
  const target = source.target;
  if (!target) return void causes.push(required(`${path}.${field}.target`, 'must specify a metric target'));
  if (!target.type) causes.push(required(`${path}.${field}.target.type`, 'must specify a metric target type'));
  else if (!TARGET_TYPES.includes(target.type)) causes.push(invalid(`${path}.${field}.target.type`, target.type, 'must be either Utilization, Value, or AverageValue'));
  if (typeof target.averageUtilization === 'number' && target.averageUtilization < 1) causes.push(invalid(`${path}.${field}.target.averageUtilization`, target.averageUtilization, 'must be greater than 0'));
  if (type === 'Resource' && target.averageUtilization === undefined && target.averageValue === undefined) {
    causes.push(required(`${path}.${field}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
  }
}

export function validateHpa(obj: KObject, causes: Cause[]): void {
  const spec = obj.spec ?? {};
  const min = spec.minReplicas;
  const max = spec.maxReplicas ?? 0;
  if (typeof min === 'number' && min < 1) causes.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) causes.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) causes.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  if (!referenceCauses(spec.scaleTargetRef, causes)) return;
  const before = causes.length;
  (Array.isArray(spec.metrics) ? spec.metrics : []).forEach((m: KObject['spec'], i: number) => metricCauses(m, `spec.metrics[${i}]`, causes));
  if (causes.length > before || !spec.behavior) return;
  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    const rules = spec.behavior[direction];
    if (!rules) continue;
    const window = rules.stabilizationWindowSeconds;
    if (typeof window === 'number' && (window < 0 || window > 3600)) {
      causes.push(invalid(`spec.behavior.${direction}.stabilizationWindowSeconds`, window, window < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600'));
    }
    (rules.policies ?? []).forEach((p: { type?: string; value?: number; periodSeconds?: number }, i: number) => {
      const at = `spec.behavior.${direction}.policies[${i}]`;
      if (p.type !== 'Pods' && p.type !== 'Percent') causes.push(notSupported(`${at}.type`, p.type ?? '', ['Percent', 'Pods']));
      if (!(Number(p.value) > 0)) causes.push(invalid(`${at}.value`, p.value ?? 0, 'must be greater than zero'));
      if (!(Number(p.periodSeconds) > 0) || Number(p.periodSeconds) > 1800) causes.push(invalid(`${at}.periodSeconds`, p.periodSeconds ?? 0, Number(p.periodSeconds) > 1800 ? 'must be less than or equal to 1800' : 'must be greater than zero'));
    });
  }
}
