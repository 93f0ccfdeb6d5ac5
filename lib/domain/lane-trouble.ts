// The trouble spots and counts of a whole layout, at the cost of the nodes that changed. Counting
// every pod's trouble again on each batch of deltas cost 15–20 ms at 150,000 pods; a batch leaves
// most lanes and laid-out nodes the very same objects (lanes-update.ts), so each one's share is
// kept with it, for as long as the clock cannot change it (a terminating pod turns "stuck" a
// minute after its deadline).
import { countTrouble, nodeTroubleSpots, STUCK_TERMINATING_MS, troubleSpots, type TroubleCounts, type TroubleSpot } from './trouble';
import type { NodeInfo, PodInfo } from './model';

interface NodeLike {
  node: NodeInfo;
  pods: readonly PodInfo[];
}

interface Share {
  spots: TroubleSpot[];
  counts: TroubleCounts;
  /** The last moment these still hold: the earliest a pod here turns stuck. */
  until: number;
}

const shares = new WeakMap<object, Share>();

/** The earliest moment from `now` on at which one of these pods' trouble changes with time alone. */
function changesAfter(pods: readonly PodInfo[], now: number): number {
  let until = Infinity;
  for (const pod of pods) {
    if (!pod.terminating || !pod.deleteBy) continue;
    const stuckAfter = Date.parse(pod.deleteBy) + STUCK_TERMINATING_MS;
    if (stuckAfter >= now && stuckAfter < until) until = stuckAfter;
  }
  return until;
}

function addShare(into: Share, share: Share) {
  for (const spot of share.spots) into.spots.push(spot);
  for (const [kind, n] of Object.entries(share.counts) as [keyof TroubleCounts, number][]) into.counts[kind] = (into.counts[kind] ?? 0) + n;
  if (share.until < into.until) into.until = share.until;
}

function kept(key: object, now: number, compute: () => Share): Share {
  const share = shares.get(key);
  if (share && now <= share.until) return share;
  const fresh = compute();
  shares.set(key, fresh);
  return fresh;
}

const NO_SPOTS: TroubleSpot[] = [];
const NO_COUNTS: TroubleCounts = {};

/** One laid-out node's share: its own trouble and its pods' (most nodes have none: nothing to count then). */
const nodeShare = (entry: NodeLike, now: number) =>
  kept(entry, now, () => {
    const spots = nodeTroubleSpots(entry.node, entry.pods, now, []);
    const until = changesAfter(entry.pods, now);
    return spots.length ? { spots, counts: countTrouble([entry], [], now), until } : { spots: NO_SPOTS, counts: NO_COUNTS, until };
  });

/** A lane's share, from its nodes' (most of them kept from the last batch). */
const laneShare = (lane: { nodes: readonly NodeLike[] }, now: number) =>
  kept(lane, now, () => {
    const share: Share = { spots: [], counts: {}, until: Infinity };
    for (const entry of lane.nodes) addShare(share, nodeShare(entry, now));
    return share;
  });

/**
 * `troubleSpots(lanes, unbound, now)` and `countTrouble(every node of the lanes, unbound, now)`,
 * from the shares kept with each lane and laid-out node object (and the unbound list's with that array).
 */
export function laneTrouble(lanes: readonly { nodes: readonly NodeLike[] }[], unbound: readonly PodInfo[] = [], now: number = Date.now()): LaneTrouble {
  const all: Share = { spots: [], counts: {}, until: Infinity };
  const perLane = lanes.map((lane) => {
    const share = laneShare(lane, now);
    addShare(all, share);
    return share.spots;
  });
  addShare(all, kept(unbound, now, () => ({ spots: troubleSpots([], unbound, now), counts: countTrouble([], unbound, now), until: changesAfter(unbound, now) })));
  return { spots: all.spots, counts: all.counts, perLane };
}

export interface LaneTrouble {
  spots: TroubleSpot[];
  counts: TroubleCounts;
  /** Each lane's spots, in the lanes' order. */
  perLane: TroubleSpot[][];
}
