// What an informer says while its API server is unreachable. It retries for as long as it runs
// (backoff capped at 30 s), and it used to log every retry: a cluster that went away filled the log
// with a line per informer every few seconds until its informers stopped for idleness (ten
// minutes). Now a streak of failures is logged when it starts, then once a minute while it lasts
// (how many attempts, the latest error), and once when the informer is through again.
const secondsBetween = (from: number, to: number) => Math.round((to - from) / 1000);

export class FailureStreak {
  private startedAt: number | undefined;
  private failures = 0;
  private loggedAt = 0;

  constructor(private readonly everyMs = 60_000) {}

  /** A failed attempt: the line to log, if this one is to be logged. */
  failed(reason: string, now: number): string | undefined {
    this.failures++;
    if (this.startedAt === undefined) {
      this.startedAt = this.loggedAt = now;
      return `error: ${reason}; retrying`;
    }
    if (now - this.loggedAt < this.everyMs) return undefined;
    this.loggedAt = now;
    return `still failing: ${this.failures} attempts in ${secondsBetween(this.startedAt, now)} s, the latest: ${reason}; retrying`;
  }

  /** Through again (listed, or watching): the line to log when that ends a streak. */
  succeeded(now: number): string | undefined {
    if (this.startedAt === undefined) return undefined;
    const line = `recovered after ${this.failures} failed ${this.failures === 1 ? 'attempt' : 'attempts'} in ${secondsBetween(this.startedAt, now)} s`;
    this.startedAt = undefined;
    this.failures = 0;
    return line;
  }
}
