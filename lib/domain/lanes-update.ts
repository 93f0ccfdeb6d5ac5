// A batch of pod changes laid out at the cost of what it changed. At 150,000 pods, laying out the
// lanes again on every batch (grouping every pod by its node, comparing every node's pods with
// last time's, summing every lane) cost 20–25 ms of CPU per batch, more than a frame; the batches
// of a live cluster change a few dozen pods. So when the nodes are the very same array as last
// time and only some pods changed, only the nodes those pods left or joined are laid out again,
// only their lanes are made anew, and everything else keeps its object. The result equals a
// fresh `buildLanes` of the same snapshot (lanes-update.test.ts checks that over random batches).
import { identityDiff } from './identity-diff';
import { buildLanes, groupingIdentity, nodeEntryOf, podOrder, totalsOf, totalsOfLanes, type BuildLanesOptions, type Lane, type LaneCache, type LaneLayout } from './lanes';
import type { PodInfo, TopologySnapshot } from './model';

/** Past this share of the pods changed, a fresh layout (with its per-node cache) is as cheap. */
const MOST_CHANGED = 0.05;

/**
 * The lanes of `snapshot`: updated from the cache's last layout when only pods changed since, else
 * laid out by `buildLanes` (which keeps the nodes and lanes that stayed the same). Needs a cache.
 */
export function layOutLanes(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, options: BuildLanesOptions & { cache: LaneCache }): LaneLayout {
  return updateLanes(snapshot, options) ?? buildLanes(snapshot, options);
}

const UNSCHEDULED = Symbol('unscheduled');
const ORPHANED = Symbol('orphaned');

/** Pods in `podOrder` with some taken out and others put in their places (a few comparisons each, not a sort). */
function inOrder(sorted: readonly PodInfo[], { left, joined }: { left: Set<PodInfo>; joined: PodInfo[] }): PodInfo[] {
  const out = left.size ? sorted.filter((p) => !left.has(p)) : [...sorted];
  for (const pod of joined) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (podOrder(out[mid], pod) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, pod);
  }
  return out;
}

function updateLanes(snapshot: Pick<TopologySnapshot, 'nodes' | 'pods'>, options: BuildLanesOptions & { cache: LaneCache }): LaneLayout | undefined {
  const { cache } = options;
  const { input, layout, placeOf } = cache;
  if (!input || !layout || !placeOf) return undefined;
  if (input.nodes !== snapshot.nodes || cache.priceOf !== options.priceOf || cache.grouping !== groupingIdentity(options.groupBy)) return undefined;
  if (input.pods === snapshot.pods) return layout;
  const diff = identityDiff(input.pods, snapshot.pods, Math.max(64, Math.floor(MOST_CHANGED * snapshot.pods.length)));
  if (!diff) return undefined;

  // Per list a pod left or joined: the pods that left it and those that joined it.
  const touched = new Map<string | symbol, { left: Set<PodInfo>; joined: PodInfo[] }>();
  const homeOf = (pod: PodInfo): string | symbol => (!pod.nodeName ? UNSCHEDULED : cache.nodes.has(pod.nodeName) ? pod.nodeName : ORPHANED);
  const changesOf = (home: string | symbol) => {
    let changes = touched.get(home);
    if (!changes) touched.set(home, (changes = { left: new Set(), joined: [] }));
    return changes;
  };
  for (const pod of diff.removed) changesOf(homeOf(pod)).left.add(pod);
  for (const pod of diff.added) changesOf(homeOf(pod)).joined.push(pod);
  const after = (pods: readonly PodInfo[], { left, joined }: { left: Set<PodInfo>; joined: PodInfo[] }) => pods.filter((p) => !left.has(p)).concat(joined);

  const lanesTouched = new Map<string, Lane['nodes']>();
  for (const [home, changes] of touched) {
    if (typeof home !== 'string') continue;
    const kept = cache.nodes.get(home)!;
    // The node and its price are the same: its pods in order with the batch's taken out and put in.
    const entry = nodeEntryOf(kept.node, inOrder(kept.entry.pods, changes), kept.entry.hourlyCost);
    cache.nodes.set(home, { node: kept.node, input: entry.pods, entry });
    const place = placeOf.get(home)!;
    let nodes = lanesTouched.get(place.lane);
    if (!nodes) lanesTouched.set(place.lane, (nodes = [...cache.lanes.get(place.lane)!.nodes]));
    nodes[place.at] = entry;
  }
  // The nodes themselves are the same objects: what the lane says of them (types, zones, class) stays.
  for (const [id, nodes] of lanesTouched) cache.lanes.set(id, { ...cache.lanes.get(id)!, nodes, totals: totalsOf(nodes) });
  const lanes = lanesTouched.size ? layout.lanes.map((lane) => cache.lanes.get(lane.id)!) : layout.lanes;
  const apart = (list: readonly PodInfo[], home: symbol) => {
    const changes = touched.get(home);
    return changes ? after(list, changes).sort(podOrder) : list;
  };
  const next: LaneLayout = {
    lanes,
    unscheduled: apart(layout.unscheduled, UNSCHEDULED) as PodInfo[],
    orphaned: apart(layout.orphaned, ORPHANED) as PodInfo[],
    totals: lanesTouched.size ? totalsOfLanes(lanes) : layout.totals,
  };
  cache.input = { nodes: snapshot.nodes, pods: snapshot.pods };
  cache.layout = next;
  return next;
}
