// Deltas as the topology stream sends them: a TopologyEvent plus the resourceVersion it comes
// from. The browser drops what is older than the snapshot it holds (a delta from a stream that has
// since been replaced) and moves the snapshot's resourceVersion on with the newest it applied.
import type { TopologyEvent } from './model';

export type TopologyDelta = TopologyEvent & { rv?: string };

/** Compares resourceVersions when both are integers (etcd's are); undefined when they cannot be ordered. */
export function compareVersions(a: string, b: string): number | undefined {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The deltas newer than `held` (unorderable ones are kept) and the newest resourceVersion among held and them. */
export function freshDeltas(held: string, deltas: readonly TopologyDelta[]): { events: TopologyEvent[]; resourceVersion: string } {
  const events: TopologyEvent[] = [];
  let newest = held;
  for (const delta of deltas) {
    const { rv, ...event } = delta;
    if (rv && held && (compareVersions(rv, held) ?? 0) < 0) continue;
    events.push(event as TopologyEvent);
    if (rv && (!newest || (compareVersions(rv, newest) ?? 1) > 0)) newest = rv;
  }
  return { events, resourceVersion: newest };
}
