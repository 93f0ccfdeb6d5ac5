'use client';
// The live rebalancing view of one action: state comes from the cluster (the action's record on
// its objects, and the live topology), so it survives a reload. The time taken and the charts come
// from the record's timeline; the page asks for it every few seconds while the action runs, which
// is also what makes a server write the steps and the finish into the record.
import { useMemo } from 'react';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { activityProgress } from '@/lib/domain/activity';
import type { FollowedActivity } from '@/lib/domain/activity-timeline';
import { BUILT_IN_PRICES, type PriceTable } from '@/lib/domain/pricing';
import { useTopology } from '@/lib/client/use-topology';
import { getJson } from '@/lib/client/query-client';
import { PoolTimeline } from '@/components/charts/pool-timeline';
import { ActivityEvents } from './activity-events';
import { ActivityHeader } from './activity-header';
import { ActivityNodes } from './activity-nodes';
import { ActivityPoolStatus } from './activity-pool-status';
import { ActivityProgressBar } from './activity-progress';
import { ActivitySummary } from './activity-summary';
import { useActivityChart } from './use-activity-chart';
import { useActivityHistory } from './use-activity-history';

/** How long "stuck" must hold before the view calls it an outcome rather than a pause. */
const STUCK_MS = 20_000;
/** How often the page asks for the record while the action runs. */
const FOLLOW_MS = 2_500;

export function ActivityView({ cluster, id, prices = BUILT_IN_PRICES }: { cluster: string; id: string; prices?: PriceTable }) {
  const record = useQuery({
    queryKey: ['activity', cluster, id],
    queryFn: ({ signal }) => getJson<FollowedActivity>(`/api/clusters/${encodeURIComponent(cluster)}/activity/${encodeURIComponent(id)}`, signal),
    retry: 1,
    refetchInterval: (q) => (q.state.data && !q.state.data.timeline.finishedAt ? FOLLOW_MS : false),
  });
  const { data, live, stale } = useTopology(cluster);
  const progress = useMemo(() => (data && record.data ? activityProgress(data, record.data, prices) : undefined), [data, record.data, prices]);
  const { points, pools, stuckSince } = useActivityChart(record.data, progress);
  // With Prometheus, nodes and cost come from its series (every point, not only the record's marks).
  const { history } = useActivityHistory(cluster, record.data);

  if (record.isPending) return <p aria-busy="true">Finding the action in the cluster…</p>;
  if (record.error) return <ActivityMissing cluster={cluster} message={record.error.message} />;
  const activity = record.data!;
  const stuckLong = Boolean(progress?.stuck && stuckSince !== undefined && Date.now() - stuckSince > STUCK_MS);
  const finished = Boolean(activity.timeline.finishedAt) || progress?.settled || stuckLong;

  return (
    <div className="space-y-6" data-testid="activity">
      <ActivityHeader activity={activity} live={live} stale={stale} />
      {progress && <ActivityProgressBar activity={activity} progress={progress} stuckLong={stuckLong} />}
      {data && activity.objects.filter((o) => o.kind === 'NodePool').map((o) => <ActivityPoolStatus key={o.name} cluster={cluster} name={o.name} data={data} />)}
      {progress && <ActivityNodes progress={progress} />}
      {finished && progress && <ActivitySummary activity={activity} progress={progress} prices={prices} />}

      <div className="space-y-1">
        <div className="grid gap-4 lg:grid-cols-3">
          <PoolTimeline testId="chart-pods" title="Pods per pool" points={points.pods} series={pools} />
          <PoolTimeline testId="chart-nodes" title="Nodes per pool" points={history?.nodes ?? points.nodes} series={history?.pools ?? pools} />
          <PoolTimeline testId="chart-cost" title="Cost per hour (estimate)" points={history?.cost ?? points.cost} series={['cost $/h']} unit="$/h" />
        </div>
        <p className="text-xs text-slate-500" data-testid="activity-chart-origin" data-origin={history ? 'prometheus' : 'page'}>
          {history ? 'Nodes and cost from Prometheus, since the action started; pods from the action’s record.' : 'From the action’s record.'}
        </p>
      </div>
      <ActivityChartNotes activity={activity} />

      {progress && <ActivityEvents events={progress.events} />}
    </div>
  );
}

function ActivityChartNotes({ activity }: { activity: FollowedActivity }) {
  return (
    <div className="space-y-1 text-xs text-slate-500" data-testid="chart-notes">
      <p>
        Drawn from the action&apos;s record on the cluster: the cluster when it started, at each change a server saw while this page was open somewhere, and when it
        settled{activity.timeline.finishedAt ? '' : ' (the last point is the cluster now)'}. What happened between two points is in the Events below.
      </p>
      {activity.timeline.notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}

function ActivityMissing({ cluster, message }: { cluster: string; message: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">This activity cannot be shown</p>
      <p className="mt-1">{message}</p>
      <Link className="mt-3 inline-block underline" href={`/clusters/${encodeURIComponent(cluster)}/lanes`}>
        Back to the lanes
      </Link>
    </div>
  );
}
