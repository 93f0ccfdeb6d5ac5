'use client';
// What the page says about the freshness of its data: the stale banner (how old the data is, which
// kinds cannot watch and why, that actions wait) and, once fresh again, a notice that kinds were
// listed whole again and why — and, if that found objects the page had still been showing after
// they were gone, how many.
import { useEffect, useState } from 'react';
import type { SyncNote } from '@/lib/domain/model';
import { listInWords, recentRelists, staleReasons } from '@/lib/domain/sync-notes';
import type { LiveState } from '@/lib/client/use-topology';

/** How long a "caught up" notice stays after the relist it tells of. */
const NOTICE_MS = 2 * 60_000;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** The stream or the API server is down: how old the data is, ticking, why, and that actions wait. */
export function StaleBanner({ freshAt, live, notes }: { freshAt?: number; live: LiveState; notes?: SyncNote[] }) {
  const now = useNow(1000);
  const age = freshAt === undefined ? undefined : Math.max(0, Math.round((now - freshAt) / 1000));
  const reasons = staleReasons(notes);
  return (
    <div role="alert" data-testid="stale-banner" className="rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <strong>Data from {age === undefined ? 'a while' : `${age} s`} ago, {live === 'reconnecting' ? 'reconnecting' : 'the API server is not answering'}.</strong> Actions are
      disabled until it is fresh again.
      {reasons.length > 0 && (
        <ul className="mt-1 list-inside list-disc" data-testid="stale-kinds">
          {reasons.map(({ reason, resources }) => (
            <li key={reason}>
              <span className="font-medium">{listInWords(resources)}</span>: <span className="break-all">{reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** After a relist: which kinds were listed whole again, why, and what it found gone. Dismissable; gone after two minutes. */
export function CaughtUpNotice({ notes }: { notes?: SyncNote[] }) {
  const now = useNow(5000);
  const [dismissed, setDismissed] = useState<string | undefined>();
  const relists = recentRelists(notes, now, NOTICE_MS);
  const newest = relists[0]?.at;
  if (relists.length === 0 || dismissed === newest) return null;
  return (
    <div role="status" data-testid="caught-up" className="flex items-start justify-between gap-3 rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-50">
      <div>
        {relists.map((r) => (
          <p key={r.at + r.why}>
            <strong>
              Caught up at {new Date(r.at).toLocaleTimeString()}:
            </strong>{' '}
            {listInWords(r.resources)} {r.resources.length === 1 ? 'was' : 'were'} listed again, because {r.why}.
            {r.vanished > 0 && (
              <>
                {' '}
                <span data-testid="caught-up-vanished">
                  {r.vanished} {r.vanished === 1 ? 'object had' : 'objects had'} gone without the page hearing of it, and {r.vanished === 1 ? 'was' : 'were'} shown until now.
                </span>
              </>
            )}
          </p>
        ))}
      </div>
      <button type="button" onClick={() => setDismissed(newest)} className="shrink-0 rounded px-2 py-0.5 text-sky-900 hover:bg-sky-100 focus-visible:outline-2 dark:text-sky-100 dark:hover:bg-sky-900" aria-label="Dismiss the caught-up notice">
        Dismiss
      </button>
    </div>
  );
}
