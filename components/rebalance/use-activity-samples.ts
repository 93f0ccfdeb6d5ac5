'use client';
// The live view's memory of what it has seen while open: the chart's samples (pods and nodes per
// pool, the estimated cost, from the cost the action's record remembers from before), at most one
// a second, and since when the action has been stuck or when it settled.
import { useEffect, useRef, useState } from 'react';
import type { Activity, ActivityProgress } from '@/lib/domain/activity';
import type { TimelinePoint } from '@/components/charts/pool-timeline';

const SAMPLE_MS = 1000;
/** The most samples a chart keeps (ten minutes at one a second). */
const KEEP = 600;

export interface ActivitySamples {
  points: { pods: TimelinePoint[]; nodes: TimelinePoint[]; cost: TimelinePoint[] };
  /** Every pool seen so far, sorted: the charts' series. */
  pools: string[];
  /** When the current stuck spell began (ms), if the action is stuck now. */
  stuckSince: number | undefined;
  settledAt: number | undefined;
}

export function useActivitySamples(progress: ActivityProgress | undefined, activity: Activity | undefined): ActivitySamples {
  const [points, setPoints] = useState<ActivitySamples['points']>({ pods: [], nodes: [], cost: [] });
  const [pools, setPools] = useState<string[]>([]);
  const lastSample = useRef(0);
  const stuckSince = useRef<number | undefined>(undefined);
  const [settledAt, setSettledAt] = useState<number | undefined>();

  useEffect(() => {
    if (!progress || !activity) return;
    const now = Date.now();
    if (now - lastSample.current < SAMPLE_MS && !progress.settled) return;
    lastSample.current = now;
    const pods: TimelinePoint = { t: now };
    const nodes: TimelinePoint = { t: now };
    for (const s of progress.perPool) {
      pods[s.pool] = s.pods;
      nodes[s.pool] = s.nodes;
    }
    setPools((prev) => [...new Set([...prev, ...progress.perPool.map((s) => s.pool)])].sort());
    setPoints((prev) => {
      const start = prev.cost.length === 0 && activity.before ? [{ t: Date.parse(activity.at), 'cost $/h': activity.before.hourly }] : [];
      return {
        pods: [...prev.pods, pods].slice(-KEEP),
        nodes: [...prev.nodes, nodes].slice(-KEEP),
        cost: [...start, ...prev.cost, { t: now, 'cost $/h': progress.now.hourly }].slice(-KEEP),
      };
    });
    if (progress.stuck) stuckSince.current ??= now;
    else stuckSince.current = undefined;
    if (progress.settled) setSettledAt((at) => at ?? now);
  }, [progress, activity]);

  // Read while rendering: each sample re-renders the view, which judges the stuck spell anew.
  return { points, pools, stuckSince: stuckSince.current, settledAt };
}
