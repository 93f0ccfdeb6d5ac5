// HorizontalPodAutoscalers are stored at autoscaling/v2 (what 1.32 stores and prefers) and also
// served at autoscaling/v1, whose one metric is `targetCPUUtilizationPercentage`. Defaults are
// the API's: minReplicas 1, and a CPU target of 80 % when no metric is given; a behavior given in
// part is completed with the default rules (left out entirely, it stays out).
import type { KObject } from '../store';

const HPA_V2 = 'autoscaling/v2';
const DEFAULT_CPU_UTILIZATION = 80;

type Metric = { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number } }; [k: string]: unknown };
type MetricStatus = { type?: string; resource?: { name?: string; current?: { averageUtilization?: number } } };

const cpuUtilization = (name: string | undefined, utilization: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } });

function defaultRules(rules: KObject['spec'] | undefined, up: boolean) {
  const policies = up
    ? [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }]
    : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return { stabilizationWindowSeconds: up ? 0 : 300, selectPolicy: 'Max', policies, ...rules };
}

export function defaultHpa(obj: KObject): KObject {
  const spec = { ...obj.spec };
  spec.minReplicas = spec.minReplicas ?? 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) spec.metrics = [cpuUtilization('cpu', DEFAULT_CPU_UTILIZATION)];
  if (spec.behavior) spec.behavior = { scaleUp: defaultRules(spec.behavior.scaleUp, true), scaleDown: defaultRules(spec.behavior.scaleDown, false) };
  obj.spec = spec;
  // v2 omits a zero currentReplicas; desiredReplicas is always written.
  obj.status = obj.status ?? { desiredReplicas: 0 };
  return obj;
}

/** v2 → v1: the CPU utilization target and reading; other metrics have no v1 field. */
function toV1(o: KObject, apiVersion: string): KObject {
  const { metrics, behavior, ...spec } = o.spec ?? {};
  void behavior;
  const cpu = ((metrics ?? []) as Metric[]).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization');
  const { currentMetrics, conditions, ...status } = o.status ?? {};
  void conditions;
  const current = ((currentMetrics ?? []) as MetricStatus[]).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  return {
    ...o,
    apiVersion,
    spec: { ...spec, ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource!.target!.averageUtilization } : {}) },
    status: { currentReplicas: 0, ...status, ...(current?.resource?.current?.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: current.resource.current.averageUtilization } : {}) },
  };
}

/** v1 → v2: `targetCPUUtilizationPercentage` becomes a CPU Resource metric. */
function toV2(o: KObject): KObject {
  const { targetCPUUtilizationPercentage, ...spec } = o.spec ?? {};
  const { currentCPUUtilizationPercentage, ...status } = o.status ?? {};
  return {
    ...o,
    apiVersion: HPA_V2,
    spec: { ...spec, ...(typeof targetCPUUtilizationPercentage === 'number' ? { metrics: [cpuUtilization('cpu', targetCPUUtilizationPercentage)] } : {}) },
    status: {
      ...status,
      ...(typeof currentCPUUtilizationPercentage === 'number' ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } }] } : {}),
    },
  };
}

// v2beta2 has v2's fields; only its name and the status's empty fields differ.
const HPA_V2BETA2 = 'autoscaling/v2beta2';
const sameFields = (apiVersion: string) => apiVersion === HPA_V2 || apiVersion === HPA_V2BETA2;

/** v2beta2's status fields had no omitempty: a count of 0 and absent lists are written out. */
function toV2beta2(o: KObject): KObject {
  const s = o.status ?? {};
  return { ...o, apiVersion: HPA_V2BETA2, status: { ...s, currentReplicas: s.currentReplicas ?? 0, desiredReplicas: s.desiredReplicas ?? 0, currentMetrics: s.currentMetrics ?? null, conditions: s.conditions ?? null } };
}

/** v2beta2 → v2: the same fields, less the empty lists v2 leaves out. */
function fromV2beta2(o: KObject, storageVersion: string): KObject {
  if (!o.status) return { ...o, apiVersion: storageVersion };
  const status = Object.fromEntries(Object.entries(o.status).filter(([, v]) => v !== null));
  return { ...o, apiVersion: storageVersion, status };
}

export const hpaConverter = {
  out: (o: KObject, apiVersion: string) => (apiVersion === HPA_V2BETA2 ? toV2beta2(o) : apiVersion === HPA_V2 ? { ...o, apiVersion } : toV1(o, apiVersion)),
  in: (o: KObject, storageVersion: string) => (o.apiVersion === storageVersion ? o : sameFields(o.apiVersion) ? fromV2beta2(o, storageVersion) : toV2(o)),
};
