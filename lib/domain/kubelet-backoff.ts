// The kubelet's back-off between restarts of a crashing container and between pulls of an image
// that failed: 10 s, doubled each time up to 5 minutes, forgotten once 10 minutes (twice the
// maximum) pass between two failures. Mirrors client-go's flowcontrol.Backoff as the kubelet
// uses it: the first failure is retried at once, the next ones wait.

export const BACKOFF_INITIAL_SECONDS = 10;
export const BACKOFF_MAX_SECONDS = 300;

export interface BackoffEntry {
  /** The current delay. */
  seconds: number;
  /** When the delay was last raised (ms since epoch). */
  lastUpdate: number;
}

const expired = (entry: BackoffEntry, eventMs: number) => eventMs - entry.lastUpdate > 2 * BACKOFF_MAX_SECONDS * 1000;

/** Is a retry after a failure at `eventMs` still to wait at `nowMs`? */
export function inBackoff(entry: BackoffEntry | undefined, eventMs: number, nowMs: number): boolean {
  if (!entry || expired(entry, eventMs)) return false;
  return nowMs - eventMs < entry.seconds * 1000;
}

/** Is the delay set at the last update still running at `nowMs` (the image puller's check)? */
export function inBackoffSinceUpdate(entry: BackoffEntry | undefined, nowMs: number): boolean {
  if (!entry || expired(entry, nowMs)) return false;
  return nowMs - entry.lastUpdate < entry.seconds * 1000;
}

/** The entry after a retry at `nowMs` of a failure at `eventMs`: doubled, or back to the start once forgotten. */
export function nextBackoff(entry: BackoffEntry | undefined, eventMs: number, nowMs: number): BackoffEntry {
  if (!entry || expired(entry, eventMs)) return { seconds: BACKOFF_INITIAL_SECONDS, lastUpdate: nowMs };
  return { seconds: Math.min(BACKOFF_MAX_SECONDS, entry.seconds * 2), lastUpdate: nowMs };
}

/** A delay as Go prints a time.Duration: `10s`, `1m20s`, `5m0s`. */
export function goSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
