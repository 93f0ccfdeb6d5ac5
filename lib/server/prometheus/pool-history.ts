// The review's history read back from Prometheus: the pool series this server (and every other
// replica) exports on /api/metrics, as range queries over the window the user picked, so the
// chart survives restarts and is the same on every replica. Prometheus is asked over its HTTP API
// with fetch; NODELANES_PROMETHEUS_URL is its root (the address Grafana would use), with an
// optional bearer token for a Prometheus behind an authenticating proxy.

import { z } from 'zod';
import { samplesFromLines, windowRange, type HistorySample, type HistoryWindow, type PoolLine, type QueryRange } from '@/lib/domain/review-history';

export interface PrometheusTarget {
  url: string;
  bearerToken?: string;
}

const matrixSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })),
  }),
});

/** Why the history could not be read from Prometheus, in words for the page. */
export class PrometheusUnavailable extends Error {}

const TIMEOUT_MS = 10_000;

/** A PromQL string literal: the cluster id inside double quotes, escaped. */
const quoted = (value: string) => JSON.stringify(value);

async function rangeQuery(target: PrometheusTarget, query: string, range: QueryRange): Promise<PoolLine[]> {
  const url = new URL('api/v1/query_range', target.url.endsWith('/') ? target.url : `${target.url}/`);
  const body = new URLSearchParams({ query, start: String(range.start), end: String(range.end), step: String(range.step) });
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(target.bearerToken ? { Authorization: `Bearer ${target.bearerToken}` } : {}) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new PrometheusUnavailable(`Prometheus did not answer (${err instanceof Error && err.name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000} s` : 'connection failed'})`);
  }
  if (!res.ok) throw new PrometheusUnavailable(`Prometheus answered ${res.status} to the history query`);
  const parsed = matrixSchema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new PrometheusUnavailable('Prometheus answered something other than a range of samples');
  return parsed.data.data.result.map((r) => ({ pool: r.metric.pool ?? '', values: r.values }));
}

/** Nodes and cost per pool of one cluster over the window, as the chart's samples. */
export async function poolHistoryFromPrometheus(
  target: PrometheusTarget,
  cluster: string,
  window: HistoryWindow,
  nowMs = Date.now(),
): Promise<{ samples: HistorySample[]; range: QueryRange }> {
  const range = windowRange(window, nowMs);
  return { samples: await poolHistoryOver(target, cluster, range), range };
}

/** Nodes and cost per pool of one cluster over a range, as the chart's samples. */
export async function poolHistoryOver(target: PrometheusTarget, cluster: string, range: QueryRange): Promise<HistorySample[]> {
  // Every replica exports the same figures: one line per pool, whichever replica's.
  const [nodes, cost] = await Promise.all([
    rangeQuery(target, poolHistoryQuery('nodelanes_pool_nodes', cluster), range),
    rangeQuery(target, poolHistoryQuery('nodelanes_pool_cost_dollars_per_hour', cluster), range),
  ]);
  return samplesFromLines(nodes, cost);
}

/** Prometheus as the server's environment names it, or undefined when it names none. */
export function prometheusTarget(env: { NODELANES_PROMETHEUS_URL?: string; NODELANES_PROMETHEUS_BEARER_TOKEN?: string }): PrometheusTarget | undefined {
  return env.NODELANES_PROMETHEUS_URL ? { url: env.NODELANES_PROMETHEUS_URL, bearerToken: env.NODELANES_PROMETHEUS_BEARER_TOKEN } : undefined;
}

/** The PromQL the history asks for one cluster's pool figure (the test reads Prometheus with it too). */
export const poolHistoryQuery = (metric: 'nodelanes_pool_nodes' | 'nodelanes_pool_cost_dollars_per_hour', cluster: string) => `max by (pool) (${metric}{cluster=${quoted(cluster)}})`;
