// A simulated clock whose timers fire only when a test advances it: deterministic controller
// tests with no sleeping.
export class ManualClock {
  private t: number;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(start = '2026-11-25T00:00:00Z') {
    this.t = Date.parse(start);
  }

  now = () => new Date(this.t);

  setTimeout = (fn: () => void, ms: number) => {
    this.timers.push({ at: this.t + Math.max(0, ms), seq: ++this.seq, fn });
    return this.seq;
  };

  /** Runs every timer due within `ms`, in order, including timers they schedule. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}
