// Which deltas may be applied to which snapshot, on the browser's side of the topology stream.
// Every (re)connection starts with a snapshot, and the deltas after it are relative to that
// snapshot alone: after a reconnect that reached another server process (replicas behind a load
// balancer), the new snapshot may be older or newer than what the page holds, and the deltas that
// follow continue the new one. So a snapshot replaces the base and drops every delta still
// queued, a compressed snapshot that finishes unpacking after a newer one arrived is thrown away,
// and while the newest snapshot is unpacking no delta is applied to the base it will replace.
import type { TopologyDelta } from './deltas';

export class StreamBase {
  private epoch = 0;
  private unpacking = false;
  private queue: TopologyDelta[] = [];

  /** A snapshot event arrived: everything queued belonged to the base it replaces. Returns its ticket. */
  snapshotArrived(): number {
    this.queue = [];
    this.unpacking = true;
    return ++this.epoch;
  }

  /** The snapshot with this ticket is ready: true if it is still the newest, and so the new base. */
  snapshotReady(ticket: number): boolean {
    if (ticket !== this.epoch) return false;
    this.unpacking = false;
    return true;
  }

  delta(delta: TopologyDelta): void {
    this.queue.push(delta);
  }

  /** The deltas to apply to the current base now (none while the next base is still unpacking). */
  take(): TopologyDelta[] {
    if (this.unpacking) return [];
    const out = this.queue;
    this.queue = [];
    return out;
  }

  get queued(): number {
    return this.queue.length;
  }
}
