// The cluster's events about the action's objects, newest first.
import type { ActivityProgress } from '@/lib/domain/activity';
import { Badge } from '@/components/ui/badge';

export function ActivityEvents({ events }: { events: ActivityProgress['events'] }) {
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading" className="mb-2 text-sm font-semibold">
        What the cluster did ({events.length} events)
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-500">No events yet.</p>
      ) : (
        <ol className="max-h-96 space-y-1 overflow-auto text-xs" data-testid="activity-events">
          {[...events].reverse().map((e) => (
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
  );
}
