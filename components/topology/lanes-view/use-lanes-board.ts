// Everything the lanes board derives from the snapshot and the URL's view state, as hooks: called
// on every render of the page, whichever branch it draws, so their caches (the lane layout's
// above all) live as long as the page does.
import { useCallback, useMemo, useRef } from 'react';
import { createLaneCache, nodeSelectorWarnings, type LaneLayout } from '@/lib/domain/lanes';
import { layOutLanes } from '@/lib/domain/lanes-update';
import { nodeHourly, type PriceTable } from '@/lib/domain/pricing';
import type { NodeClaimInfo, NodeInfo, PodInfo, TopologySnapshot } from '@/lib/domain/model';
import { filterTopology, ghostClaimsByLane, groupingOf, pendingReasons, withGhostLanes, type FilterResult, type Grouping, type LaneViewState, type Panel } from '@/lib/domain/lane-view';
import { useUsage, type UsageAnswer } from '@/lib/client/use-usage';
import type { TileHandlers } from '../node-tile';
import { useFinder, useNamespaces } from './use-finder';

/** Above this many nodes, `auto` density draws nodes as cells: tiles with every pod do not scale. */
const DENSE_FROM_NODES = 150;

export type UpdateView = (patch: Partial<LaneViewState>, mode?: 'push' | 'replace') => void;

export interface LanesLayout extends LaneLayout {
  /** NodeClaims on their way, by the id of the lane their node will join. */
  ghosts: Map<string, NodeClaimInfo[]>;
  filtered: FilterResult;
}

export function useLanesBoard(cluster: string, data: TopologySnapshot | undefined, view: LaneViewState, update: UpdateView, prices: PriceTable) {
  const { grouping, layout } = useLaneLayout(data, view, prices);
  const lists = useSnapshotLists(data);
  // By the nodes the filters leave: a filter down to a few nodes shows them as tiles.
  const dense = view.density === 'dense' || (view.density === 'auto' && (layout?.filtered.nodes.length ?? 0) > DENSE_FROM_NODES);
  // Pod usage only for pods on screen: every pod's when chips are drawn, else the open pod's namespace.
  // Not before the topology is in: until then `dense` cannot be known, and asking every pod's
  // usage of a 30,000-pod cluster on each page load held up the server while the page loaded.
  const podScope = !data ? undefined : !dense ? 'all' : view.panel?.kind === 'pod' ? view.panel.namespace : undefined;
  const usageQuery = useUsage(cluster, podScope);
  const usage = usageQuery.data?.available ? usageQuery.data.nodes : undefined;
  const podUsage = usageQuery.data?.pods;
  const panels = useTileHandlers(view, update, usage, podUsage);
  return { grouping, layout, ...lists, dense, usageAnswer: usageQuery.data, usage, podUsage, ...panels };
}

export type LanesBoardData = ReturnType<typeof useLanesBoard>;

/** The filtered snapshot laid out in lanes under the chosen grouping, NodeClaims on their way included. */
function useLaneLayout(data: TopologySnapshot | undefined, view: LaneViewState, prices: PriceTable): { grouping: Grouping; layout?: LanesLayout } {
  // One object per grouping: the lane cache tells groupings apart by their `nameOf`.
  const grouping = useMemo(() => groupingOf(view.group), [view.group]);
  const filtered = useMemo(() => (data ? filterTopology(data, view) : undefined), [data, view]);
  // Kept across batches of deltas: only the nodes whose pods changed are laid out again, and lanes
  // that did not change keep their identity, so their rows are not drawn again (LaneRow is memo).
  const laneCache = useRef(createLaneCache());
  const priceOf = useCallback((node: NodeInfo) => nodeHourly(node, prices), [prices]);
  const layout = useMemo(() => {
    if (!data || !filtered) return undefined;
    const groupBy = grouping.nameOf ? { key: grouping.key, nameOf: grouping.nameOf } : 'pool';
    const built = layOutLanes({ nodes: filtered.nodes, pods: filtered.pods }, { priceOf, groupBy, cache: laneCache.current });
    // NodeClaims on their way show in the lane their node will join, even one with no node yet.
    const ghosts: Map<string, NodeClaimInfo[]> = filtered.podFilter || view.node ? new Map() : ghostClaimsByLane(data.nodeClaims ?? [], data.nodes, grouping);
    return { ...built, lanes: withGhostLanes(built.lanes, ghosts.keys()), ghosts, filtered };
  }, [data, filtered, grouping, view.node, priceOf]);
  return { grouping, layout };
}

/** The pending reasons, selector mistakes and toolbar suggestions the snapshot holds. */
function useSnapshotLists(data: TopologySnapshot | undefined) {
  const pending = useMemo(() => pendingReasons(data?.events ?? []), [data?.events]);
  const warnings = useMemo(
    () => (data?.deployments ?? []).flatMap((d) => nodeSelectorWarnings(d.nodeSelector).map((w) => ({ deployment: `${d.namespace}/${d.name}`, ...w }))),
    [data?.deployments],
  );
  const namespaces = useNamespaces(data);
  const { find, labelKeys } = useFinder(data);
  const nodePools = useMemo(() => new Map((data?.nodePools ?? []).map((p) => [p.name, p])), [data?.nodePools]);
  return { pending, warnings, namespaces, find, labelKeys, nodePools };
}

/** What a click on a tile or pod chip opens, and what the tiles draw beside their pods. */
function useTileHandlers(view: LaneViewState, update: UpdateView, usage: TileHandlers['usage'], podUsage: UsageAnswer['pods']) {
  const openPanel = useCallback((panel: Panel) => update({ panel }), [update]);
  const closePanel = useCallback(() => update({ panel: undefined }), [update]);
  const handlers: TileHandlers = useMemo(
    () => ({
      onOpenNode: (name) => openPanel({ kind: 'node', name }),
      onOpenPod: (pod: PodInfo) => openPanel({ kind: 'pod', namespace: pod.namespace, name: pod.name }),
      highlight: view.highlight,
      selectedNode: view.panel?.kind === 'node' ? view.panel.name : undefined,
      usage,
      podUsage: podUsage?.available ? podUsage.usage : undefined,
    }),
    [openPanel, view.highlight, view.panel, usage, podUsage],
  );
  return { handlers, openPanel, closePanel };
}
