// metrics.k8s.io, as metrics-server (and the sandbox) serve it: what each node uses now. Optional
// on every cluster: without metrics-server, or without the right to read it, the review simply
// has no "used" columns. The answer also carries the API server's clock (its Date header): the
// cluster's timestamps, consolidateAfter among them, count from that clock, not from ours.

import { cpuToMillis, memoryToBytes } from '@/lib/domain/quantities';
import { podMetricsUsage, type UsedResources } from '@/lib/domain/usage';
import type { NodeUsage } from '@/lib/domain/review';
import type { UserApis } from './impersonation';

export interface ClusterMetrics {
  /** Usage per node; undefined when the metrics API did not answer. */
  usage?: Map<string, NodeUsage>;
  /** The API server's time when it answered (the Date header), else ours. */
  now: Date;
}

type HeaderBag = { headers?: unknown };

function dateOf(source: HeaderBag | undefined): Date | undefined {
  const headers = source?.headers as { get?: (name: string) => string | null | undefined } | Record<string, string> | undefined;
  if (!headers) return undefined;
  const raw = typeof (headers as { get?: unknown }).get === 'function' ? (headers as { get: (n: string) => string | null | undefined }).get('date') : ((headers as Record<string, string>).date ?? (headers as Record<string, string>).Date);
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The node metrics as the user may read them (impersonated), and the cluster's clock. */
export async function readNodeMetrics(apis: Pick<UserApis, 'custom'>): Promise<ClusterMetrics> {
  try {
    const res = await apis.custom.listClusterCustomObjectWithHttpInfo({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' });
    const usage = new Map<string, NodeUsage>();
    for (const item of (res.data?.items ?? []) as Array<{ metadata?: { name?: string }; usage?: Record<string, unknown> }>) {
      const name = item.metadata?.name;
      if (!name) continue;
      usage.set(name, { cpuMillis: cpuToMillis(item.usage?.cpu), memoryBytes: memoryToBytes(item.usage?.memory) });
    }
    return { usage, now: dateOf(res) ?? new Date() };
  } catch (err) {
    // 404 (no metrics-server), 403 (not allowed), 503 (metrics-server down): no usage, still a clock.
    return { now: dateOf(err as HeaderBag) ?? new Date() };
  }
}

/**
 * What each pod uses now, keyed `namespace/name`: every namespace, or one (a user who may read
 * metrics only in their namespaces asks for those). Undefined when the metrics API did not answer.
 * Only running pods have a sample.
 */
export async function readPodMetrics(apis: Pick<UserApis, 'custom'>, namespace?: string): Promise<Map<string, UsedResources> | undefined> {
  const where = { group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods' };
  try {
    const list = (namespace ? await apis.custom.listNamespacedCustomObject({ ...where, namespace }) : await apis.custom.listClusterCustomObject(where)) as {
      items?: Array<{ metadata?: { name?: string; namespace?: string }; containers?: Array<{ usage?: Record<string, unknown> }> }>;
    };
    const usage = new Map<string, UsedResources>();
    for (const item of list.items ?? []) {
      if (!item.metadata?.name || !item.metadata.namespace) continue;
      usage.set(`${item.metadata.namespace}/${item.metadata.name}`, podMetricsUsage(item));
    }
    return usage;
  } catch {
    // As for nodes: no metrics-server, not allowed, or down — the page shows requests only.
    return undefined;
  }
}
