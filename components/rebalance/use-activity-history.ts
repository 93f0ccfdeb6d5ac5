'use client';
// The activity's nodes and cost per pool from Prometheus, from the action's start: with
// NODELANES_PROMETHEUS_URL set they draw the whole action, after a reload too; without it the
// view draws the action's record (use-activity-chart.ts).
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/lib/client/query-client';
import type { PoolHistoryAnswer } from '@/lib/domain/review-history';
import type { Activity } from '@/lib/domain/activity';
import type { TimelinePoint } from '@/components/charts/pool-timeline';

/** Prometheus keeps a point per step (15 s or more): asking more often draws nothing new. */
const REFRESH_MS = 15_000;

export interface ActivityHistory {
  nodes: TimelinePoint[];
  cost: TimelinePoint[];
  pools: string[];
}

export function useActivityHistory(cluster: string, activity: Activity | undefined): { history?: ActivityHistory; unavailable?: string } {
  const since = activity ? Date.parse(activity.at) : undefined;
  const answer = useQuery({
    queryKey: ['pool-history', cluster, since],
    queryFn: ({ signal }) => getJson<PoolHistoryAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/pool-history?since=${since}`, signal),
    enabled: since !== undefined && Number.isFinite(since),
    refetchInterval: (q) => (q.state.data?.kind === 'prometheus' ? REFRESH_MS : false),
    retry: false,
  });
  const history = useMemo(() => (answer.data?.kind === 'prometheus' ? historyPoints(answer.data.samples) : undefined), [answer.data]);
  return { history, unavailable: answer.data?.kind === 'unavailable' ? answer.data.reason : answer.error?.message };
}

function historyPoints(samples: Extract<PoolHistoryAnswer, { kind: 'prometheus' }>['samples']): ActivityHistory {
  const pools = [...new Set(samples.flatMap((s) => Object.keys(s.pools)))].sort();
  const nodes: TimelinePoint[] = [];
  const cost: TimelinePoint[] = [];
  for (const s of samples) {
    const n: TimelinePoint = { t: s.t };
    for (const p of pools) n[p] = s.pools[p]?.nodes ?? 0;
    nodes.push(n);
    cost.push({ t: s.t, 'cost $/h': Number(Object.values(s.pools).reduce((sum, p) => sum + p.hourly, 0).toFixed(4)) });
  }
  return { nodes, cost, pools };
}
