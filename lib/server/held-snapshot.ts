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
// held); nothing is re-encoded while nobody opens a stream.
import type { TopologyEvent, TopologySnapshot } from '@/lib/domain/model';

export interface HeldSnapshotOptions {
  /** A fresh snapshot once the held one has this many deltas after it. */
  maxDeltas: number;
  /** …or is this old (ms) and has any. */
  maxAgeMs: number;
  now: () => number;
}

export const HELD_SNAPSHOT_DEFAULTS: HeldSnapshotOptions = { maxDeltas: 2_000, maxAgeMs: 60_000, now: () => Date.now() };

export interface Held {
  snapshot: TopologySnapshot;
  /** The deltas after `snapshot`, oldest first, each with the resourceVersion it comes from. */
  since: Array<[TopologyEvent, string]>;
}

export class HeldSnapshot {
  private held: (Held & { at: number }) | undefined;

  constructor(
    private readonly take: () => TopologySnapshot,
    private readonly options: HeldSnapshotOptions = HELD_SNAPSHOT_DEFAULTS,
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
  }

  /**
   * The snapshot a stream should open with and the deltas after it. Call it in the same tick as
   * the stream subscribes to the live deltas, so that none falls between the two.
   */
  current(): Held {
    const now = this.options.now();
    // An old snapshot with nothing after it is still the current state: kept, with its encoding.
    const stale = this.held && now - this.held.at > this.options.maxAgeMs && this.held.since.length > 0;
    if (!this.held || stale) this.held = { snapshot: this.take(), since: [], at: now };
    return { snapshot: this.held.snapshot, since: [...this.held.since] };
  }

  /** Forget it (the informers stopped). */
  clear(): void {
    this.held = undefined;
  }
}
