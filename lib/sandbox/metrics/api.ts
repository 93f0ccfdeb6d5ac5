// metrics.k8s.io/v1beta1 as metrics-server serves it: NodeMetrics and PodMetrics computed on each
// request from what the kubelet stand-in runs (Running pods bound to a node, Ready nodes), with the
// usage model of lib/domain/usage.ts and the load model of lib/domain/load.ts (metrics/load.ts). Nothing is stored, so there is no watch and no
// resourceVersion; `kubectl top` lists these and reads node allocatable itself.
import { notFound } from '../errors';
import type { KObject, Store } from '../store';
import { hasTrueCondition } from '../conditions';
import { findResource } from '../kube-api/registry';
import { selectorFilter } from '../kube-api/selection';
import type { ResourceRequest } from '../kube-api/request';
import { USAGE_WINDOW_SECONDS, nodeUsage, podUsage, sumUsage, usageWindowStart, type Usage } from '@/lib/domain/usage';
import { memoryToBytes, resourcesOf } from '@/lib/domain/quantities';
import { MEMORY_USAGE_ANNOTATION } from '@/lib/domain/container-fate';
import { isRunning as running, podLoads } from './load';
import type { PodLoad } from '@/lib/domain/usage';

const API_VERSION = 'metrics.k8s.io/v1beta1';
const WINDOW = `${USAGE_WINDOW_SECONDS}s`;

const quantities = (u: Usage) => ({ cpu: `${u.cpuNanos}n`, memory: `${u.memoryBytes / 1024}Ki` });
const stamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

type LoadOf = (p: KObject) => PodLoad | undefined;

function metricsMeta(o: KObject, now: Date) {
  return {
    name: o.metadata.name,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    // metrics-server stamps the answer, not the object it describes.
    creationTimestamp: stamp(now),
    ...(o.metadata.labels ? { labels: o.metadata.labels } : {}),
  };
}

/**
 * The usage model's containers (the load model's share when the workload has one), with the
 * memory a pod is annotated to use (`sandbox.nodelanes.dev/memory-usage`, the knob that
 * OOM-kills) up to each container's limit.
 */
function usageOf(p: KObject, now: Date, loadOf: LoadOf) {
  const containers = podUsage(p.metadata.uid ?? p.metadata.name, p.spec?.containers ?? [], now, loadOf(p));
  const annotated = memoryToBytes(p.metadata.annotations?.[MEMORY_USAGE_ANNOTATION]);
  if (!annotated) return containers;
  const limits = new Map<string, number>((p.spec?.containers ?? []).map((c: { name: string; resources?: { limits?: { memory?: string } } }) => [c.name, memoryToBytes(c.resources?.limits?.memory)]));
  return containers.map((c) => ({ ...c, memoryBytes: Math.floor(Math.min(annotated, limits.get(c.name) || Infinity) / 1024) * 1024 }));
}

function podMetrics(p: KObject, now: Date, loadOf: LoadOf) {
  const at = usageWindowStart(now);
  const containers = usageOf(p, now, loadOf);
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: metricsMeta(p, now),
    timestamp: stamp(at),
    window: WINDOW,
    containers: containers.map((c) => ({ name: c.name, usage: quantities(c) })),
  };
}

function nodeMetrics(n: KObject, podsByNode: Map<string, KObject[]>, now: Date, loadOf: LoadOf) {
  const pods = (podsByNode.get(n.metadata.name) ?? []).map((p) => sumUsage(usageOf(p, now, loadOf)));
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: metricsMeta(n, now),
    timestamp: stamp(usageWindowStart(now)),
    window: WINDOW,
    usage: quantities(nodeUsage(n.metadata.name, resourcesOf(n.status?.allocatable), pods)),
  };
}

/** GET on metrics.k8s.io: one object, or a list filtered by label and field selectors. */
export function serveMetrics(store: Store, r: ResourceRequest, q: URLSearchParams): unknown {
  const now = store.now();
  const labelSelector = q.get('labelSelector') ?? undefined;
  const fieldSelector = q.get('fieldSelector') ?? undefined;
  const loadOf = podLoads(store, now);
  if (r.def.resource === 'pods') {
    const matches = selectorFilter(findResource('', 'v1', 'pods')!, labelSelector, fieldSelector);
    if (r.name) {
      const pod = store.get('pods', r.namespace, r.name);
      if (!pod || !running(pod)) throw notFound('podmetrics', 'metrics.k8s.io', r.name);
      return podMetrics(pod, now, loadOf);
    }
    const items = [...store.scan('pods', { namespace: r.namespace })].filter((p) => running(p as KObject) && matches(p as KObject)).map((p) => podMetrics(p as KObject, now, loadOf));
    return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items };
  }
  const podsByNode = new Map<string, KObject[]>();
  for (const p of store.peek('pods')) {
    if (!running(p as KObject)) continue;
    const list = podsByNode.get(p.spec.nodeName) ?? [];
    list.push(p as KObject);
    podsByNode.set(p.spec.nodeName, list);
  }
  const ready = (n: KObject) => hasTrueCondition(n, 'Ready');
  if (r.name) {
    const node = store.get('nodes', undefined, r.name);
    if (!node || !ready(node)) throw notFound('nodemetrics', 'metrics.k8s.io', r.name);
    return nodeMetrics(node, podsByNode, now, loadOf);
  }
  const matches = selectorFilter(findResource('', 'v1', 'nodes')!, labelSelector, fieldSelector);
  const items = [...store.scan('nodes')].filter((n) => ready(n as KObject) && matches(n as KObject)).map((n) => nodeMetrics(n as KObject, podsByNode, now, loadOf));
  return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items };
}
