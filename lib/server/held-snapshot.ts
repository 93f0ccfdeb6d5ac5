// A snapshot of one cluster's topology held for a while, with the deltas that came after it. A
// topology stream opens with the whole model, and encoding it is the largest piece of work a page
// load asks of the server (30,000 pods: a few hundred ms of serializing and gzipping on a busy
// machine; 150,000: seconds). A stream that opens on the held snapshot instead of a fresh one can
// send an encoding already made (snapshot-payload.ts keeps it with the snapshot object) and then
// the deltas since, in order, before the live ones: the page ends up exactly where a fresh snapshot
// would have put it. Every delta carries its resourceVersion, never older than the snapshot's, so
// the page's rule (drop what is older than the base) keeps all of them.
//
// The held snapshot is replaced by a fresh one when a stream opens and it has grown too old or
// gathered too many deltas to be worth replaying (a busy cluster then behaves as if nothing were
// held). That replacement happened on the page load's path: at 30,000 pods it held the server's
// event loop for a few hundred ms, and the page's own scripts queued behind it (a page load
// measured at 1.65 s instead of 0.98 s). So with `renew` the held snapshot is also renewed ahead,
// in the background, once it has some deltas and is a while old, and its encoding made then; the
// renewals are spaced by at least 50 times what the last one cost, so a very large cluster that
// changes all the time spends at most ~2% of the server's time on them.
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';

export interface HeldSnapshotOptions {
  /** A fresh snapshot once the held one has this many deltas after it. */
  maxDeltas: number;
  /** …or is this old (ms) and has any. */
  maxAgeMs: number;
  now: () => number;
}

export const HELD_SNAPSHOT_DEFAULTS: HeldSnapshotOptions = { maxDeltas: 2_000, maxAgeMs: 60_000, now: () => Date.now() };

export interface RenewOptions {
  /** Renew once the held snapshot is this old (ms) and has any deltas… */
  afterMs: number;
  /** …or has this many deltas (then after `coalesceMs`, so a burst of changes costs one renewal). */
  afterDeltas: number;
  coalesceMs: number;
  /** Called with each renewed snapshot (the hub makes its encoding there, off the page's path). */
  onRenewed: (snapshot: TopologySnapshot) => void;
  setTimer: (fn: () => void, ms: number) => () => void;
}

export const RENEW_DEFAULTS: Omit<RenewOptions, 'onRenewed'> = {
  afterMs: 20_000,
  afterDeltas: 500,
  coalesceMs: 1_000,
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Renewals cost at most this share of the time between them. */
const RENEW_COST_SHARE = 1 / 50;

export interface Held {
  snapshot: TopologySnapshot;
  /** The deltas after `snapshot`, oldest first, each with the resourceVersion it comes from. */
  since: Array<[TopologyEvent, string]>;
}

export class HeldSnapshot {
  private held: (Held & { at: number }) | undefined;
  private renewal: { at: number; cancel: () => void } | undefined;
  private lastRenewal = { at: -Infinity, costMs: 0 };

  constructor(
    private readonly take: () => TopologySnapshot,
    private readonly options: HeldSnapshotOptions = HELD_SNAPSHOT_DEFAULTS,
    private readonly renew?: RenewOptions,
  ) {}

  /** Every delta of the cluster, as it happens (subscribed to the same source as the streams). */
  record(event: TopologyEvent, resourceVersion: string): void {
    if (!this.held) return;
    if (this.held.since.length >= this.options.maxDeltas) {
      // Too many to replay: the next stream gets a fresh snapshot; stop gathering meanwhile.
      this.held = undefined;
      return;
    }
    this.held.since.push([event, resourceVersion]);
    this.scheduleRenewal();
  }

  /** When the held snapshot should be renewed in the background, given its age and deltas. */
  private scheduleRenewal(): void {
    if (!this.renew || !this.held) return;
    const now = this.options.now();
    const { afterMs, afterDeltas, coalesceMs } = this.renew;
    const due = this.held.since.length >= afterDeltas ? now + coalesceMs : Math.max(now, this.held.at + afterMs);
    const spaced = Math.max(due, this.lastRenewal.at + this.lastRenewal.costMs / RENEW_COST_SHARE);
    if (this.renewal && this.renewal.at <= spaced) return;
    this.renewal?.cancel();
    const cancel = this.renew.setTimer(() => this.renewNow(), spaced - now);
    this.renewal = { at: spaced, cancel };
  }

  private renewNow(): void {
    this.renewal = undefined;
    if (!this.renew || !this.held || this.held.since.length === 0) return;
    const started = performance.now();
    this.held = { snapshot: this.take(), since: [], at: this.options.now() };
    this.renew.onRenewed(this.held.snapshot);
    this.lastRenewal = { at: this.options.now(), costMs: performance.now() - started };
  }

  /**
   * The snapshot a stream should open with and the deltas after it. Call it in the same tick as
   * the stream subscribes to the live deltas, so that none falls between the two.
   */
  current(): Held {
    const now = this.options.now();
    // An old snapshot with nothing after it is still the current state: kept, with its encoding.
    const stale = this.held && now - this.held.at > this.options.maxAgeMs && this.held.since.length > 0;
    if (!this.held || stale) {
      this.renewal?.cancel();
      this.renewal = undefined;
      this.held = { snapshot: this.take(), since: [], at: now };
    }
    return { snapshot: this.held.snapshot, since: [...this.held.since] };
  }

  /** Forget it (the informers stopped). */
  clear(): void {
    this.held = undefined;
    this.renewal?.cancel();
    this.renewal = undefined;
  }
}
