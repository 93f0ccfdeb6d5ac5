// What the HPA controller reads for one Resource metric: the target's pods (by its selector) with
// their requests and, for running ones, the usage metrics.k8s.io reports (the same model), turned
// into a replica recommendation by lib/domain/hpa.ts. Only Resource metrics (cpu, memory) are
// served by the sandbox; other sources fail as they would on a cluster without their adapter.
import type { KObject } from '../store';
import { hasTrueCondition } from '../conditions';
import { replicasForUtilization, TOLERANCE, type PodSample } from '@/lib/domain/hpa';
import { podUsage, sumUsage, type PodLoad } from '@/lib/domain/usage';
import { cpuToMillis, memoryToBytes } from '@/lib/domain/quantities';
import { isRunning } from '../metrics/load';

export interface MetricResult {
  replicas: number;
  /** How the controller names the metric in reasons: `cpu resource utilization (percentage of request)`. */
  name: string;
  status: Record<string, unknown>;
}

type MetricSpec = { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number; averageValue?: string } } };

/** A resource in milli-units, as the controller sums requests and usage. */
const milli = (resource: string, value: unknown) => (resource === 'cpu' ? cpuToMillis(value) : memoryToBytes(value) * 1000);
const quantity = (resource: string, m: number) => (resource === 'cpu' ? `${Math.trunc(m)}m` : String(Math.trunc(m / 1000)));

function sampleOf(pod: KObject, resource: string, now: Date, load: PodLoad | undefined): PodSample {
  const containers = pod.spec?.containers ?? [];
  const requestMilli = containers.reduce((a: number, c: KObject['spec']) => a + milli(resource, c.resources?.requests?.[resource]), 0);
  if (!isRunning(pod)) return { requestMilli, ready: false };
  const used = sumUsage(podUsage(pod.metadata.uid ?? pod.metadata.name, containers, now, load));
  const usageMilli = resource === 'cpu' ? used.cpuNanos / 1e6 : used.memoryBytes * 1000;
  return { requestMilli, usageMilli, ready: hasTrueCondition(pod, 'Ready') };
}

/** The recommendation of one metric for `pods` (the target's, deleted and finished ones left out). Throws the controller's failure. */
export function resourceMetric(metric: MetricSpec, currentReplicas: number, pods: KObject[], now: Date, loadOf: (p: KObject) => PodLoad | undefined): MetricResult {
  if (metric.type !== 'Resource') throw new Error(`unable to get metric ${metric.type}: the sandbox serves no ${metric.type} metrics (no adapter)`);
  const resource = metric.resource?.name ?? '';
  if (resource !== 'cpu' && resource !== 'memory') throw new Error(`failed to get ${resource} utilization: unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  const samples = pods.map((p) => sampleOf(p, resource, now, loadOf(p)));
  const target = metric.resource?.target ?? {};
  if (target.averageUtilization !== undefined) {
    const r = replicasForUtilization(currentReplicas, samples, target.averageUtilization);
    return {
      replicas: r.replicas,
      name: `${resource} resource utilization (percentage of request)`,
      status: { type: 'Resource', resource: { name: resource, current: { averageUtilization: r.utilization, averageValue: quantity(resource, r.averageMilli) } } },
    };
  }
  // AverageValue: usage per pod against the target value, with the same tolerance.
  const measured = samples.filter((s) => s.usageMilli !== undefined);
  if (measured.length === 0) throw new Error(`failed to get ${resource} usage: did not receive metrics for targeted pods (pods might be unready)`);
  const total = measured.reduce((a, s) => a + s.usageMilli!, 0);
  const targetMilli = milli(resource, target.averageValue);
  const ratio = total / measured.length / targetMilli;
  const replicas = Math.abs(1 - ratio) <= TOLERANCE ? currentReplicas : Math.ceil(total / targetMilli);
  return { replicas, name: `${resource} resource`, status: { type: 'Resource', resource: { name: resource, current: { averageValue: quantity(resource, total / measured.length) } } } };
}
