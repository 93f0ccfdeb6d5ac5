// The live view's title line: what was done, to which label, by whom, when, to what, and whether
// the page is following the cluster live.
import type { Activity } from '@/lib/domain/activity';
import { Badge } from '@/components/ui/badge';
import { LiveIndicator } from '@/components/topology/live-indicator';
import type { LiveState } from '@/lib/client/use-topology';

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

export function ActivityHeader({ activity, live, stale }: { activity: Activity; live: LiveState; stale: boolean }) {
  return (
    <header className="flex flex-wrap items-center gap-3">
      <h1 className="text-2xl font-semibold">{ACTIONS[activity.action] ?? activity.action}</h1>
      {activity.target && (
        <Badge tone="violet">
          {activity.target.key}={activity.target.value}
        </Badge>
      )}
      <span className="text-sm text-slate-600 dark:text-slate-300">
        by {activity.by} at {new Date(Date.parse(activity.at)).toLocaleTimeString()} · {activity.objects.map((o) => (o.namespace ? `${o.namespace}/${o.name}` : o.name)).join(', ')}
      </span>
      <span className="ml-auto">
        <LiveIndicator live={live} stale={stale} />
      </span>
    </header>
  );
}
