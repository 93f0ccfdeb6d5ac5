'use client';
import { ApiRequestError } from '@/lib/client/query-client';
import { EVENTS_REFRESH_MS, useObjectEvents, type EventsTarget } from '@/lib/client/use-object-events';
import { Events, Section } from './parts';

/** The panel's events section: asked of the cluster for this one object, refreshed while open. */
export function ObjectEvents({ cluster, target }: { cluster: string; target: EventsTarget }) {
  const { data, error, isPending, isFetching } = useObjectEvents(cluster, target);
  const what = target.kind === 'Node' ? 'this node' : 'this pod';
  return (
    <Section title={data ? `Events (${data.events.length}${data.truncated ? '+' : ''})` : 'Events'} testId="object-events">
      {isPending ? (
        <p className="text-slate-500" data-testid="events-loading">
          Loading events…
        </p>
      ) : error && !data ? (
        <p className="text-amber-700 dark:text-amber-300" role="alert" data-testid="events-error">
          {error instanceof ApiRequestError && error.status === 403 ? `You may not list the events about ${what}: ${error.message}` : `Events could not be read: ${error.message}`}
        </p>
      ) : (
        <>
          <Events events={data?.events ?? []} empty={`No events about ${what} (the API server keeps events for an hour by default).`} limit={50} />
          <p className="mt-1 text-xs text-slate-500" data-testid="events-live">
            {error ? `Refresh failed (${error.message}); showing the last answer.` : `Live: asked again every ${EVENTS_REFRESH_MS / 1000} s${isFetching ? ' · refreshing…' : ''}.`}
            {data?.truncated ? ' Only the newest events read are shown.' : ''}
          </p>
        </>
      )}
    </Section>
  );
}
