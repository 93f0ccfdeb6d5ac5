// How many marked things (troubled nodes and pods, a highlighted workload's pods) lie in lanes
// scrolled out of view, and the nearest such lane each way: what the "above / below" counts under
// the lanes say and jump to.

export interface Offscreen {
  above: number;
  below: number;
  /** The nearest lane above the window holding any (index), when there is one. */
  nearestAbove?: number;
  nearestBelow?: number;
}

/** Counts per lane (by lane index) outside lanes `first`…`last` (the ones in the window). */
export function offscreenOf(perLane: readonly number[], first: number, last: number): Offscreen {
  const out: Offscreen = { above: 0, below: 0 };
  for (let i = 0; i < perLane.length; i++) {
    const n = perLane[i];
    if (!n) continue;
    if (i < first) {
      out.above += n;
      out.nearestAbove = i;
    } else if (i > last) {
      out.below += n;
      if (out.nearestBelow === undefined) out.nearestBelow = i;
    }
  }
  return out;
}
