'use client';
// The live rebalancing view of one action: state comes from the cluster (the action's record on
// its objects, and the live topology), so it survives a reload; only the chart's samples are
// collected while the page is open, starting from the cluster as the record remembers it.
import { useEffect, useMemo, useRef, useState } from 'react';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { activityProgress, type Activity } from '@/lib/domain/activity';
import { formatHourlyCost, formatMonthlyCost } from '@/lib/domain/format';
import { BUILT_IN_PRICES, priceTableLabel, type PriceTable } from '@/lib/domain/pricing';
import { useTopology } from '@/lib/client/use-topology';
import { getJson } from '@/lib/client/query-client';
import { Badge } from '@/components/ui/badge';
import { PoolTimeline, type TimelinePoint } from '@/components/charts/pool-timeline';
import { LiveIndicator } from '@/components/topology/live-indicator';

const STAGES = ['Pending', 'Launched', 'Registered', 'Initialized'] as const;
const SAMPLE_MS = 1000;
/** How long "stuck" must hold before the view calls it an outcome rather than a pause. */
const STUCK_MS = 20_000;

const ACTIONS: Record<string, string> = {
  pin: 'Pin to a pool',
  unpin: 'Unpin',
  restart: 'Rollout restart',
  'create-node-class': 'New node class and pool',
  'edit-node-pool': 'Edit NodePool',
  cordon: 'Cordon node',
  uncordon: 'Uncordon node',
  'do-not-disrupt': 'Mark do-not-disrupt',
  'allow-disruption': 'Unmark do-not-disrupt',
  'drain-evict': 'Drain node (evict)',
  'drain-restart': 'Drain node (rollout restart)',
};

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function ActivityView({ cluster, id, prices = BUILT_IN_PRICES }: { cluster: string; id: string; prices?: PriceTable }) {
  const record = useQuery({
    queryKey: ['activity', cluster, id],
    queryFn: ({ signal }) => getJson<Activity>(`/api/clusters/${encodeURIComponent(cluster)}/activity/${encodeURIComponent(id)}`, signal),
    retry: 1,
  });
  const { data, live, stale } = useTopology(cluster);
  const progress = useMemo(() => (data && record.data ? activityProgress(data, record.data, prices) : undefined), [data, record.data, prices]);

  const [points, setPoints] = useState<{ pods: TimelinePoint[]; nodes: TimelinePoint[]; cost: TimelinePoint[] }>({ pods: [], nodes: [], cost: [] });
  const [pools, setPools] = useState<string[]>([]);
  const lastSample = useRef(0);
  const stuckSince = useRef<number | undefined>(undefined);
  const [settledAt, setSettledAt] = useState<number | undefined>();

  useEffect(() => {
    if (!progress || !record.data) return;
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
      const start = prev.cost.length === 0 && record.data?.before ? [{ t: Date.parse(record.data.at), 'cost $/h': record.data.before.hourly }] : [];
      return {
        pods: [...prev.pods, pods].slice(-600),
        nodes: [...prev.nodes, nodes].slice(-600),
        cost: [...start, ...prev.cost, { t: now, 'cost $/h': progress.now.hourly }].slice(-600),
      };
    });
    if (progress.stuck) stuckSince.current ??= now;
    else stuckSince.current = undefined;
    if (progress.settled) setSettledAt((at) => at ?? now);
  }, [progress, record.data]);

  if (record.isPending) return <p aria-busy="true">Finding the action in the cluster…</p>;
  if (record.error) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
        <p className="font-semibold">This activity cannot be shown</p>
        <p className="mt-1">{record.error.message}</p>
        <Link className="mt-3 inline-block underline" href={`/clusters/${encodeURIComponent(cluster)}/lanes`}>
          Back to the lanes
        </Link>
      </div>
    );
  }
  const activity = record.data!;
  const stuckLong = progress?.stuck && stuckSince.current !== undefined && Date.now() - stuckSince.current > STUCK_MS;
  const finished = progress?.settled || stuckLong;
  const started = Date.parse(activity.at);
  const movedTotal = progress?.pods.total ?? 0;

  return (
    <div className="space-y-6" data-testid="activity">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{ACTIONS[activity.action] ?? activity.action}</h1>
        {activity.target && (
          <Badge tone="violet">
            {activity.target.key}={activity.target.value}
          </Badge>
        )}
        <span className="text-sm text-slate-600 dark:text-slate-300">
          by {activity.by} at {new Date(started).toLocaleTimeString()} · {activity.objects.map((o) => (o.namespace ? `${o.namespace}/${o.name}` : o.name)).join(', ')}
        </span>
        <span className="ml-auto">
          <LiveIndicator live={live} stale={stale} />
        </span>
      </header>

      {progress && (
        <section aria-labelledby="progress-heading" className="space-y-2">
          <h2 id="progress-heading" className="sr-only">
            Progress
          </h2>
          {activity.target && movedTotal > 0 && (
            <>
              <p className="text-sm" data-testid="progress-text">
                <strong className="tabular-nums">{progress.pods.onTarget}</strong> of <strong className="tabular-nums">{movedTotal}</strong> pods on {activity.target.value}
                {progress.pods.pending > 0 && <> · {progress.pods.pending} pending</>}
                {progress.pods.terminating > 0 && <> · {progress.pods.terminating} terminating</>}
              </p>
              <div className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-valuemin={0} aria-valuemax={movedTotal} aria-valuenow={progress.pods.onTarget} aria-label="Pods on the target pool">
                <div className="h-full bg-emerald-600 transition-all" style={{ width: `${(100 * progress.pods.onTarget) / Math.max(1, movedTotal)}%` }} />
              </div>
            </>
          )}
          <p role="status" className="text-sm font-medium" data-testid="activity-state">
            {progress.settled ? 'Settled.' : stuckLong ? 'Stopped moving: some pods cannot be scheduled.' : 'Rebalancing…'}
          </p>
        </section>
      )}

      {data &&
        activity.objects
          .filter((o) => o.kind === 'NodePool')
          .map((o) => {
            const pool = data.nodePools.find((p) => p.name === o.name);
            const nodeClass = pool && data.nodeClasses.find((c) => c.name === pool.nodeClassRef.name);
            const nodes = data.nodes.filter((n) => n.labels['karpenter.sh/nodepool'] === o.name).length;
            return (
              <section key={o.name} aria-label={`NodePool ${o.name}`} data-testid="pool-status" className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
                {!pool ? (
                  <p>NodePool {o.name} is gone from the cluster.</p>
                ) : (
                  <>
                    <p>
                      NodePool <strong>{o.name}</strong> uses NodeClass <strong>{pool.nodeClassRef.name}</strong>:{' '}
                      {nodeClass?.ready ? (
                        <Badge tone="green">Ready</Badge>
                      ) : (
                        <Badge tone="amber">{nodeClass ? `not Ready${nodeClass.notReady ? ` — ${nodeClass.notReady.reason}: ${nodeClass.notReady.message}` : ''}` : 'NodeClass missing'}</Badge>
                      )}{' '}
                      · {nodes} node{nodes === 1 ? '' : 's'}
                    </p>
                    <p className="mt-1 text-slate-600 dark:text-slate-300">
                      Auto Mode launches nodes here when pods need them.{' '}
                      <Link className="text-sky-700 underline dark:text-sky-300" href={`/clusters/${encodeURIComponent(cluster)}/move?target=${encodeURIComponent(`eks.amazonaws.com/nodeclass=${pool.nodeClassRef.name}`)}`}>
                        Move workloads to it
                      </Link>
                    </p>
                  </>
                )}
              </section>
            );
          })}

      {progress && progress.claimsInFlight.length > 0 && (
        <section aria-labelledby="claims-heading">
          <h2 id="claims-heading" className="mb-2 text-sm font-semibold">
            Nodes Auto Mode is launching
          </h2>
          <ul className="flex flex-wrap gap-2">
            {progress.claimsInFlight.map((c) => (
              <li key={c.name} data-testid="ghost-node" className="w-64 rounded-lg border-2 border-dashed border-violet-400 p-2 text-xs dark:border-violet-600">
                <p className="font-mono">{c.name}</p>
                <p>
                  {c.instanceType ?? 'choosing a type'} · {c.nodePool}
                </p>
                <ol className="mt-1 flex gap-1" aria-label="Launch stages">
                  {STAGES.slice(1).map((s) => (
                    <li key={s} className={`rounded px-1 ${STAGES.indexOf(c.stage) >= STAGES.indexOf(s) ? 'bg-violet-600 text-white' : 'bg-slate-200 text-slate-500 dark:bg-slate-800'}`}>
                      {s}
                    </li>
                  ))}
                </ol>
                {c.terminating && <p className="mt-1 text-red-700">being removed</p>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {progress && progress.nodesEmpty.length > 0 && (
        <p className="text-sm">
          Empty, to be removed after the pool&apos;s consolidateAfter: <span className="font-mono">{progress.nodesEmpty.join(', ')}</span>
        </p>
      )}

      {progress && progress.nodesTerminating.length > 0 && (
        <p className="text-sm">
          Draining and removing: <span className="font-mono">{progress.nodesTerminating.join(', ')}</span>
        </p>
      )}

      {progress && progress.pendingReasons.length > 0 && (
        <section aria-labelledby="pending-why" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <h2 id="pending-why" className="font-semibold">
            Waiting for a node
          </h2>
          <ul className="mt-1 list-disc pl-5">
            {progress.pendingReasons.map((p) => (
              <li key={p.pod}>
                <span className="font-mono">{p.pod}</span>: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      )}

      {finished && progress && (
        <section aria-labelledby="summary-heading" data-testid="activity-summary" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
          <h2 id="summary-heading" className="font-semibold">
            Summary
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">Nodes</dt>
              <dd data-testid="summary-nodes">
                {activity.before ? `${activity.before.nodes} → ` : ''}
                {progress.now.nodes}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Cost</dt>
              <dd data-testid="summary-cost">
                {activity.before ? `${formatHourlyCost(activity.before.hourly)} → ` : ''}
                {formatHourlyCost(progress.now.hourly)}
                {activity.before && <span className="block text-xs text-slate-500">{formatMonthlyCost(progress.now.hourly)} (estimate)</span>}
                <span className="block text-xs text-slate-500" data-testid="price-table">
                  {priceTableLabel(prices)}
                </span>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Time taken</dt>
              <dd>{settledAt ? duration(settledAt - started) : `over ${duration(Date.now() - started)}`}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Never scheduled</dt>
              <dd>{progress.pendingReasons.length}</dd>
            </div>
          </dl>
        </section>
      )}

      <div className="grid gap-4 lg:grid-cols-3">
        <PoolTimeline testId="chart-pods" title="Pods per pool" points={points.pods} series={pools} />
        <PoolTimeline testId="chart-nodes" title="Nodes per pool" points={points.nodes} series={pools} />
        <PoolTimeline testId="chart-cost" title="Cost per hour (estimate)" points={points.cost} series={['cost $/h']} unit="$/h" />
      </div>

      {progress && (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading" className="mb-2 text-sm font-semibold">
            What the cluster did ({progress.events.length} events)
          </h2>
          {progress.events.length === 0 ? (
            <p className="text-sm text-slate-500">No events yet.</p>
          ) : (
            <ol className="max-h-96 space-y-1 overflow-auto text-xs" data-testid="activity-events">
              {[...progress.events].reverse().map((e) => (
                <li key={`${e.namespace}/${e.name}`} className="flex gap-2">
                  <time className="shrink-0 tabular-nums text-slate-500">{new Date(e.lastTimestamp).toLocaleTimeString()}</time>
                  <Badge tone={e.type === 'Warning' ? 'amber' : 'neutral'}>{e.reason}</Badge>
                  <span className="shrink-0 font-mono">
                    {e.involved.kind}/{e.involved.name}
                  </span>
                  <span className="text-slate-700 dark:text-slate-300">{e.message}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
