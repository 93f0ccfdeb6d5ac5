import type { EventInfo } from '@/lib/domain/model';
import { Badge } from '@/components/ui/badge';

/** The launch, disruption and eviction Events, newest first. */
export function DisruptionTimeline({ events }: { events: EventInfo[] }) {
  const newest = [...events].reverse().slice(0, 100);
  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Disruption timeline
      </h2>
      <p className="text-xs text-slate-500">Newest first, in the cluster&apos;s time (UTC), as its Events record it.</p>
      {newest.length === 0 ? (
        <p className="text-sm text-slate-500">No launches, disruptions or evictions yet.</p>
      ) : (
        <ol className="max-h-80 space-y-1 overflow-y-auto rounded-lg border border-slate-200 p-2 text-sm dark:border-slate-700" data-testid="disruption-timeline">
          {newest.map((e) => (
            <li key={`${e.namespace}/${e.name}`} className="flex gap-2" data-reason={e.reason}>
              <time className="shrink-0 font-mono text-xs text-slate-500" dateTime={e.lastTimestamp}>
                {e.lastTimestamp.slice(11, 19)}
              </time>
              <Badge tone={e.type === 'Warning' ? 'amber' : 'neutral'}>{e.reason}</Badge>
              <span className="font-mono text-xs">
                {e.involved.kind.toLowerCase()}/{e.involved.name}
              </span>
              <span className="text-slate-700 dark:text-slate-300">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
