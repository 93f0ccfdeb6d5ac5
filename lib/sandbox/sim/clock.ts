// Simulated time. The sandbox's controllers wait in simulated seconds; SANDBOX_TIME_SCALE makes
// them pass faster than wall time (10 = ten times faster). Timestamps move at the same pace, so
// kubectl's AGE column and consolidateAfter agree with each other.
/** What controllers need of time: the simulated now, and timers in simulated milliseconds. */
export interface SimTimer {
  now(): Date;
  setTimeout(fn: () => void, simMs: number): unknown;
}

export class SimClock implements SimTimer {
  private readonly startWall = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly scale = 1,
    private readonly startSim = Date.now(),
  ) {
    if (!(scale > 0)) throw new Error(`time scale must be positive, got ${scale}`);
  }

  now = (): Date => new Date(this.startSim + (Date.now() - this.startWall) * this.scale);

  setTimeout = (fn: () => void, simMs: number): NodeJS.Timeout => {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, simMs / this.scale));
    this.timers.add(t);
    return t;
  };

  clear(t: NodeJS.Timeout) {
    clearTimeout(t);
    this.timers.delete(t);
  }

  /** Cancels every pending timer (on shutdown). */
  stopAll() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
