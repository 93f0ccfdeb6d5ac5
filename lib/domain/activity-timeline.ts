// An action's story as its record on the cluster keeps it, so any server and any reload tell the
// same one: the cluster when it started, at the moments a server saw the cluster change while it
// ran, and when a server first saw it settled. The time taken and the charts are drawn from these
// marks only; a moment no server saw is not drawn, and the notes say what is missing.

import { clusterCost, type PriceTable } from './pricing';
import { poolSamples, type Activity } from './activity';
import type { TopologySnapshot } from './model';
import type { ActionRecord, ActivityMark, PoolCount } from './rollout';

/** At most this many steps are kept: the record is an annotation, and annotations are small. */
export const MAX_STEPS = 60;
/** Steps closer together than this are one step: every open page asks the server every few seconds. */
export const MIN_STEP_MS = 2_000;

export type ChartPoint = { t: number } & Record<string, number>;

export interface ActivityTimeline {
  startedAt: string;
  /** When a server first saw the action settled; absent while it runs (or is stuck). */
  finishedAt?: string;
  durationMs?: number;
  /** Every pool that appears in a mark, sorted: the charts' series. */
  pools: string[];
  points: { pods: ChartPoint[]; nodes: ChartPoint[]; cost: ChartPoint[] };
  /** What the record cannot show, in words for the page. */
  notes: string[];
}

/** What the activity route answers: the record, the objects carrying it, and its timeline. */
export type FollowedActivity = Activity & { timeline: ActivityTimeline };

/** The cluster now, as a mark (pods per pool count every namespace: room is taken whoever may see it). */
export function activityMark(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, at: Date, prices?: PriceTable): ActivityMark {
  return { at: at.toISOString(), ...clusterCost(snapshot.nodes, prices), perPool: poolSamples(snapshot, prices) };
}

/** The `before` of a new action's record: the cluster when it starts, with its counts per pool. */
export function startingPoint(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, prices?: PriceTable): NonNullable<ActionRecord['before']> {
  const { at: _at, ...rest } = activityMark(snapshot, new Date(0), prices);
  return rest;
}

/**
 * Whether the cache has seen the objects as the record's carriers were just read: right after an
 * action the watch may not have delivered the new generation yet, and a deployment the cache still
 * holds at its old generation looks settled when its rollout has not begun.
 */
export function cacheCaughtUp(snapshot: Pick<TopologySnapshot, 'deployments'>, activity: Pick<Activity, 'objects'>): boolean {
  return activity.objects.every((o) => {
    if (o.kind !== 'Deployment' || o.generation === undefined) return true;
    const d = snapshot.deployments.find((x) => x.namespace === o.namespace && x.name === o.name);
    return d !== undefined && d.generation >= o.generation;
  });
}

const sameCounts = (a: readonly PoolCount[] | undefined, b: readonly PoolCount[]) =>
  a !== undefined && a.length === b.length && a.every((p, i) => p.pool === b[i].pool && p.nodes === b[i].nodes && p.pods === b[i].pods);

/**
 * The record to write after looking at the cluster, or undefined when it already says all there
 * is: `finished` once the action has settled (a finished record never changes again), else a new
 * step when the counts moved since the last mark.
 */
export function nextRecord(record: ActionRecord, settled: boolean, mark: ActivityMark): ActionRecord | undefined {
  if (record.finished) return undefined;
  if (settled) return { ...record, finished: mark };
  const steps = record.steps ?? [];
  const last = steps.at(-1);
  if (sameCounts(last?.perPool ?? record.before?.perPool, mark.perPool)) return undefined;
  if (steps.length >= MAX_STEPS) return undefined;
  if (last && Date.parse(mark.at) - Date.parse(last.at) < MIN_STEP_MS) return undefined;
  return { ...record, steps: [...steps, mark] };
}

function chartPoints(marks: readonly ActivityMark[], pools: readonly string[]) {
  const point = (t: number, perPool: readonly PoolCount[], field: 'pods' | 'nodes'): ChartPoint => {
    const p: ChartPoint = { t };
    for (const pool of pools) p[pool] = perPool.find((s) => s.pool === pool)?.[field] ?? 0;
    return p;
  };
  return {
    pods: marks.map((m) => point(Date.parse(m.at), m.perPool, 'pods')),
    nodes: marks.map((m) => point(Date.parse(m.at), m.perPool, 'nodes')),
  };
}

/** The time taken and the charts' points, from the record alone. */
export function activityTimeline(record: ActionRecord): ActivityTimeline {
  const started = Date.parse(record.at);
  const marks: ActivityMark[] = [];
  const notes: string[] = [];
  if (record.before?.perPool) marks.push({ at: record.at, nodes: record.before.nodes, hourly: record.before.hourly, perPool: record.before.perPool });
  else notes.push('The pods and nodes per pool when the action started were not recorded (its record is older than that), so the charts begin later.');
  marks.push(...(record.steps ?? []));
  if (record.finished) marks.push(record.finished);
  const pools = [...new Set(marks.flatMap((m) => m.perPool.map((p) => p.pool)))].sort();
  const costStart = record.before && !record.before.perPool ? [{ t: started, 'cost $/h': record.before.hourly }] : [];
  if ((record.steps?.length ?? 0) >= MAX_STEPS) notes.push(`Only the first ${MAX_STEPS} changes were kept; the charts jump from the last of them to the finish.`);
  return {
    startedAt: record.at,
    ...(record.finished ? { finishedAt: record.finished.at, durationMs: Math.max(0, Date.parse(record.finished.at) - started) } : {}),
    pools,
    points: { ...chartPoints(marks, pools), cost: [...costStart, ...marks.map((m) => ({ t: Date.parse(m.at), 'cost $/h': m.hourly }))] },
    notes,
  };
}
