'use client';
// The charts' points: the marks the action's record keeps on the cluster (its start, the steps a
// server saw, its finish), and while it runs, the cluster as this page sees it now as a last point,
// so the lines follow the live view. Once finished, only the record's marks are drawn: every
// reload and every replica draws the same chart. Also since when the action has been stuck.
import { useRef } from 'react';
import type { ActivityProgress } from '@/lib/domain/activity';
import type { ChartPoint, FollowedActivity } from '@/lib/domain/activity-timeline';

export interface ActivityChart {
  points: { pods: ChartPoint[]; nodes: ChartPoint[]; cost: ChartPoint[] };
  pools: string[];
  /** When the current stuck spell began (ms), if the action is stuck now. */
  stuckSince: number | undefined;
}

function withLivePoint(activity: FollowedActivity, progress: ActivityProgress | undefined, now: number): Omit<ActivityChart, 'stuckSince'> {
  const { points, pools } = activity.timeline;
  if (activity.timeline.finishedAt || !progress) return { points, pools };
  const all = [...new Set([...pools, ...progress.perPool.map((s) => s.pool)])].sort();
  const live = (field: 'pods' | 'nodes'): ChartPoint => {
    const p: ChartPoint = { t: now };
    for (const pool of all) p[pool] = progress.perPool.find((s) => s.pool === pool)?.[field] ?? 0;
    return p;
  };
  return { pools: all, points: { pods: [...points.pods, live('pods')], nodes: [...points.nodes, live('nodes')], cost: [...points.cost, { t: now, 'cost $/h': progress.now.hourly }] } };
}

export function useActivityChart(activity: FollowedActivity | undefined, progress: ActivityProgress | undefined): ActivityChart {
  const stuckSince = useRef<number | undefined>(undefined);
  const now = Date.now();
  if (progress?.stuck) stuckSince.current ??= now;
  else stuckSince.current = undefined;
  if (!activity) return { points: { pods: [], nodes: [], cost: [] }, pools: [], stuckSince: stuckSince.current };
  return { ...withLivePoint(activity, progress, now), stuckSince: stuckSince.current };
}
